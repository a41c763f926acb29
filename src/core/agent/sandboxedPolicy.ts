import { PolicyEngine, type PolicyEngineOptions } from '../policy';
import type { SandboxState } from '../sandbox';

/**
 * The policy, told whether commands run sandboxed: without a sandbox it asks about every command it
 * cannot fully read, at every level.
 */
export function sandboxedPolicy(options: PolicyEngineOptions, sandbox: SandboxState): Promise<PolicyEngine> {
  return PolicyEngine.create({ ...options, sandbox });
}
