import type { AgentMode, AutonomyLevel, McpToolAction, PolicyRule } from './types';

/** The policy's view of one MCP tool call: an ask (with its rule and reason) or an allow. */
export interface McpToolAssessment {
  ask: { rule: PolicyRule; reason: string } | null;
  allow: { rule: PolicyRule; reason: string };
  /** What "always allow for this session" remembers. */
  grantKey: string;
}

/**
 * Every MCP tool call, by level. Cautious: always asked. Balanced: asked unless the tool is in the
 * server's `autoApprove` or the server marks it read-only (and not also destructive). Full: asked
 * only when the server marks it destructive and it is not in `autoApprove`.
 *
 * Annotations are the server's own claims, so they only ever add asks to what `autoApprove` alone
 * would give: `destructiveHint` outweighs `readOnlyHint`, and neither lifts an ask at cautious.
 * A mode other than autonomous reviews MCP calls as cautious does (their effects are unknown).
 */
export function assessMcpTool(action: McpToolAction, autonomy: AutonomyLevel, mode: AgentMode): McpToolAssessment {
  const level = mode === 'autonomous' ? autonomy : 'cautious';
  const name = `@${action.server}/${action.tool}`;
  const grantKey = `mcp:${action.server}\u0000${action.tool}`;
  const readOnly = action.readOnlyHint && !action.destructiveHint;
  const ask = (rule: PolicyRule, why: string) => ({ ask: { rule, reason: `${name} needs your approval: ${why}` }, allow: { rule, reason: '' }, grantKey });
  const allow = (rule: PolicyRule, why: string) => ({ ask: null, allow: { rule, reason: `${name} is allowed: ${why}` }, grantKey });
  if (level === 'cautious') {
    return ask('autonomy-level', mode === 'autonomous' ? 'cautious autonomy asks before every MCP tool call' : `${mode} mode reviews every MCP tool call`);
  }
  if (level === 'balanced') {
    if (action.autoApproved) return allow('mcp-auto-approve', `it is in the server's autoApprove list`);
    if (readOnly) return allow('mcp-read-only', 'the server marks it read-only');
    const also = action.readOnlyHint ? ' (it is marked read-only, but also destructive)' : '';
    return ask('mcp-tool', `balanced autonomy asks before MCP tools that are neither in autoApprove nor read-only${also}`);
  }
  if (action.destructiveHint && !action.autoApproved) return ask('mcp-destructive', 'the server marks it destructive, and it is not in autoApprove');
  return allow('autonomy-level', action.autoApproved ? `it is in the server's autoApprove list` : 'full autonomy allows MCP tools the server does not mark destructive');
}
