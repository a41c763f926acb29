import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { getOAuthProtectedResourceMetadataUrl, mcpAuthRouter } from '@modelcontextprotocol/sdk/server/auth/router.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { TestOAuthProvider } from './oauthProvider';

export interface HttpMcpServerOptions {
  /** Streamable HTTP at `/mcp`, or only the older HTTP+SSE at `/sse` (+ `/messages`). */
  transport: 'streamable' | 'sse';
  /** How many tools; their names are verb_noun pairs (create_issue, list_repo, …). Default 3. */
  tools?: number;
  /** Tools per page of `tools/list`. Default: all on one page. */
  pageSize?: number;
  /** Requires a bearer token from the built-in authorization server (dynamic registration, PKCE). */
  oauth?: boolean;
}

export interface HttpMcpServer {
  /** The URL to put in mcp.json. */
  url: string;
  /** `tools/list` pages served and tools called, in order. */
  readonly listPages: number;
  readonly calls: string[];
  /** POSTs refused at the Streamable HTTP path of an SSE-only server. */
  readonly refusedPosts: number;
  oauth: TestOAuthProvider | null;
  close(): Promise<void>;
}

const VERBS = ['create', 'list', 'delete', 'update', 'get'];
const NOUNS = ['issue', 'repo', 'branch', 'comment', 'label', 'user', 'team', 'project', 'file', 'release', 'milestone', 'webhook', 'gist', 'key', 'secret', 'workflow', 'run', 'artifact', 'package', 'discussion', 'review', 'commit', 'tag', 'status'];

export function toolNameAt(index: number): string {
  const noun = NOUNS[index % NOUNS.length]!;
  const verb = VERBS[Math.floor(index / NOUNS.length) % VERBS.length]!;
  const round = Math.floor(index / (NOUNS.length * VERBS.length));
  return `${verb}_${noun}${round ? `_${round}` : ''}`;
}

/** An MCP server over HTTP built with the SDK, on 127.0.0.1 and a free port. */
export async function startHttpMcpServer(options: HttpMcpServerOptions): Promise<HttpMcpServer> {
  const count = options.tools ?? 3;
  const tools: Tool[] = Array.from({ length: count }, (_, i) => ({
    name: toolNameAt(i),
    description: `${toolNameAt(i).replace('_', 's a ')} (tool ${i})`,
    inputSchema: { type: 'object', properties: { note: { type: 'string' } } },
    ...(toolNameAt(i).startsWith('delete_') ? { annotations: { destructiveHint: true } } : toolNameAt(i).startsWith('get_') ? { annotations: { readOnlyHint: true } } : {}),
  }));
  const pageSize = options.pageSize ?? Math.max(count, 1);
  const state = { listPages: 0, calls: [] as string[], refusedPosts: 0 };

  const mcpServer = () => {
    const server = new Server({ name: 'test-http', version: '1.0.0' }, { capabilities: { tools: {} } });
    server.setRequestHandler(ListToolsRequestSchema, async (request) => {
      state.listPages++;
      const start = request.params?.cursor ? Number(request.params.cursor) : 0;
      const end = start + pageSize;
      return { tools: tools.slice(start, end), ...(end < tools.length ? { nextCursor: String(end) } : {}) };
    });
    server.setRequestHandler(CallToolRequestSchema, async (request) => {
      state.calls.push(request.params.name);
      if (!tools.some((t) => t.name === request.params.name)) return { content: [{ type: 'text', text: `no tool ${request.params.name}` }], isError: true };
      return { content: [{ type: 'text', text: `${request.params.name} done${request.params.arguments?.note ? `: ${String(request.params.arguments.note)}` : ''}` }] };
    });
    return server;
  };

  const app = express();
  const httpServer: HttpServer = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  const provider = options.oauth ? new TestOAuthProvider() : null;
  const mcpPath = options.transport === 'streamable' ? '/mcp' : '/sse';
  const guard: express.RequestHandler[] = [];
  if (provider) {
    app.use(mcpAuthRouter({ provider, issuerUrl: new URL(base), resourceServerUrl: new URL(`${base}${mcpPath}`) }));
    guard.push(requireBearerAuth({ verifier: provider, resourceMetadataUrl: getOAuthProtectedResourceMetadataUrl(new URL(`${base}${mcpPath}`)) }));
  }

  if (options.transport === 'streamable') {
    app.post('/mcp', ...guard, express.json(), async (req, res) => {
      const server = mcpServer();
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
      res.on('close', () => void transport.close().then(() => server.close()));
      await server.connect(transport);
      await transport.handleRequest(req, res, req.body);
    });
    app.all('/mcp', (_req, res) => void res.status(405).set('allow', 'POST').send('Method Not Allowed'));
  } else {
    const sessions = new Map<string, SSEServerTransport>();
    app.get('/sse', ...guard, async (_req, res) => {
      const transport = new SSEServerTransport('/messages', res);
      sessions.set(transport.sessionId, transport);
      res.on('close', () => sessions.delete(transport.sessionId));
      await mcpServer().connect(transport);
    });
    app.post('/messages', ...guard, express.json(), async (req, res) => {
      const transport = sessions.get(String(req.query.sessionId));
      if (!transport) return void res.status(404).send('unknown session');
      await transport.handlePostMessage(req, res, req.body);
    });
    app.post('/sse', (_req, res) => {
      state.refusedPosts++;
      res.status(405).send('Method Not Allowed');
    });
  }

  return {
    url: `${base}${mcpPath}`,
    get listPages() {
      return state.listPages;
    },
    calls: state.calls,
    get refusedPosts() {
      return state.refusedPosts;
    },
    oauth: provider,
    close: () =>
      new Promise<void>((resolve) => {
        httpServer.closeAllConnections();
        httpServer.close(() => resolve());
      }),
  };
}
