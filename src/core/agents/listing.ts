import { selectorMatches } from './toolSelection';
import type { AgentDefinition } from './types';

/** Specwright's built-in tools, in the order the model is offered them. */
export const BUILTIN_TOOL_NAMES = ['fs_read', 'fs_write', 'execute_bash', 'glob', 'grep', 'use_subagent'] as const;

/**
 * The tools an agent gets, as `agent list` shows them: built-in tools by their Specwright names, MCP
 * tools as written (`@github`, `@git/status`; `@*` for every MCP server's), without starting any server.
 */
export function listedTools(agent: AgentDefinition, builtins: readonly string[] = BUILTIN_TOOL_NAMES): string[] {
  const out: string[] = [];
  const add = (name: string) => {
    if (!out.includes(name)) out.push(name);
  };
  if (agent.tools === null) {
    builtins.forEach(add);
    return out;
  }
  for (const selector of agent.tools) {
    if (selector === '*') {
      builtins.forEach(add);
      add('@*');
    } else if (selector.startsWith('@') && selector !== '@builtin') {
      add(selector === '@mcp' ? '@*' : selector);
    } else {
      for (const tool of builtins) if (selectorMatches(selector, { name: tool, mcp: null })) add(tool);
    }
  }
  return out;
}
