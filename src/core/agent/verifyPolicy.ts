import type { PolicyDecision } from '../policy';
import type { ActionPolicy } from './ports';

/** Why MCP tools that may change something are asked: the work is read-only, or works on a copy the server does not see. */
export const MCP_ASKED_BECAUSE = {
  verification: 'a verification only reads',
  taskCopy: 'this task works in its own copy of the workspace, and the server acts on the real one',
} as const;

/**
 * The policy of a verification (it only reads and runs tests) or of a task side by side (its files
 * are a copy; an MCP server works on the real workspace, beyond the merge): an MCP tool the server
 * does not mark read-only (or marks destructive) is asked before each call at every level, even one
 * in `autoApprove` or allowed by full autonomy. "Always allow" for the session still holds, and
 * everything else is the run's own policy.
 */
export function readOnlyMcpPolicy(policy: ActionPolicy, because: string = MCP_ASKED_BECAUSE.verification, granted = new Set<string>()): ActionPolicy {
  // The run's policy may have had nothing to grant (a tool it allowed): these asks are granted here,
  // in `granted`, which the tasks side by side of one run share.
  const key = (action: { server: string; tool: string }) => `${action.server}\u0000${action.tool}`;
  return {
    evaluate(action) {
      const decision = policy.evaluate(action);
      if (action.kind !== 'mcp' || decision.decision !== 'allow' || granted.has(key(action))) return decision;
      if (action.readOnlyHint && !action.destructiveHint) return decision;
      const why = action.destructiveHint ? 'marks it destructive' : 'does not mark it read-only';
      return { ...decision, decision: 'ask', rule: 'mcp-tool', reason: `@${action.server}/${action.tool} needs your approval: ${because}, and the server ${why}` } satisfies PolicyDecision;
    },
    grantForSession(action) {
      if (action.kind === 'mcp') granted.add(key(action));
      policy.grantForSession(action);
    },
    ...(policy.recordWrite ? { recordWrite: (action) => policy.recordWrite!(action) } : {}),
    ...(policy.startTask ? { startTask: () => policy.startTask!() } : {}),
  };
}
