/** Where a server is defined: the workspace's `.kiro/settings/mcp.json` or the user's `~/.kiro/settings/mcp.json`. */
export type McpScope = 'workspace' | 'user';

/** `http` is Streamable HTTP, falling back to the older HTTP+SSE when the server refuses it; `sse` is HTTP+SSE only. */
export type McpTransportKind = 'stdio' | 'http' | 'sse';

/** A problem in an mcp.json, located as precisely as the file allows. */
export interface McpConfigProblem {
  /** As shown to people: `.kiro/settings/mcp.json` or `~/.kiro/settings/mcp.json`. */
  file: string;
  server?: string;
  /** Dotted path inside the server's entry, e.g. `args[1]` or `env.TOKEN`. */
  field?: string;
  line?: number;
  column?: number;
  detail: string;
  /** Set when the problem is an unset `${VAR}`: the variable. */
  variable?: string;
}

/** "FILE:LINE:COL: server "x", field "args[1]": detail" — file, server and field, whatever is known. */
export function formatProblem(problem: McpConfigProblem): string {
  const where = [problem.file, problem.line, problem.line !== undefined ? problem.column : undefined].filter((p) => p !== undefined).join(':');
  const what = [problem.server !== undefined ? `server "${problem.server}"` : '', problem.field ? `field "${problem.field}"` : ''].filter(Boolean).join(', ');
  return `${where}: ${what ? `${what}: ` : ''}${problem.detail}`;
}

interface ServerBase {
  name: string;
  scope: McpScope;
  /** The file it came from, as shown to people. */
  file: string;
  autoApprove: string[];
  disabledTools: string[];
  /** Per request, in milliseconds. */
  timeoutMs: number;
}

export interface StdioServerConfig extends ServerBase {
  transport: 'stdio';
  command: string;
  args: string[];
  env: Record<string, string>;
  /** Absolute; the workspace by default. */
  cwd: string;
  /**
   * Started inside the OS sandbox (when this machine has one). False only for a server of the user's
   * own mcp.json that says `"sandbox": false`; a workspace's mcp.json cannot take its server out.
   */
  sandboxed: boolean;
}

export interface RemoteServerConfig extends ServerBase {
  transport: 'http' | 'sse';
  url: string;
  headers: Record<string, string>;
}

/** A server ready to start: variables expanded, paths resolved. */
export type McpServerConfig = StdioServerConfig | RemoteServerConfig;

/**
 * What the user wrote for one server, before variables are expanded: what an approval is given for.
 * A changed command, argument, variable, folder, URL, header or auto-approve list is a different launch.
 */
export interface LaunchSpec {
  transport: McpTransportKind;
  command?: string;
  args?: string[];
  env?: Record<string, string>;
  cwd?: string;
  url?: string;
  headers?: Record<string, string>;
  autoApprove: string[];
}

/** One server as configured, usable or not. */
export interface McpServerEntry {
  name: string;
  scope: McpScope;
  file: string;
  disabled: boolean;
  /** The configured transport (before any fallback). */
  transport: McpTransportKind;
  /** Ready to start; null when the entry is broken (see error) or disabled without a command. */
  config: McpServerConfig | null;
  launch: LaunchSpec | null;
  /** Why it cannot start, naming file, server and field. */
  error: McpConfigProblem | null;
}

export const DEFAULT_TIMEOUT_MS = 120_000;
