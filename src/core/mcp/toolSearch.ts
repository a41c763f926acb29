/** Above either figure, the servers' tools are found through mcp_search instead of sent with every request. */
export interface ToolBudget {
  maxTools: number;
  /** Estimated as characters / 4 of the definitions' JSON. */
  maxSchemaTokens: number;
}

export const DEFAULT_TOOL_BUDGET: ToolBudget = { maxTools: 40, maxSchemaTokens: 10_000 };

export function estimateTokens(value: unknown): number {
  return Math.ceil(JSON.stringify(value).length / 4);
}

/** What search looks at for one tool. */
export interface Searchable {
  name: string;
  server: string;
  tool: string;
  title?: string;
  description?: string;
}

/**
 * Ranks tools for a query of a few words: each word found in a tool's name counts most, in its
 * server's name next, in its title or description least; an exact name wins outright. Words are
 * matched after splitting camelCase, snake_case and kebab-case, so "create issue" finds
 * `create_issue` and `createIssue`.
 */
export function searchTools<T extends Searchable>(tools: readonly T[], query: string, limit: number): T[] {
  const wanted = words(query);
  const exact = query.trim().toLowerCase().replace(/^@/, '');
  const scored = tools.map((tool, index) => {
    const name = words(tool.tool).join(' ');
    const server = words(tool.server).join(' ');
    const text = `${tool.title ?? ''} ${tool.description ?? ''}`.toLowerCase();
    let score = 0;
    if (exact === tool.name.toLowerCase() || exact === tool.tool.toLowerCase() || exact === `${tool.server}/${tool.tool}`.toLowerCase()) score += 100;
    for (const word of wanted) {
      if (` ${name} `.includes(` ${word} `)) score += 6;
      else if (name.includes(word)) score += 4;
      if (server.includes(word)) score += 2;
      if (text.includes(word)) score += 1;
    }
    return { tool, index, score };
  });
  return scored
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, limit)
    .map((s) => s.tool);
}

function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1 || /\d/.test(w));
}
