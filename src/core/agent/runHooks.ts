import type { ActivityEventInput } from '../activity';
import type { ApprovalGate } from '../approvals';
import { startWorkspaceHooks, type CommandPolicy, type LoadedHooks, type RunAgentPrompt, type WorkspaceHooks } from '../hooks';
import type { CommandWrapper } from '../sandbox';

export interface HooksRequest {
  workspace: string;
  /** Watch the workspace for changes (a terminal's `hooks watch`); an editor reports its own saves instead. */
  watch?: boolean;
  /** Quiet time before a hook runs; default `hooks.debounceMs` of the settings. */
  debounceMs?: number;
  /** Where hook runs report, their commands' output and their agents' steps (under `hook:<name>`). */
  emit: (event: ActivityEventInput) => void;
  /** Who answers what hooks' commands ask; default the host's approvals. */
  approvals?: ApprovalGate;
  onLoad?: (loaded: LoadedHooks) => void;
  onWatchError?: (error: Error) => void;
}

/** What running hooks needs from the service: the policy and sandbox for their commands, and the agent for their prompts. */
export interface HookWiring {
  home?: string;
  debounceMs: number;
  commandPolicy: CommandPolicy;
  sandbox: CommandWrapper;
  approvals: ApprovalGate;
  runAgentPrompt: RunAgentPrompt;
}

/**
 * A workspace's hooks, running: commands judged by the agent's own policy (a hook cannot run what
 * the agent may not), questions asked through the host, agent prompts run as the agent's. The caller
 * has decided the workspace is trusted.
 */
export function startHooks(request: HooksRequest, wiring: HookWiring): Promise<WorkspaceHooks> {
  return startWorkspaceHooks({
    workspace: request.workspace,
    trusted: true,
    watch: request.watch ?? false,
    debounceMs: request.debounceMs ?? wiring.debounceMs,
    ...(wiring.home !== undefined ? { home: wiring.home } : {}),
    commandPolicy: wiring.commandPolicy,
    sandbox: wiring.sandbox,
    approvals: request.approvals ?? wiring.approvals,
    runAgentPrompt: wiring.runAgentPrompt,
    emit: request.emit,
    ...(request.onLoad ? { onLoad: request.onLoad } : {}),
    ...(request.onWatchError ? { onWatchError: request.onWatchError } : {}),
  });
}
