import { McpServerUnavailableError, type McpRemedy } from './errors';
import type { McpHub } from './hub';
import { formatProblem, type McpScope, type McpServerEntry, type McpTransportKind } from './types';

/** `running`: started and answering; `stopped`: not started (yet, or any more). */
export type McpServerState = 'running' | 'stopped' | 'disabled' | 'needs-approval' | 'error';

/** One server as a list of servers shows it: its state and every tool, the `disabledTools` marked. */
export interface McpServerOverview {
  name: string;
  scope: McpScope;
  /** The mcp.json it comes from, as shown to people. */
  file: string;
  transport: McpTransportKind;
  state: McpServerState;
  error: string | null;
  remedy: McpRemedy | null;
  tools: Array<{ name: string; description: string; disabled: boolean }>;
}

/** The server as configured, before anything was started. */
export function configuredOverview(entry: McpServerEntry): McpServerOverview {
  const base = { name: entry.name, scope: entry.scope, file: entry.file, transport: entry.transport, tools: [] };
  if (entry.disabled) return { ...base, state: 'disabled', error: null, remedy: null };
  if (entry.error) return { ...base, state: 'error', error: formatProblem(entry.error), remedy: entry.error.variable ? 'set-variable' : 'fix-config' };
  return { ...base, state: 'stopped', error: null, remedy: null };
}

/**
 * The server started through the hub (so under its trust and approval rules: an unapproved
 * workspace server stays stopped and says so) and its tools, all of them, `disabledTools` marked.
 */
export async function serverOverview(hub: McpHub, name: string, signal?: AbortSignal): Promise<McpServerOverview> {
  const entry = hub.entry(name);
  const configured = configuredOverview(entry);
  if (configured.state === 'disabled') return configured;
  try {
    const connection = await hub.server(name, signal);
    const hidden = new Set(entry.config?.disabledTools ?? []);
    const tools = (await connection.tools()).map((t) => ({ name: t.name, description: t.description?.trim() || t.title || '', disabled: hidden.has(t.name) }));
    return { ...configured, transport: connection.transportInUse, state: 'running', tools };
  } catch (error) {
    if (error instanceof McpServerUnavailableError) return { ...configured, state: error.status, error: error.message, remedy: error.remedy };
    return { ...configured, state: 'error', error: error instanceof Error ? error.message : String(error), remedy: 'check-server' };
  }
}
