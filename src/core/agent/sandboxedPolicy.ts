import { PolicyEngine, type PolicyEngineOptions } from '../policy';
import type { SandboxState } from '../sandbox';

/**
 * The policy, told whether commands run sandboxed: without a sandbox it asks about every command it
 * cannot fully read, at every level. (The option is the policy's; this is the one place that sets it.)
 */
export function sandboxedPolicy(options: PolicyEngineOptions, sandbox: SandboxState): Promise<PolicyEngine> {
  const withSandbox: PolicyEngineOptions & { sandbox: SandboxState } = { ...options, sandbox };
  return PolicyEngine.create(withSandbox);
}
