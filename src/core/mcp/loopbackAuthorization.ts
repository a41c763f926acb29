import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuthorizationPort, AuthorizationSession } from './oauth';

/** How long a sign-in may take before it is given up. */
const SIGN_IN_TIMEOUT_MS = 5 * 60_000;

export interface LoopbackAuthorizationOptions {
  /** Shows the sign-in URL to the person (the CLI prints it; a test follows it with fetch). */
  open(url: URL, server: string): void | Promise<void>;
  timeoutMs?: number;
}

/**
 * Sign-in for a terminal: the redirect comes back to a listener on 127.0.0.1 (RFC 8252's loopback
 * redirect), on the port registered before when it is free, else on any free port.
 */
export function loopbackAuthorization(options: LoopbackAuthorizationOptions): AuthorizationPort {
  return {
    async begin(server, preferredRedirect) {
      const preferredPort = loopbackPort(preferredRedirect);
      const listener = await listen(preferredPort).catch(() => listen(0));
      const port = (listener.server.address() as AddressInfo).port;
      const redirectUrl = `http://127.0.0.1:${port}/callback`;
      return session(listener, redirectUrl, server, options);
    },
  };
}

interface Listener {
  server: Server;
  /** The query of the first request to /callback. */
  callback: Promise<URLSearchParams>;
}

function listen(port: number): Promise<Listener> {
  let deliver!: (query: URLSearchParams) => void;
  const callback = new Promise<URLSearchParams>((resolve) => (deliver = resolve));
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/callback') {
      res.writeHead(404).end();
      return;
    }
    const failed = url.searchParams.has('error');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>Specwright</title><p>${failed ? 'Sign-in failed; see the terminal.' : 'Signed in. You can close this tab and return to Specwright.'}</p>`);
    deliver(url.searchParams);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve({ server, callback });
    });
  });
}

function session(listener: Listener, redirectUrl: string, serverName: string, options: LoopbackAuthorizationOptions): AuthorizationSession {
  return {
    redirectUrl,
    async complete(url, expectedState, signal) {
      await options.open(url, serverName);
      const query = await raceWith(listener.callback, options.timeoutMs ?? SIGN_IN_TIMEOUT_MS, signal, `signing in to "${serverName}"`);
      const error = query.get('error');
      if (error) throw new Error(`the sign-in to "${serverName}" was refused: ${query.get('error_description') ?? error}`);
      if (expectedState !== undefined && query.get('state') !== expectedState) throw new Error(`the sign-in to "${serverName}" came back with a different state; it was not completed`);
      const code = query.get('code');
      if (!code) throw new Error(`the sign-in to "${serverName}" came back without a code`);
      return code;
    },
    close: () => new Promise<void>((resolve) => listener.server.close(() => resolve())),
  };
}

function loopbackPort(url: string | undefined): number {
  if (!url) return 0;
  try {
    const parsed = new URL(url);
    return parsed.hostname === '127.0.0.1' && parsed.port ? Number(parsed.port) : 0;
  } catch {
    return 0;
  }
}

function raceWith<T>(promise: Promise<T>, ms: number, signal: AbortSignal | undefined, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gave up ${what} after ${Math.round(ms / 1000)} s`)), ms);
    const onAbort = () => reject(signal?.reason ?? new Error('stopped'));
    signal?.addEventListener('abort', onAbort, { once: true });
    void promise.then(
      (value) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
