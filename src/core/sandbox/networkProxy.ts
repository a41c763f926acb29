import { lookup } from 'node:dns/promises';
import * as http from 'node:http';
import { isIP, connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * The one way out of a sandbox whose network is off: an HTTP proxy in Specwright's own process that
 * opens a connection only to the hosts in `sandbox.network.allowedDomains`. HTTPS goes through
 * CONNECT (the proxy never sees inside it); plain HTTP is forwarded. Refusals say why in words a
 * model can act on.
 */
export interface NetworkProxy {
  /** Where it listens: a Unix socket (Linux, bridged into the sandbox) or a loopback port (macOS). */
  readonly address: { socketPath: string } | { port: number };
  close(): Promise<void>;
}

export const BLOCKED_MARKER = 'blocked by the Specwright sandbox';

export function blockedMessage(host: string): string {
  return `network access to ${host} is ${BLOCKED_MARKER}; ask the user to add it to sandbox.network.allowedDomains in ~/.kiro/settings.json`;
}

/** Whether `host` (and `port`) is listed: `example.com`, `*.example.com` (subdomains), either with `:443`. */
export function domainAllowed(host: string, port: number, allowed: readonly string[]): boolean {
  const name = host.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  return allowed.some((entry) => {
    const { pattern, port: wanted } = splitEntry(entry.toLowerCase().trim());
    if (wanted !== null && wanted !== port) return false;
    if (pattern.startsWith('*.')) return name.endsWith(pattern.slice(1)) && name.length > pattern.length - 1;
    return name === pattern;
  });
}

function splitEntry(entry: string): { pattern: string; port: number | null } {
  const bracketed = /^\[(.+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { pattern: bracketed[1]!, port: bracketed[2] ? Number(bracketed[2]) : null };
  const match = /^([^:]+):(\d+)$/.exec(entry);
  return match ? { pattern: match[1]!, port: Number(match[2]) } : { pattern: entry, port: null };
}

/** Loopback, link-local, unspecified: this machine's own services, reached by an allowed name's DNS. */
function isLocalAddress(address: string): boolean {
  const v4 = address.replace(/^::ffff:/i, '');
  if (isIP(v4) === 4) return /^(127\.|0\.|169\.254\.)/.test(v4);
  const lower = address.toLowerCase();
  return lower === '::1' || lower === '::' || lower.startsWith('fe80:');
}

export async function startNetworkProxy(options: { allowedDomains: readonly string[]; listen: { socketPath: string } | { port: 0 } }): Promise<NetworkProxy> {
  const allowed = options.allowedDomains;
  const sockets = new Set<Duplex>();
  const track = (socket: Duplex) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };

  /** The address to dial, or a refusal reason. An IP literal must be listed itself. */
  const resolveTarget = async (host: string, port: number): Promise<{ address: string } | { refused: string }> => {
    if (!domainAllowed(host, port, allowed)) return { refused: blockedMessage(host) };
    const bare = host.replace(/^\[|\]$/g, '');
    if (isIP(bare)) return { address: bare };
    try {
      const found = await lookup(bare, { all: true });
      const usable = found.find((a) => !isLocalAddress(a.address));
      return usable ? { address: usable.address } : { refused: `${host} resolves to this machine's own address, which the sandbox does not open (list the address itself in sandbox.network.allowedDomains to allow it)` };
    } catch (error) {
      return { refused: `${host} could not be resolved (${(error as Error).message})` };
    }
  };

  const server = http.createServer(async (request, response) => {
    let url: URL;
    try {
      url = new URL(request.url ?? '');
    } catch {
      response.writeHead(400, { 'content-type': 'text/plain' }).end('Specwright sandbox proxy: only absolute http:// URLs and CONNECT are served.\n');
      return;
    }
    const port = Number(url.port || 80);
    const target = await resolveTarget(url.hostname, port);
    if ('refused' in target) {
      response.writeHead(403, { 'content-type': 'text/plain', 'x-specwright-sandbox': 'blocked' }).end(`${target.refused}\n`);
      return;
    }
    const upstream = http.request({ agent: false, host: target.address, port, method: request.method, path: `${url.pathname}${url.search}`, headers: { ...request.headers, host: url.host } }, (reply) => {
      response.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.pipe(response);
    });
    upstream.on('error', (error) => {
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(`Specwright sandbox proxy: ${url.host} failed: ${error.message}\n`);
    });
    request.pipe(upstream);
  });

  server.on('connection', track);
  server.on('connect', async (request: http.IncomingMessage, client: Duplex, head: Buffer) => {
    track(client);
    client.on('error', () => client.destroy());
    const match = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(request.url ?? '');
    if (!match) return client.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    const port = Number(match[2]);
    const target = await resolveTarget(match[1]!, port);
    if ('refused' in target) {
      const body = `${target.refused}\n`;
      return client.end(`HTTP/1.1 403 Forbidden\r\nX-Specwright-Sandbox: blocked\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    }
    const upstream: Socket = connect(port, target.address, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(upstream);
    upstream.on('error', (error) => client.end(`HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/plain\r\n\r\n${match[1]} failed: ${error.message}\n`));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    if ('socketPath' in options.listen) server.listen(options.listen.socketPath, resolve);
    else server.listen(0, '127.0.0.1', resolve);
  });
  const bound = server.address();
  const address = 'socketPath' in options.listen ? { socketPath: options.listen.socketPath } : { port: typeof bound === 'object' && bound ? bound.port : 0 };
  return {
    address,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
