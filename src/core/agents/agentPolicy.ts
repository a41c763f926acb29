import * as path from 'node:path';
import type { AgentMode, PolicyDecision, PolicyRule, ProposedAction } from '../policy';
import type { AgentRules } from './agentRules';
import type { ToolSubject } from './toolSelection';

/** What the run needs of a policy (the PolicyEngine, or another wrapper around it). */
export interface PolicyPort {
  evaluate(action: ProposedAction): PolicyDecision;
  grantForSession(action: ProposedAction): unknown;
  recordWrite?(action: ProposedAction): void;
  startTask?(): void;
}

/**
 * Asks the autonomy level and the mode add, and only those: an agent's allowedTools, allowedPaths and
 * allowedCommands lift these, never the always-asked (secrets, protected folders, pushes, deletes,
 * migrations, unparseable commands…) nor a deny. The policy names the first open ask, always-asked
 * ones first, so a decision with one of these rules has no always-ask behind it.
 */
const LEVEL_RULES: ReadonlySet<PolicyRule> = new Set<PolicyRule>(['autonomy-level', 'large-rewrite', 'destructive', 'mcp-tool', 'mcp-destructive']);

export interface AgentPolicyOptions {
  workspace: string;
  home: string;
  /** The run's mode: outside autonomous, a person chose to review the steps, and no agent file lifts that. */
  mode: AgentMode;
}

/**
 * The policy as one agent sees it. Its own denies come first (deniedPaths, deniedCommands, and with
 * denyByDefault every command allowedCommands does not name); then the policy decides; then an ask
 * that only the autonomy level raised is lifted when the agent's confirmed allow-lists cover it.
 */
export function policyForAgent(base: PolicyPort, rules: AgentRules, options: AgentPolicyOptions): PolicyPort {
  const label = `agent "${rules.agent}" (${rules.file})`;
  const denied = (reason: string): PolicyDecision => ({ decision: 'deny', reason: `${reason}, by ${label}`, rule: 'agent-denied', sandboxed: false });

  const ownDeny = (action: ProposedAction): PolicyDecision | null => {
    if (action.kind === 'read' || action.kind === 'write') {
      const list = action.kind === 'read' ? rules.read.denied : rules.write.denied;
      const hit = list.matches(action.path);
      if (hit) return denied(`${action.kind === 'read' ? 'reading' : 'writing'} ${action.path} is denied (toolsSettings.${action.kind}.deniedPaths "${hit}")`);
    }
    if (action.kind === 'subagent' && action.agent !== null && !rules.mayDelegateTo(action.agent)) {
      return denied(`handing work to agent "${action.agent}" is not allowed (it is not in toolsSettings.subagent.availableAgents)`);
    }
    if (action.kind === 'command') {
      const hit = rules.shell.denied.matchesAny(action.command, path.resolve(options.workspace, action.cwd), options.home);
      if (hit) return denied(`${JSON.stringify(action.command)} is denied (toolsSettings.shell.deniedCommands "${hit}")`);
      if (rules.shell.denyByDefault && !rules.shell.named.coversAll(action.command, path.resolve(options.workspace, action.cwd), options.home)) {
        return denied(`${JSON.stringify(action.command)} is denied: only commands in toolsSettings.shell.allowedCommands run (denyByDefault)`);
      }
    }
    return null;
  };

  const lift = (action: ProposedAction, decision: PolicyDecision): PolicyDecision => {
    if (decision.decision !== 'ask' || options.mode !== 'autonomous' || !decision.rule || !LEVEL_RULES.has(decision.rule)) return decision;
    const why = liftReason(action, rules, options);
    return why ? { ...decision, decision: 'allow', reason: `${why} of ${label}`, rule: 'agent-allowed' } : decision;
  };

  return {
    evaluate: (action) => ownDeny(action) ?? lift(action, base.evaluate(action)),
    grantForSession: (action) => (ownDeny(action) ? false : base.grantForSession(action)),
    ...(base.recordWrite ? { recordWrite: (action: ProposedAction) => base.recordWrite!(action) } : {}),
    ...(base.startTask ? { startTask: () => base.startTask!() } : {}),
  };
}

/** Which of the agent's allow-lists covers the action, in words; null when none does. */
function liftReason(action: ProposedAction, rules: AgentRules, options: AgentPolicyOptions): string | null {
  const tool = rules.runsWithoutAsking(subjectFor(action));
  if (tool) return `allowed without asking: "${tool}" is in the allowedTools`;
  if (action.kind === 'subagent' && action.agent !== null && rules.trusts(action.agent)) {
    return `allowed without asking: "${action.agent}" is in toolsSettings.subagent.trustedAgents`;
  }
  if (action.kind === 'write') {
    const hit = rules.write.allowed.matches(action.path);
    if (hit) return `allowed without asking: ${action.path} is in toolsSettings.write.allowedPaths ("${hit}")`;
  }
  if (action.kind === 'command' && rules.shell.allowed.coversAll(action.command, path.resolve(options.workspace, action.cwd), options.home)) {
    return `allowed without asking: every command in it matches toolsSettings.shell.allowedCommands`;
  }
  return null;
}

/** The tool behind an action, as allowedTools names tools. */
function subjectFor(action: ProposedAction): ToolSubject {
  switch (action.kind) {
    case 'read':
      return { name: 'fs_read', mcp: null };
    case 'write':
      return { name: 'fs_write', mcp: null };
    case 'command':
      return { name: 'execute_bash', mcp: null };
    case 'mcp':
      return { name: `@${action.server}/${action.tool}`, mcp: { server: action.server, tool: action.tool } };
    case 'subagent':
      return { name: 'use_subagent', mcp: null };
  }
}
