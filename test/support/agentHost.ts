import * as path from 'node:path';
import { createAgentService, fixedApprovalGate, type AgentService, type ApprovalGate, type HostPorts, type McpAccess } from '../../src/core/agent';
import type { CheckpointStore } from '../../src/core/checkpoints';
import { UsageLedger } from '../../src/core/usage';

export interface TestHostOptions {
  /** Who answers the agent's questions; default: approve everything (what only a person may answer is refused). */
  approvals?: ApprovalGate;
  /** ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL (the fake server), SPECWRIGHT_SANDBOX… */
  env: NodeJS.ProcessEnv;
  /** The user's home (~/.kiro); also where run logs go unless `runsDir` says otherwise. */
  home: string;
  runsDir?: string;
  /** The run's checkpoint store; default none. */
  checkpoints?: CheckpointStore;
  /** Whether the workspace's hooks may run (the CLI's --trust). */
  trustHooks?: boolean;
  /** Apply what the workspace's settings ask for beyond the user's without a stored confirmation (the CLI's --trust). */
  trustWorkspaceSettings?: boolean;
  mcp?: McpAccess;
  /** Where model calls outside runs are recorded (the extension: its storage folder); default none. */
  ledgerDir?: string;
  /** The person's standing choices (the extension: its VS Code settings). */
  preferences?: ReturnType<NonNullable<HostPorts['preferences']>>;
}

/** A host made of plain values, the way a test (or a benchmark) runs the agent without a face. */
export function testHostPorts(options: TestHostOptions): HostPorts {
  return {
    approvals: options.approvals ?? fixedApprovalGate('approved'),
    model: { choices: async () => ({}) },
    storage: {
      runsDir: () => options.runsDir ?? path.join(options.home, 'runs'),
      checkpoints: async () => options.checkpoints ?? null,
      ...(options.ledgerDir ? { usageLedger: async () => new UsageLedger(options.ledgerDir!) } : {}),
    },
    ...(options.preferences ? { preferences: () => options.preferences! } : {}),
    trust: { hooksAllowed: () => options.trustHooks === true },
    ...(options.trustWorkspaceSettings ? { settings: { options: () => ({ trustWorkspace: true }) } } : {}),
    notices: { warn: () => undefined },
    ...(options.mcp ? { mcp: options.mcp } : {}),
    home: options.home,
    env: options.env,
  };
}

export function testAgentService(options: TestHostOptions): AgentService {
  return createAgentService(testHostPorts(options));
}
