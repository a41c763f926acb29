import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { McpError, ToolListChangedNotificationSchema, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Connected } from './connect';
import { McpServerUnavailableError, type McpRemedy } from './errors';
import type { McpServerConfig, McpTransportKind } from './types';

/** Restarts after a crash wait 0.5 s, 1 s, 2 s… up to 30 s; a server that stays up a minute starts counting afresh. */
export interface RestartPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Up this long, the next crash counts as the first. */
  stableAfterMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000, stableAfterMs: 60_000 };

/** Lifecycle news for the run's activity log. */
export type ServerNews =
  | { status: 'ready'; message: string; attempt?: number }
  | { status: 'crashed'; message: string; attempt: number }
  | { status: 'failed'; message: string };

export interface ServerConnectionDeps {
  connect(config: McpServerConfig): Promise<Connected>;
  news(news: ServerNews): void;
  log(line: string): void;
  restart?: RestartPolicy;
}

type State =
  | { kind: 'idle' }
  | { kind: 'starting'; ready: Promise<Live> }
  | { kind: 'ready'; live: Live }
  | { kind: 'failed'; error: Error }
  | { kind: 'closed' };

interface Live {
  connected: Connected;
  tools: Tool[];
  since: number;
}

/**
 * One configured server, started on first use. A crash (the process exits, the stream drops) is
 * followed by a restart with backoff, each reported; calls made meanwhile wait for it. Tools are
 * listed across every page of `tools/list`, and again when the server says they changed.
 */
export class ServerConnection {
  private state: State = { kind: 'idle' };
  private attempts = 0;
  private lastKind: McpTransportKind;
  private onToolsChanged: Array<() => void> = [];

  constructor(
    readonly config: McpServerConfig,
    private readonly deps: ServerConnectionDeps,
  ) {
    this.lastKind = config.transport;
  }

  get transportInUse(): McpTransportKind {
    return this.lastKind;
  }

  /** The server's tools once it is ready; starts it if it is not. */
  async tools(): Promise<Tool[]> {
    return (await this.live()).tools;
  }

  /** Calls `fn` whenever the server's list of tools changed (after a `list_changed` or a restart). */
  watchTools(fn: () => void): void {
    this.onToolsChanged.push(fn);
  }

  async callTool(name: string, args: Record<string, unknown>, options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<CallToolResult> {
    const live = await this.live();
    try {
      const result = await live.connected.client.callTool({ name, arguments: args }, undefined, this.requestOptions(options));
      return result as CallToolResult;
    } catch (error) {
      throw this.explainFailure(error, live, options.signal);
    }
  }

  /** Runs any other request on the live client (resources, prompts), with the server's timeout. */
  async request<T>(run: (client: Client, options: { timeout: number; signal?: AbortSignal }) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const live = await this.live();
    try {
      return await run(live.connected.client, this.requestOptions({ ...(signal ? { signal } : {}) }));
    } catch (error) {
      throw this.explainFailure(error, live, signal);
    }
  }

  capabilities(): ReturnType<Client['getServerCapabilities']> {
    return this.state.kind === 'ready' ? this.state.live.connected.client.getServerCapabilities() : undefined;
  }

  /** ready | error with its message | not started yet. */
  snapshot(): { status: 'ready' | 'error' | 'idle'; error: string | null } {
    if (this.state.kind === 'ready') return { status: 'ready', error: null };
    if (this.state.kind === 'failed') return { status: 'error', error: this.state.error.message };
    return { status: 'idle', error: null };
  }

  async close(): Promise<void> {
    const state = this.state;
    this.state = { kind: 'closed' };
    const live = state.kind === 'ready' ? state.live : state.kind === 'starting' ? await state.ready.catch(() => null) : null;
    if (live) await live.connected.client.close().catch(() => undefined);
  }

  private requestOptions(options: { signal?: AbortSignal; timeoutMs?: number }) {
    return { timeout: options.timeoutMs ?? this.config.timeoutMs, ...(options.signal ? { signal: options.signal } : {}) };
  }

  private live(): Promise<Live> {
    switch (this.state.kind) {
      case 'ready':
        return Promise.resolve(this.state.live);
      case 'starting':
        return this.state.ready;
      case 'failed':
        return Promise.reject(this.state.error);
      case 'closed':
        return Promise.reject(new McpServerUnavailableError(this.config.name, 'error', `MCP server "${this.config.name}" was shut down`, null));
      case 'idle':
        return this.begin(0);
    }
  }

  private begin(delayMs: number): Promise<Live> {
    const ready = (async () => {
      if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs).unref());
      if (this.state.kind === 'closed') throw new McpServerUnavailableError(this.config.name, 'error', `MCP server "${this.config.name}" was shut down`, null);
      let connected: Connected | undefined;
      try {
        connected = await this.deps.connect(this.config);
        const tools = await listAllTools(connected.client, this.config.timeoutMs);
        return { connected, tools, since: Date.now() };
      } catch (error) {
        await connected?.client.close().catch(() => undefined);
        throw unavailable(this.config.name, error instanceof Error ? error : new Error(String(error)));
      }
    })();
    this.state = { kind: 'starting', ready };
    ready.then(
      (live) => {
        if (this.state.kind !== 'starting' || this.state.ready !== ready) return void live.connected.client.close().catch(() => undefined);
        this.state = { kind: 'ready', live };
        this.lastKind = live.connected.kind;
        this.watch(live);
        const how = `${live.tools.length} tool${live.tools.length === 1 ? '' : 's'} over ${live.connected.kind}`;
        this.deps.log(`ready: ${how}${live.connected.pid ? `, pid ${live.connected.pid}` : ''}`);
        this.deps.news(this.attempts ? { status: 'ready', message: `restarted (${how})`, attempt: this.attempts } : { status: 'ready', message: how });
        if (this.attempts) for (const fn of this.onToolsChanged) fn();
      },
      (error: Error) => {
        if (this.state.kind !== 'starting' || this.state.ready !== ready) return;
        this.deps.log(`could not start: ${error.message}`);
        if (this.attempts > 0) return this.crashed(error.message);
        this.state = { kind: 'failed', error };
      },
    );
    return ready;
  }

  private watch(live: Live): void {
    const client = live.connected.client;
    client.onclose = () => {
      if (this.state.kind !== 'ready' || this.state.live !== live) return;
      if (Date.now() - live.since > (this.deps.restart ?? DEFAULT_RESTART_POLICY).stableAfterMs) this.attempts = 0;
      this.crashed(describeExit(live));
    };
    client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
      try {
        live.tools = await listAllTools(client, this.config.timeoutMs);
        for (const fn of this.onToolsChanged) fn();
      } catch (error) {
        this.deps.log(`could not list tools again: ${(error as Error).message}`);
      }
    });
  }

  private crashed(why: string): void {
    const policy = this.deps.restart ?? DEFAULT_RESTART_POLICY;
    if (this.attempts >= policy.maxAttempts) {
      const message = `${why}; gave up after ${policy.maxAttempts} restart${policy.maxAttempts === 1 ? '' : 's'}`;
      this.state = { kind: 'failed', error: new McpServerUnavailableError(this.config.name, 'error', `MCP server "${this.config.name}" ${message}`, 'check-server') };
      this.deps.log(message);
      this.deps.news({ status: 'failed', message });
      return;
    }
    this.attempts++;
    const delay = Math.min(policy.baseDelayMs * 2 ** (this.attempts - 1), policy.maxDelayMs);
    const message = `${why}; restarting in ${formatDelay(delay)} (attempt ${this.attempts} of ${policy.maxAttempts})`;
    this.deps.log(message);
    this.deps.news({ status: 'crashed', message, attempt: this.attempts });
    // Calls waiting on this restart learn its outcome; nobody else needs to hear of a failure twice.
    this.begin(delay).catch(() => undefined);
  }

  /** A call cut off by a crash says so; the model may call again once the server is back. */
  private explainFailure(error: unknown, live: Live, signal: AbortSignal | undefined): Error {
    // A remote server has no process to watch: a request that fails below MCP (refused, reset) is its crash.
    if (live.connected.kind !== 'stdio' && !(error instanceof McpError) && !signal?.aborted && this.state.kind === 'ready' && this.state.live === live) {
      this.crashed(`the connection to the server failed (${error instanceof Error ? error.message : String(error)})`);
      void live.connected.client.close().catch(() => undefined);
    }
    const current = this.state.kind === 'ready' ? this.state.live : null;
    if (current !== live) {
      return new Error(`MCP server "${this.config.name}" stopped during the call (${describeExit(live)}); it is being restarted, so the call may be tried again`);
    }
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** Every page of `tools/list` (a repeated cursor ends the walk rather than looping). */
export async function listAllTools(client: Client, timeoutMs: number): Promise<Tool[]> {
  if (!client.getServerCapabilities()?.tools) return [];
  const tools: Tool[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor === undefined ? {} : { cursor }, { timeout: timeoutMs });
    tools.push(...page.tools);
    cursor = page.nextCursor;
    if (cursor !== undefined && seen.has(cursor)) break;
    if (cursor !== undefined) seen.add(cursor);
  } while (cursor !== undefined);
  return tools;
}

function describeExit(live: Live): string {
  const exit = live.connected.exit();
  if (!exit) return live.connected.kind === 'stdio' ? 'the server exited' : 'the connection to the server was lost';
  return exit.signal ? `the server was killed by ${exit.signal}` : `the server exited with code ${exit.code}`;
}

function unavailable(server: string, error: Error): Error {
  if (error instanceof McpServerUnavailableError) return error;
  if (error.name === 'McpSignInRequiredError') return new McpServerUnavailableError(server, 'error', error.message, 'sign-in');
  const remedy = error.name === 'ServerSpawnError' ? ((error as { remedy?: McpRemedy }).remedy ?? 'check-server') : 'check-server';
  return new McpServerUnavailableError(server, 'error', `MCP server "${server}" did not start: ${error.message}`, remedy);
}

function formatDelay(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms % 1000 ? 1 : 0)} s`;
}
