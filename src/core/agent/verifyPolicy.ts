import type { PolicyDecision } from '../policy';
import type { ActionPolicy } from './ports';

/**
 * The policy of a verification: it only reads and runs tests, so an MCP tool the server does not
 * mark read-only (or marks destructive) is asked before each call at every level, even one in
 * `autoApprove` or allowed by full autonomy. "Always allow" for the session still holds, and
 * everything else is the run's own policy.
 */
export function readOnlyMcpPolicy(policy: ActionPolicy): ActionPolicy {
  // The run's policy may have had nothing to grant (a tool it allowed): the verification's own asks are granted here.
  const granted = new Set<string>();
  const key = (action: { server: string; tool: string }) => `${action.server}\u0000${action.tool}`;
  return {
    evaluate(action) {
      const decision = policy.evaluate(action);
      if (action.kind !== 'mcp' || decision.decision !== 'allow' || granted.has(key(action))) return decision;
      if (action.readOnlyHint && !action.destructiveHint) return decision;
      const why = action.destructiveHint ? 'marks it destructive' : 'does not mark it read-only';
      return { ...decision, decision: 'ask', rule: 'mcp-tool', reason: `@${action.server}/${action.tool} needs your approval: a verification only reads, and the server ${why}` } satisfies PolicyDecision;
    },
    grantForSession(action) {
      if (action.kind === 'mcp') granted.add(key(action));
      policy.grantForSession(action);
    },
    ...(policy.recordWrite ? { recordWrite: (action) => policy.recordWrite!(action) } : {}),
    ...(policy.startTask ? { startTask: () => policy.startTask!() } : {}),
  };
}
