import { createMcpToolBox, McpHub, RESOURCES_TOOL, SEARCH_TOOL, type AgentServers, type McpToolBox } from '../mcp';
import type { Sandbox } from '../sandbox';
import type { HostPorts, McpAccess } from './hostPorts';

/** The workspace's MCP servers for one run: the hub that runs them and their tools as a ToolBox. */
export interface RunMcp {
  hub: McpHub;
  tools: McpToolBox;
  /** Whether a call of `tool` may have changed files (the servers' own tools; not search or resources). */
  actsOnTree(tool: string): boolean;
}

/**
 * Starts the servers (side by side, while the rest of the run is prepared: their tools must be known
 * by the first request), inside the run's own sandbox. Never rejects before it is awaited: a failure is reported where it is.
 */
export function startRunMcp(ports: HostPorts, workspace: string, access: McpAccess, sandbox: Promise<Sandbox>, signal: AbortSignal, agentServers?: AgentServers): Promise<RunMcp> {
  const started = (async () => {
    const hub = await McpHub.open({ ...access, workspace, ...(ports.home !== undefined ? { home: ports.home } : {}), env: ports.env, sandbox, ...(agentServers ? { agentServers } : {}) });
    try {
      const tools = await createMcpToolBox(hub, { signal });
      return { hub, tools, actsOnTree: (tool: string) => tool !== SEARCH_TOOL && tool !== RESOURCES_TOOL && tools.handles!(tool) };
    } catch (error) {
      await hub.close();
      throw error;
    }
  })();
  started.catch(() => undefined);
  return started;
}

/** Stops the servers, whether or not they started. */
export async function closeRunMcp(mcp: Promise<RunMcp> | null): Promise<void> {
  await mcp?.then(({ hub }) => hub.close(), () => undefined);
}
