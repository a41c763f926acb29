import * as os from 'node:os';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ActivityEventInput } from '../activity';
import { loadMcpConfig, type AgentServers, type McpConfig } from './config';
import { prepareSandbox, type Sandbox } from '../sandbox';
import { connectServer, type OAuthPorts } from './connect';
import { McpServerUnavailableError, UnknownMcpServerError, type McpRemedy, type UnavailableStatus } from './errors';
import { ServerConnection, type RestartPolicy, type ServerNews } from './serverConnection';
import { describeLaunch, ServerApprovalStore, type ServerApprovalPort } from './serverApprovals';
import { ServerLog, serverLogFile, workspaceLogDir } from './serverLog';
import { ToolNamer } from './toolNames';
import { formatProblem, type McpScope, type McpServerEntry, type McpTransportKind } from './types';

export interface McpHubOptions {
  workspace: string;
  /** Home of `~/.kiro` (user servers, approvals, tokens); default the user's. */
  home?: string;
  /** For `${VAR}` in mcp.json, and what stdio servers inherit (never the model's key); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** How the host trusts the workspace and asks about its servers. */
  approvals: ServerApprovalPort;
  /** Where approvals are kept; default `~/.kiro/specwright/mcp-approvals.json` under `home`. */
  approvalStore?: ServerApprovalStore;
  /** OAuth for remote servers; without it a server that needs a sign-in reports so. */
  oauth?: OAuthPorts;
  /** Where each server's stderr goes; default `.kiro/.specwright/mcp-logs/`. */
  logDir?: string;
  /** Also each server's log text as it is written (its stderr, starts and exits): an editor's output channel. */
  onServerOutput?: (server: string, text: string) => void;
  restart?: RestartPolicy;
  killGraceMs?: number;
  /**
   * The OS sandbox stdio servers start in (a server's own profile: the workspace, its caches, the
   * network): a run's, shared with its commands, and kept by whoever gave it (it may still be being
   * prepared). Default: the hub prepares one for the workspace when the first server starts, and
   * disposes of it on close.
   */
  sandbox?: Sandbox | Promise<Sandbox>;
  /** The servers of the custom agent at work (its file's `mcpServers`), beside mcp.json's. */
  agentServers?: AgentServers;
}

/** One server as `specwright mcp list` reports it. */
export interface McpServerStatus {
  name: string;
  scope: McpScope;
  status: 'ready' | UnavailableStatus;
  transport: McpTransportKind;
  /** Offered tools (without `disabledTools`), when ready. */
  tools: Tool[];
  error: string | null;
  remedy: McpRemedy | null;
}

/**
 * Every configured MCP server of a workspace, each started on first use once it may run: user
 * servers at once, workspace servers only in a trusted workspace and after the user approved that
 * exact launch. Lifecycle news goes to the activity sink; each server's stderr to its log file.
 */
export class McpHub {
  /** One name per (server, tool) for the hub's life, shared by every tool box made from it. */
  readonly toolNames = new ToolNamer();
  private readonly connections = new Map<string, Promise<ServerConnection>>();
  private readonly logs = new Map<string, ServerLog>();
  private readonly approvalStore: ServerApprovalStore;
  private readonly logDir: string;
  private sink: ((event: ActivityEventInput) => void) | null = null;
  private ownSandbox: Promise<Sandbox> | null = null;
  private pending: ActivityEventInput[] = [];
  private closed = false;

  private constructor(
    readonly config: McpConfig,
    private readonly options: McpHubOptions,
  ) {
    this.approvalStore = options.approvalStore ?? ServerApprovalStore.forHome(options.home ?? os.homedir());
    this.logDir = options.logDir ?? workspaceLogDir(options.workspace);
  }

  static async open(options: McpHubOptions): Promise<McpHub> {
    const config = await loadMcpConfig({ workspace: options.workspace, ...(options.home ? { home: options.home } : {}), ...(options.env ? { env: options.env } : {}), ...(options.agentServers ? { agentServers: options.agentServers } : {}) });
    return new McpHub(config, options);
  }

  get servers(): McpServerEntry[] {
    return this.config.servers;
  }

  entry(name: string): McpServerEntry {
    const entry = this.config.servers.find((s) => s.name === name);
    if (!entry) throw new UnknownMcpServerError(name, this.config.servers.map((s) => s.name));
    return entry;
  }

  /** Where the events go (a run's stream); those raised before there is one wait for it. */
  setActivitySink(sink: ((event: ActivityEventInput) => void) | null): void {
    this.sink = sink;
    if (!sink) return;
    const queued = this.pending;
    this.pending = [];
    for (const event of queued) sink(event);
  }

  logFile(name: string): string {
    return serverLogFile(this.logDir, this.entry(name).name);
  }

  /** The running server, started (and approved) on first use; throws McpServerUnavailableError when it may not or cannot run. */
  server(name: string, signal?: AbortSignal): Promise<ServerConnection> {
    const entry = this.entry(name);
    let connection = this.connections.get(name);
    if (!connection) {
      connection = this.admit(entry, signal).then(() => this.connectionFor(entry));
      this.connections.set(name, connection);
    }
    return connection;
  }

  /** Starts every enabled server at once; reports the ones that cannot run as events (disabled ones quietly). */
  async startAll(signal?: AbortSignal): Promise<McpServerStatus[]> {
    const statuses = await Promise.all(this.config.servers.map((entry) => this.statusOf(entry, signal)));
    for (const problem of this.config.fileProblems) this.emit({ type: 'error', code: 'mcp_config', message: formatProblem(problem) });
    for (const status of statuses) {
      if (status.status === 'needs-approval' || status.status === 'error') this.emit({ type: 'mcp_server', server: status.name, status: 'unavailable', message: status.error ?? status.status });
    }
    return statuses;
  }

  /** The status of each server (all, or the named ones), starting those that may run. */
  async status(names?: string[], signal?: AbortSignal): Promise<McpServerStatus[]> {
    const entries = names ? names.map((n) => this.entry(n)) : this.config.servers;
    return Promise.all(entries.map((entry) => this.statusOf(entry, signal)));
  }

  /**
   * Stops the server if it runs and forgets why it could not start, so that the next use starts it
   * again (asking again, where approval is needed).
   */
  async restart(name: string): Promise<void> {
    this.entry(name);
    const connection = this.connections.get(name);
    this.connections.delete(name);
    await connection?.then((c) => c.close(), () => undefined);
  }

  /** Stops every server (process trees included) and closes the logs. */
  async close(): Promise<void> {
    this.closed = true;
    const connections = [...this.connections.values()];
    this.connections.clear();
    await Promise.all(connections.map((c) => c.then((conn) => conn.close(), () => undefined)));
    await Promise.all([...this.logs.values()].map((log) => log.close()));
    const own = this.ownSandbox;
    this.ownSandbox = null;
    await own?.then((sandbox) => sandbox.dispose(), () => undefined);
  }

  private async statusOf(entry: McpServerEntry, signal?: AbortSignal): Promise<McpServerStatus> {
    const base = { name: entry.name, scope: entry.scope, transport: entry.transport, tools: [] as Tool[] };
    if (entry.disabled) return { ...base, status: 'disabled', error: null, remedy: null };
    try {
      const connection = await this.server(entry.name, signal);
      const tools = await connection.tools();
      const hidden = new Set(entry.config?.disabledTools ?? []);
      return { ...base, transport: connection.transportInUse, status: 'ready', tools: tools.filter((t) => !hidden.has(t.name)), error: null, remedy: null };
    } catch (error) {
      if (error instanceof McpServerUnavailableError) return { ...base, status: error.status, error: error.message, remedy: error.remedy };
      return { ...base, status: 'error', error: error instanceof Error ? error.message : String(error), remedy: 'check-server' };
    }
  }

  /** Disabled, broken, untrusted or unapproved servers never start; the error says which and what to do. */
  private async admit(entry: McpServerEntry, signal?: AbortSignal): Promise<void> {
    const unavailable = (status: UnavailableStatus, message: string, remedy: McpRemedy | null) => new McpServerUnavailableError(entry.name, status, message, remedy);
    if (this.closed) throw unavailable('error', `MCP server "${entry.name}" was shut down`, null);
    if (entry.disabled) throw unavailable('disabled', `MCP server "${entry.name}" is disabled ("disabled": true in ${entry.file})`, 'fix-config');
    if (entry.error) throw unavailable('error', formatProblem(entry.error), entry.error.variable ? 'set-variable' : 'fix-config');
    if (entry.scope === 'user') return;
    const launch = entry.launch!;
    if (!this.options.approvals.workspaceTrusted) {
      throw unavailable('needs-approval', `MCP server "${entry.name}" comes with this workspace (${entry.file}), which is not trusted, so it does not start`, 'trust-workspace');
    }
    if (await this.approvalStore.isApproved(this.options.workspace, launch)) return;
    const answer = await this.options.approvals.ask(
      {
        server: entry.name,
        file: entry.file,
        workspace: this.options.workspace,
        launch: describeLaunch(launch),
        autoApprove: launch.autoApprove,
        envKeys: Object.keys(launch.env ?? launch.headers ?? {}),
      },
      signal,
    );
    if (answer?.approved) {
      if (answer.remember) await this.approvalStore.approve(this.options.workspace, entry.name, launch);
      return;
    }
    const what = `"${describeLaunch(launch)}" from ${entry.file}`;
    throw unavailable('needs-approval', answer ? `MCP server "${entry.name}" was not approved (${what})` : `MCP server "${entry.name}" runs ${what}, which you have not approved yet`, 'approve');
  }

  private connectionFor(entry: McpServerEntry): ServerConnection {
    const config = entry.config!;
    const log = this.logFor(entry.name);
    return new ServerConnection(config, {
      connect: async (c) => {
        const sandbox = c.transport === 'stdio' && c.sandboxed ? await this.sandbox() : null;
        log.note(`starting: ${describeLaunch(entry.launch!)}${c.transport === 'stdio' ? ` (${whereItRuns(c.sandboxed, sandbox, entry.file)})` : ''}`);
        return connectServer(c, {
          onStderr: (text) => log.write(text),
          ...(this.options.oauth ? { oauth: this.options.oauth } : {}),
          ...(this.options.killGraceMs !== undefined ? { killGraceMs: this.options.killGraceMs } : {}),
          ...(this.options.env ? { inheritedEnv: this.options.env } : {}),
          ...(sandbox ? { sandbox } : {}),
        });
      },
      news: (news: ServerNews) => this.emit({ type: 'mcp_server', server: entry.name, ...news }),
      log: (line) => log.note(line),
      ...(this.options.restart ? { restart: this.options.restart } : {}),
    });
  }

  private sandbox(): Promise<Sandbox> {
    if (this.options.sandbox) return Promise.resolve(this.options.sandbox);
    this.ownSandbox ??= prepareSandbox({ workspace: this.options.workspace, ...(this.options.home ? { home: this.options.home } : {}), env: this.options.env ?? process.env });
    return this.ownSandbox;
  }

  private logFor(name: string): ServerLog {
    let log = this.logs.get(name);
    if (!log) {
      const inWorkspace = this.options.logDir === undefined;
      const output = this.options.onServerOutput;
      log = new ServerLog(serverLogFile(this.logDir, name), inWorkspace ? this.options.workspace : null, output ? (text) => output(name, text) : undefined);
      this.logs.set(name, log);
    }
    return log;
  }

  private emit(event: ActivityEventInput): void {
    if (this.sink) this.sink(event);
    else if (this.pending.length < 200) this.pending.push(event);
  }
}

/** For the server's log: whether it runs sandboxed, and if not why. */
function whereItRuns(wanted: boolean, sandbox: Sandbox | null, file: string): string {
  if (!wanted) return `outside the sandbox: "sandbox": false in ${file}`;
  if (sandbox?.status.state === 'on') return 'in the sandbox';
  return `not sandboxed: ${sandbox?.status.reason ?? 'no sandbox'}`;
}
