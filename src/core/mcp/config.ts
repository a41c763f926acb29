import { promises as fs, realpathSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseConfigFile, type RawServer } from './configFile';
import { expandVariables, UnsetVariableError } from './expand';
import { DEFAULT_TIMEOUT_MS, type LaunchSpec, type McpConfigProblem, type McpScope, type McpServerConfig, type McpServerEntry } from './types';

export const WORKSPACE_MCP_FILE = '.kiro/settings/mcp.json';
export const USER_MCP_FILE = '~/.kiro/settings/mcp.json';

export interface LoadMcpConfigOptions {
  workspace: string;
  /** Home folder of `~/.kiro/settings/mcp.json`; default the user's. */
  home?: string;
  /** For `${VAR}`; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** A custom agent's own `mcpServers` (its file's scope decides how they are trusted); they win over mcp.json's of the same name. */
  agentServers?: AgentServers;
}

export interface AgentServers {
  servers: Record<string, unknown>;
  scope: McpScope;
  /** The agent file, as messages name it. */
  file: string;
  /**
   * Whether mcp.json's servers (user's and workspace's) are offered beside the agent's own, as the
   * agent file's `includeMcpJson` says; Kiro leaves them out unless it is true. Default true.
   */
  includeMcpJson?: boolean;
}

export interface McpConfig {
  /** User servers first, then workspace ones, in file order; a workspace entry replaces the user's of the same name in place. */
  servers: McpServerEntry[];
  /** Problems with a file as a whole (unreadable, not JSON): none of its servers are known. */
  fileProblems: McpConfigProblem[];
  warnings: string[];
}

/**
 * Reads both mcp.json files and merges them per server name, the workspace winning (whole entries,
 * not field by field). A broken file or entry never stops the others: each carries its own error.
 */
export async function loadMcpConfig(options: LoadMcpConfigOptions): Promise<McpConfig> {
  const home = options.home ?? os.homedir();
  const env = options.env ?? process.env;
  const userFile = path.join(home, '.kiro', 'settings', 'mcp.json');
  const workspaceFile = path.join(options.workspace, '.kiro', 'settings', 'mcp.json');
  const config: McpConfig = { servers: [], fileProblems: [], warnings: [] };
  // The workspace may be the home folder itself: then its mcp.json is the user's, read once.
  const sameFile = sameRealPath(userFile, workspaceFile);
  const sources: Array<{ scope: McpScope; file: string; shown: string }> = [{ scope: 'user', file: userFile, shown: USER_MCP_FILE }];
  if (!sameFile) sources.push({ scope: 'workspace', file: workspaceFile, shown: WORKSPACE_MCP_FILE });
  const byName = new Map<string, number>();
  for (const source of options.agentServers?.includeMcpJson === false ? [] : sources) {
    const text = await readIfPresent(source.file, source.shown, config.fileProblems);
    if (text === null) continue;
    const parsed = parseConfigFile(text, source.shown);
    config.warnings.push(...parsed.warnings);
    config.fileProblems.push(...parsed.problems.filter((p) => p.server === undefined));
    for (const name of parsed.order) {
      const raw = parsed.servers.find((s) => s.name === name);
      if (raw?.sandbox === false && source.scope === 'workspace') {
        config.warnings.push(`${source.shown}: server "${name}": "sandbox": false is ignored; a repository's server always starts in the sandbox (only your own ${USER_MCP_FILE} can take a server out)`);
      }
      const problem = parsed.problems.find((p) => p.server === name);
      if (raw) place(config.servers, byName, resolveServer(raw, source.scope, source.shown, { workspace: options.workspace, home, env }));
      else if (problem) place(config.servers, byName, brokenEntry(name, source.scope, source.shown, problem));
    }
  }
  if (options.agentServers) addAgentServers(config, byName, options.agentServers, { workspace: options.workspace, home, env });
  return config;
}

/** An agent file's servers, read as an mcp.json's `mcpServers` would be, each with the agent file's scope. */
function addAgentServers(config: McpConfig, byName: Map<string, number>, agent: AgentServers, ctx: ResolveContext): void {
  const parsed = parseConfigFile(JSON.stringify({ mcpServers: agent.servers }), agent.file);
  config.warnings.push(...parsed.warnings);
  for (const name of parsed.order) {
    const raw = parsed.servers.find((s) => s.name === name);
    if (raw?.sandbox === false && agent.scope === 'workspace') config.warnings.push(`${agent.file}: server "${name}": "sandbox": false is ignored; a repository's server always starts in the sandbox`);
    const problem = parsed.problems.find((p) => p.server === name);
    if (raw) place(config.servers, byName, resolveServer(raw, agent.scope, agent.file, ctx));
    else if (problem) place(config.servers, byName, brokenEntry(name, agent.scope, agent.file, problem));
  }
}

function place(servers: McpServerEntry[], byName: Map<string, number>, entry: McpServerEntry): void {
  const index = byName.get(entry.name);
  if (index === undefined) {
    byName.set(entry.name, servers.length);
    servers.push(entry);
  } else {
    servers[index] = entry;
  }
}

function brokenEntry(name: string, scope: McpScope, file: string, error: McpConfigProblem): McpServerEntry {
  return { name, scope, file, disabled: false, transport: 'stdio', config: null, launch: null, error };
}

interface ResolveContext {
  workspace: string;
  home: string;
  env: NodeJS.ProcessEnv;
}

/** Expands `${VAR}` in env, headers, args and url, and resolves the working folder; errors name the field. */
export function resolveServer(raw: RawServer, scope: McpScope, file: string, ctx: ResolveContext): McpServerEntry {
  const transport = raw.transport ?? (raw.url !== undefined ? 'http' : 'stdio');
  const launch = launchSpec(raw, transport);
  const entry: McpServerEntry = { name: raw.name, scope, file, disabled: raw.disabled, transport, config: null, launch, error: null };
  // A disabled server is not started, so its variables need not be set.
  if (raw.disabled) return entry;
  const fail = (field: string, detail: string, variable?: string): McpServerEntry => ({
    ...entry,
    error: { file, server: raw.name, field, ...raw.locate(fieldPath(field)), detail, ...(variable ? { variable } : {}) },
  });
  const base = { name: raw.name, scope, file, autoApprove: raw.autoApprove, disabledTools: raw.disabledTools, timeoutMs: raw.timeout ?? DEFAULT_TIMEOUT_MS };
  let field = '';
  try {
    const expandAll = (name: string, values: Record<string, string>) =>
      Object.fromEntries(Object.entries(values).map(([key, value]) => ((field = `${name}.${key}`), [key, expandVariables(value, ctx.env)])));
    let config: McpServerConfig;
    if (raw.url !== undefined) {
      field = 'url';
      const url = expandVariables(raw.url, ctx.env);
      const problem = remoteUrlProblem(url);
      if (problem) return fail('url', problem);
      config = { ...base, transport: transport === 'sse' ? 'sse' : 'http', url, headers: expandAll('headers', raw.headers) };
    } else {
      const args = raw.args.map((arg, i) => ((field = `args[${i}]`), expandVariables(arg, ctx.env)));
      const env = expandAll('env', raw.env);
      const cwd = raw.cwd === undefined ? ctx.workspace : path.resolve(ctx.workspace, expandHome(raw.cwd, ctx.home));
      config = { ...base, transport: 'stdio', command: expandHome(raw.command!, ctx.home), args, env, cwd, sandboxed: scope !== 'user' || raw.sandbox !== false };
    }
    return { ...entry, config };
  } catch (error) {
    if (error instanceof UnsetVariableError) return fail(field, `${error.message}; set it, or change the value in ${file}`, error.variable);
    throw error;
  }
}

/** `env.TOKEN` → ['env', 'TOKEN'], `args[2]` → ['args', 2]. */
function fieldPath(field: string): Array<string | number> {
  const path: Array<string | number> = [];
  for (const match of field.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) path.push(match[2] !== undefined ? Number(match[2]) : match[1]!);
  return path;
}

function launchSpec(raw: RawServer, transport: LaunchSpec['transport']): LaunchSpec {
  if (raw.url !== undefined) return { transport, url: raw.url, headers: raw.headers, autoApprove: raw.autoApprove };
  return { transport, ...(raw.command !== undefined ? { command: raw.command } : {}), args: raw.args, env: raw.env, ...(raw.cwd !== undefined ? { cwd: raw.cwd } : {}), autoApprove: raw.autoApprove };
}

/** https anywhere; plain http only to this machine, where nobody on the network can read the traffic. */
export function remoteUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a URL`;
  }
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol === 'http:') {
    const host = parsed.hostname.replace(/^\[|\]$/g, '');
    if (host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)) return null;
    return `plain http is only allowed to localhost (got ${parsed.host}); use https`;
  }
  return `must be an http(s) URL (got ${parsed.protocol.replace(/:$/, '')})`;
}

function expandHome(value: string, home: string): string {
  return value === '~' ? home : value.startsWith('~/') ? path.join(home, value.slice(2)) : value;
}

async function readIfPresent(file: string, shown: string, problems: McpConfigProblem[]): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    problems.push({ file: shown, detail: `cannot be read (${(error as Error).message})` });
    return null;
  }
}

function sameRealPath(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return path.resolve(a) === path.resolve(b);
  }
}
