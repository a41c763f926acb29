import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { auth, UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { McpSignInRequiredError } from './errors';
import { StoredOAuthProvider, type AuthorizationPort, type AuthorizationSession, type OAuthStore } from './oauth';
import { ProcessTransport, type ProcessExit } from './processTransport';
import type { McpServerConfig, McpTransportKind, RemoteServerConfig, StdioServerConfig } from './types';
import type { ServerWrapper } from '../sandbox';

export const CLIENT_INFO = { name: 'specwright', version: '0.1.0' } as const;

export interface OAuthPorts {
  store: OAuthStore;
  /** Absent where nobody can sign in (CI): a server that needs it reports so instead. */
  authorization?: AuthorizationPort;
}

export interface ConnectOptions {
  onStderr?: (text: string) => void;
  oauth?: OAuthPorts;
  signal?: AbortSignal;
  killGraceMs?: number;
  /** What stdio servers inherit (the model's key is always withheld); default process.env. */
  inheritedEnv?: NodeJS.ProcessEnv;
  /** Where stdio servers start (unless their config says `sandboxed: false`); without it they run as they are. */
  sandbox?: ServerWrapper;
}

/** A live session with one server. */
export interface Connected {
  client: Client;
  transport: Transport;
  /** The transport in use: `sse` also when `http` fell back to it. */
  kind: McpTransportKind;
  pid: number | undefined;
  /** How the process ended (stdio only), once it has. */
  exit(): ProcessExit | null;
}

/** Starts (stdio) or reaches (http, sse) a server and completes the MCP handshake. */
export async function connectServer(config: McpServerConfig, options: ConnectOptions = {}): Promise<Connected> {
  return config.transport === 'stdio' ? connectProcess(config, options) : connectRemote(config, options);
}

async function connectProcess(config: StdioServerConfig, options: ConnectOptions): Promise<Connected> {
  const transport = new ProcessTransport({
    command: config.command,
    args: config.args,
    env: config.env,
    cwd: config.cwd,
    ...(options.onStderr ? { onStderr: options.onStderr } : {}),
    ...(options.killGraceMs !== undefined ? { killGraceMs: options.killGraceMs } : {}),
    ...(options.inheritedEnv ? { inheritedEnv: options.inheritedEnv } : {}),
    ...(config.sandboxed && options.sandbox ? { sandbox: options.sandbox } : {}),
    scope: config.scope,
  });
  const client = newClient();
  try {
    await client.connect(transport, { timeout: config.timeoutMs, ...(options.signal ? { signal: options.signal } : {}) });
  } catch (error) {
    await transport.close().catch(() => undefined);
    throw withExit(error, transport.exit);
  }
  return { client, transport, kind: 'stdio', pid: transport.pid, exit: () => transport.exit };
}

/**
 * Streamable HTTP first; the older HTTP+SSE when the server refuses it (a 4xx other than 401/403).
 * A 401 starts the OAuth sign-in: dynamic registration, the person signs in through the host's
 * AuthorizationPort, and the connection is made again with the tokens.
 */
async function connectRemote(config: RemoteServerConfig, options: ConnectOptions): Promise<Connected> {
  const url = new URL(config.url);
  const store = options.oauth?.store;
  const known = store ? await store.load(config.url) : undefined;
  let provider = store && known?.tokens ? await StoredOAuthProvider.open(store, config.url, null) : undefined;
  try {
    return await reach(config, url, provider, options);
  } catch (error) {
    if (!needsSignIn(error)) throw error;
    if (!store || !options.oauth?.authorization) throw new McpSignInRequiredError(config.name, 'it answered 401 Unauthorized, and there is no browser here to sign in with');
  }
  let session: AuthorizationSession | null = null;
  try {
    session = await options.oauth.authorization.begin(config.name, (await store.load(config.url))?.redirectUrl);
    provider = await StoredOAuthProvider.open(store, config.url, session);
    try {
      return await reach(config, url, provider, options);
    } catch (error) {
      if (!(error instanceof UnauthorizedError) || !provider.pendingAuthorization) throw error;
    }
    const code = await session.complete(provider.pendingAuthorization, provider.expectedState, options.signal);
    const result = await auth(provider, { serverUrl: url, authorizationCode: code });
    if (result !== 'AUTHORIZED') throw new McpSignInRequiredError(config.name, 'the sign-in did not complete');
    return await reach(config, url, provider, options);
  } finally {
    await session?.close();
  }
}

async function reach(config: RemoteServerConfig, url: URL, provider: StoredOAuthProvider | undefined, options: ConnectOptions): Promise<Connected> {
  const init = { requestInit: { headers: config.headers }, ...(provider ? { authProvider: provider } : {}) };
  if (config.transport === 'sse') return open(new SSEClientTransport(url, init), 'sse', config, options);
  try {
    return await open(new StreamableHTTPClientTransport(url, init), 'http', config, options);
  } catch (error) {
    if (!refusedStreamableHttp(error)) throw error;
    return open(new SSEClientTransport(url, init), 'sse', config, options);
  }
}

async function open(transport: Transport, kind: McpTransportKind, config: McpServerConfig, options: ConnectOptions): Promise<Connected> {
  const client = newClient();
  try {
    await client.connect(transport, { timeout: config.timeoutMs, ...(options.signal ? { signal: options.signal } : {}) });
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
  return { client, transport, kind, pid: undefined, exit: () => null };
}

function newClient(): Client {
  return new Client(CLIENT_INFO, { capabilities: {} });
}

function statusOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

function needsSignIn(error: unknown): boolean {
  return error instanceof UnauthorizedError || statusOf(error) === 401;
}

/** The server does not speak Streamable HTTP at this URL (an SSE-only server answers POST with 404 or 405). */
function refusedStreamableHttp(error: unknown): boolean {
  const status = statusOf(error);
  return status !== undefined && status >= 400 && status < 500 && status !== 401 && status !== 403;
}

/** A handshake that failed because the program exited says so, with its exit code. */
function withExit(error: unknown, exit: ProcessExit | null): unknown {
  if (!exit || !(error instanceof Error) || error.name === 'ServerSpawnError') return error;
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  return new Error(`the server ${how} before it was ready (${error.message}); its log has its output`, { cause: error });
}
