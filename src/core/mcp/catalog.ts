import type Anthropic from '@anthropic-ai/sdk';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { McpHub } from './hub';
import type { ServerConnection } from './serverConnection';
import type { McpServerConfig } from './types';

/** One tool of one server, under the name the model knows it by. */
export interface CatalogTool {
  /** Model-facing: `server__tool` (see ToolNamer). */
  name: string;
  server: string;
  /** The server's own name for it. */
  tool: string;
  title?: string;
  description?: string;
  definition: Anthropic.Tool;
  annotations: { readOnlyHint: boolean; destructiveHint: boolean };
  config: McpServerConfig;
}

/** Long descriptions cost every request their length; past this they are cut. */
const MAX_DESCRIPTION = 1_000;

/**
 * The tools of the running servers, in configuration order (then each server's own order), named
 * once for the hub's life. `disabledTools` never enter it. Tools a server adds later are appended;
 * tools it drops stay named, and calling one says it is gone.
 */
export class ToolCatalog {
  private readonly byName = new Map<string, CatalogTool>();
  private readonly order: string[] = [];
  private readonly current = new Map<string, Set<string>>();

  constructor(private readonly hub: McpHub) {}

  get tools(): CatalogTool[] {
    return this.order.map((name) => this.byName.get(name)!);
  }

  get(name: string): CatalogTool | undefined {
    return this.byName.get(name);
  }

  /** Whether the server still offers this tool (after a restart or a list change). */
  isOffered(tool: CatalogTool): boolean {
    return this.current.get(tool.server)?.has(tool.tool) ?? false;
  }

  /** Adds what a server offers now; returns the tools new to the catalog. */
  update(config: McpServerConfig, tools: Tool[]): CatalogTool[] {
    const hidden = new Set(config.disabledTools);
    const offered = tools.filter((t) => !hidden.has(t.name));
    this.current.set(config.name, new Set(offered.map((t) => t.name)));
    const added: CatalogTool[] = [];
    for (const tool of offered) {
      const name = this.hub.toolNames.nameFor(config.name, tool.name);
      if (this.byName.has(name)) continue;
      const entry = catalogTool(name, config, tool);
      this.byName.set(name, entry);
      this.order.push(name);
      added.push(entry);
    }
    return added;
  }

  /** Keeps the catalog current when the server restarts or says its tools changed. */
  follow(connection: ServerConnection, onAdded: (added: CatalogTool[]) => void): void {
    connection.watchTools(() => {
      void connection.tools().then(
        (tools) => onAdded(this.update(connection.config, tools)),
        () => undefined,
      );
    });
  }
}

function catalogTool(name: string, config: McpServerConfig, tool: Tool): CatalogTool {
  const text = tool.description?.trim() || tool.title || tool.name;
  const description = `[MCP server ${config.name}] ${text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION)}…` : text}`;
  return {
    name,
    server: config.name,
    tool: tool.name,
    ...(tool.title ? { title: tool.title } : {}),
    ...(tool.description ? { description: tool.description } : {}),
    definition: { name, description, input_schema: inputSchema(tool.inputSchema) },
    annotations: { readOnlyHint: tool.annotations?.readOnlyHint === true, destructiveHint: tool.annotations?.destructiveHint === true },
    config,
  };
}

/** The API wants an object schema; `$schema` is dropped (it only costs tokens). */
function inputSchema(schema: Tool['inputSchema'] | undefined): Anthropic.Tool['input_schema'] {
  const rest: Record<string, unknown> = { ...(schema ?? {}) };
  delete rest.$schema;
  return { ...rest, type: 'object' } as Anthropic.Tool['input_schema'];
}
