import type Anthropic from '@anthropic-ai/sdk';
import type { ToolBox, ToolCallContext, ToolOutput } from '../agent/ports';
import type { McpToolAction, ProposedAction } from '../policy/types';
import { ToolCatalog, type CatalogTool } from './catalog';
import type { McpHub, McpServerStatus } from './hub';
import { listResources, readResource, RESOURCES_TOOL, resourcesDefinition, resourcesInputSchema } from './resourcesTool';
import { formatCallResult } from './toolResults';
import { DEFAULT_TOOL_BUDGET, estimateTokens, searchTools, type ToolBudget } from './toolSearch';

export const SEARCH_TOOL = 'mcp_search';
const DEFAULT_OUTPUT_LIMIT = 30_000;
const SEARCH_LIMIT = 5;

export interface McpToolBoxOptions {
  budget?: Partial<ToolBudget>;
  /** Budget for one result's text; longer text is cut with a note. */
  outputLimitChars?: number;
  signal?: AbortSignal;
}

/** The model's view of the MCP servers, for composing with the built-in tools (see composeToolBoxes). */
export interface McpToolBox extends ToolBox {
  /** `direct`: every tool is in the definitions; `search`: the model finds them with mcp_search. */
  readonly offering: 'direct' | 'search';
  /** The servers as they were when the box was made (ready or why not). */
  readonly servers: McpServerStatus[];
}

/**
 * Starts the hub's servers (those that may run), names their tools, and offers them to the model:
 * all of them when they fit the budget (default 40 tools and 10k tokens of schemas), else an
 * `mcp_search` tool whose finds are added to the definitions from then on. `mcp_resources` lists
 * and reads resources of servers that have them. Every call is planned as a `mcp` action for the
 * policy; results come back framed as data.
 */
export async function createMcpToolBox(hub: McpHub, options: McpToolBoxOptions = {}): Promise<McpToolBox> {
  const servers = await hub.startAll(options.signal);
  const catalog = new ToolCatalog(hub);
  const ready = servers.filter((s) => s.status === 'ready');
  for (const status of ready) catalog.update(hub.entry(status.name).config!, status.tools);
  const budget = { ...DEFAULT_TOOL_BUDGET, ...options.budget };
  const all = catalog.tools;
  const offering = all.length > budget.maxTools || estimateTokens(all.map((t) => t.definition)) > budget.maxSchemaTokens ? 'search' : 'direct';
  const limit = options.outputLimitChars ?? DEFAULT_OUTPUT_LIMIT;
  const withResources: string[] = [];
  for (const status of ready) {
    const connection = await hub.server(status.name);
    if (connection.capabilities()?.resources) withResources.push(status.name);
  }

  // Definitions only ever grow at the end, so every request starts with the previous one's tools.
  const definitions: Anthropic.Tool[] = [];
  const offered = new Set<string>();
  const offer = (tool: CatalogTool) => {
    if (offered.has(tool.name)) return;
    offered.add(tool.name);
    definitions.push(tool.definition);
  };
  if (offering === 'direct') {
    for (const tool of all) offer(tool);
  } else if (all.length) {
    definitions.push(searchDefinition(ready.map((s) => s.name), all.length));
  }
  if (withResources.length) definitions.push(resourcesDefinition(withResources));
  for (const status of ready) {
    catalog.follow(await hub.server(status.name), (added) => {
      if (offering === 'direct') for (const tool of added) offer(tool);
    });
  }

  const resolve = (name: string): CatalogTool => {
    const tool = catalog.get(name);
    if (!tool) throw new Error(`Unknown tool "${name}".`);
    if (!offered.has(name)) throw new Error(`${name} has not been found yet: call ${SEARCH_TOOL} first to see its input schema.`);
    if (!catalog.isOffered(tool)) throw new Error(`MCP server "${tool.server}" no longer offers ${tool.tool}.`);
    return tool;
  };

  const callTool = async (tool: CatalogTool, input: unknown, ctx: ToolCallContext): Promise<ToolOutput> => {
    const label = `@${tool.server}/${tool.tool}`;
    try {
      const connection = await hub.server(tool.server, ctx.signal);
      const result = await connection.callTool(tool.tool, asArguments(input), { signal: ctx.signal });
      return formatCallResult(label, result, limit);
    } catch (error) {
      if (ctx.signal.aborted) throw ctx.signal.reason ?? error;
      return { content: `${label} failed: ${errorMessage(error)}`, isError: true };
    }
  };

  const resources = async (input: unknown, ctx: ToolCallContext): Promise<ToolOutput> => {
    const request = parseResources(input, withResources);
    const label = `@${request.server}/resources`;
    try {
      const connection = await hub.server(request.server, ctx.signal);
      if (request.action === 'list') return { content: await listResources(connection, request.cursor, ctx.signal), isError: false };
      return await readResource(connection, request.uri!, `${label} ${request.uri}`, limit, ctx.signal);
    } catch (error) {
      if (ctx.signal.aborted) throw ctx.signal.reason ?? error;
      return { content: `${label} failed: ${errorMessage(error)}`, isError: true };
    }
  };

  const search = (input: unknown): ToolOutput => {
    const query = typeof (input as { query?: unknown })?.query === 'string' ? (input as { query: string }).query : '';
    if (!query.trim()) return { content: `${SEARCH_TOOL} needs a "query": words describing the tool you need.`, isError: true };
    const found = searchTools(catalog.tools.filter((t) => catalog.isOffered(t)), query, searchLimit(input));
    for (const tool of found) offer(tool);
    if (!found.length) return { content: `No MCP tool matches "${query}". Servers: ${ready.map((s) => s.name).join(', ')}.`, isError: false };
    const listing = found.map((t) => ({ name: t.name, server: t.server, description: t.definition.description, input_schema: t.definition.input_schema }));
    return { content: `${found.length} tool${found.length === 1 ? '' : 's'} found; each can now be called by its name:\n${JSON.stringify(listing, null, 2)}`, isError: false };
  };

  return {
    offering,
    servers,
    get definitions() {
      return definitions;
    },
    handles(name) {
      return name === SEARCH_TOOL || name === RESOURCES_TOOL || catalog.get(name) !== undefined;
    },
    summarize(name, input) {
      if (name === SEARCH_TOOL) return `Searching MCP tools: ${String((input as { query?: unknown })?.query ?? '')}`;
      if (name === RESOURCES_TOOL) {
        const r = input as { server?: string; action?: string; uri?: string };
        return r?.action === 'read' ? `Reading @${r.server} resource ${r.uri ?? ''}` : `Listing @${r?.server ?? '?'} resources`;
      }
      const tool = catalog.get(name);
      return tool ? `@${tool.server}/${tool.tool} ${preview(input)}`.trim() : name;
    },
    async plan(name, input): Promise<ProposedAction[]> {
      if (name === SEARCH_TOOL) return [];
      if (name === RESOURCES_TOOL) {
        const request = parseResources(input, withResources);
        const config = hub.entry(request.server).config!;
        const tool = `resources/${request.action}`;
        return [mcpAction(request.server, tool, `@${request.server}/${tool} ${request.uri ?? ''}`.trim(), isAutoApproved(config.autoApprove, tool), { readOnlyHint: true, destructiveHint: false })];
      }
      const tool = resolve(name);
      asArguments(input);
      return [mcpAction(tool.server, tool.tool, `@${tool.server}/${tool.tool} ${preview(input, 300)}`.trim(), isAutoApproved(tool.config.autoApprove, tool.tool), tool.annotations)];
    },
    async execute(name, input, ctx) {
      if (name === SEARCH_TOOL) return search(input);
      try {
        if (name === RESOURCES_TOOL) return await resources(input, ctx);
        return await callTool(resolve(name), input, ctx);
      } catch (error) {
        if (ctx.signal.aborted) throw ctx.signal.reason ?? error;
        return { content: errorMessage(error), isError: true };
      }
    },
    hookSubject(name, input) {
      if (name === RESOURCES_TOOL) return { tool: `@${(input as { server?: string })?.server ?? '?'}/resources`, toolInput: input };
      const tool = catalog.get(name);
      return tool ? { tool: `@${tool.server}/${tool.tool}`, toolInput: input } : { tool: name, toolInput: input };
    },
  };
}

function searchDefinition(servers: string[], count: number): Anthropic.Tool {
  return {
    name: SEARCH_TOOL,
    description:
      `Find tools of the connected MCP servers (${servers.join(', ')}; ${count} tools in all). Returns the best matches with their input schemas; ` +
      'a tool found this way can be called by its name from then on. Search before calling any MCP tool.',
    input_schema: {
      type: 'object',
      properties: {
        query: { type: 'string', description: 'words for what you need (e.g. "create issue"), a tool name, or a server name' },
        limit: { type: 'integer', minimum: 1, maximum: 20, description: `how many tools to return (default ${SEARCH_LIMIT})` },
      },
      required: ['query'],
    },
  };
}

function searchLimit(input: unknown): number {
  const limit = (input as { limit?: unknown })?.limit;
  return typeof limit === 'number' && Number.isInteger(limit) && limit >= 1 ? Math.min(limit, 20) : SEARCH_LIMIT;
}

function parseResources(input: unknown, servers: string[]) {
  const parsed = resourcesInputSchema.safeParse(input);
  if (!parsed.success) throw new Error(`Invalid input for ${RESOURCES_TOOL}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`);
  if (!servers.includes(parsed.data.server)) throw new Error(`MCP server "${parsed.data.server}" offers no resources; servers with resources: ${servers.join(', ') || 'none'}.`);
  if (parsed.data.action === 'read' && !parsed.data.uri) throw new Error(`${RESOURCES_TOOL} read needs the resource's "uri" (list them first).`);
  return parsed.data;
}

function mcpAction(server: string, tool: string, detail: string, autoApproved: boolean, hints: { readOnlyHint: boolean; destructiveHint: boolean }): McpToolAction {
  return { kind: 'mcp', server, tool, detail, autoApproved, readOnlyHint: hints.readOnlyHint, destructiveHint: hints.destructiveHint };
}

function isAutoApproved(list: readonly string[], tool: string): boolean {
  return list.includes('*') || list.includes(tool);
}

/** MCP arguments are a JSON object; anything else is the model's mistake to fix. */
function asArguments(input: unknown): Record<string, unknown> {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) throw new Error('The input of an MCP tool must be a JSON object of its arguments.');
  return input as Record<string, unknown>;
}

function preview(input: unknown, max = 80): string {
  if (input === undefined || (typeof input === 'object' && input !== null && !Object.keys(input).length)) return '';
  const text = JSON.stringify(input) ?? '';
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
