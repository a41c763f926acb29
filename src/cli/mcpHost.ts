import * as os from 'node:os';
import * as readline from 'node:readline';
import { readHookSettings } from '../core/hooks';
import {
  FileOAuthStore,
  loopbackAuthorization,
  type McpHubOptions,
  type McpRemedy,
  type ServerApprovalAnswer,
  type ServerApprovalPort,
  type ServerApprovalRequest,
} from '../core/mcp';
import { painter, type CliContext } from './io';

export type CliMcpPorts = Pick<McpHubOptions, 'approvals' | 'oauth'>;

/** The home whose `~/.kiro` holds user servers, approvals and tokens. */
export function cliHome(ctx: CliContext): string {
  return ctx.env.HOME ?? os.homedir();
}

/**
 * How the CLI lets a workspace's MCP servers start: `--trust` starts them for this invocation (and
 * remembers nothing); on a terminal the person is asked once per launch and the answer is kept in
 * `~/.kiro/specwright/`; otherwise (CI, pipes) they stay stopped and show as needs-approval, unless
 * approved on a terminal before. The workspace counts as trusted with `--trust`, on a terminal (the
 * prompt is the confirmation), or when listed in `hooks.trustedWorkspaces` of ~/.kiro/settings.json.
 * Remote servers that need a sign-in print its URL and wait for the browser's redirect on 127.0.0.1.
 */
export async function cliMcpPorts(ctx: CliContext, options: { trust: boolean }): Promise<CliMcpPorts> {
  const home = cliHome(ctx);
  const terminal = Boolean(ctx.stdin?.isTTY);
  const listed = await readHookSettings(ctx.workspace, { home }).then((s) => s.trusted, () => false);
  const paint = painter({ isTTY: terminal, env: ctx.env });
  let queue: Promise<unknown> = Promise.resolve();
  const approvals: ServerApprovalPort = {
    workspaceTrusted: options.trust || terminal || listed,
    ask: (request, signal) => {
      if (options.trust) return Promise.resolve({ approved: true, remember: false });
      if (!terminal || !ctx.stdin) return Promise.resolve(null);
      // Servers start side by side; their questions come one at a time.
      const asked = queue.then(() => askOnTerminal(ctx, request, paint, signal));
      queue = asked.catch(() => undefined);
      return asked;
    },
  };
  return {
    approvals,
    oauth: {
      store: FileOAuthStore.forHome(home),
      ...(terminal
        ? {
            authorization: loopbackAuthorization({
              open: (url, server) => ctx.stderr(paint('yellow', `MCP server "${server}" needs you to sign in. Open this address in a browser:\n  ${url.href}\n`)),
            }),
          }
        : {}),
    },
  };
}

function askOnTerminal(ctx: CliContext, request: ServerApprovalRequest, paint: ReturnType<typeof painter>, signal?: AbortSignal): Promise<ServerApprovalAnswer> {
  const lines = [
    paint('yellow', `MCP server "${request.server}" is defined by this workspace (${request.file}) and would run:`),
    `  ${request.launch}`,
    ...(request.envKeys.length ? [paint('gray', `  with ${request.launch.includes('://') ? 'headers' : 'environment variables'}: ${request.envKeys.join(', ')}`)] : []),
    ...(request.autoApprove.length ? [paint('gray', `  tools it auto-approves: ${request.autoApprove.join(', ')}`)] : []),
  ];
  ctx.stderr(lines.join('\n') + '\n');
  return new Promise((resolve, reject) => {
    const rl = readline.createInterface({ input: ctx.stdin!, output: process.stderr, terminal: true });
    const onAbort = () => {
      rl.close();
      reject(signal?.reason ?? new Error('stopped'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const ask = () =>
      rl.question(paint('yellow', 'Start it? Your answer is remembered for this workspace until the command changes. [y]es / [n]o: '), (reply) => {
        const answer = reply.trim().toLowerCase();
        if (!['y', 'yes', 'n', 'no'].includes(answer)) return ask();
        signal?.removeEventListener('abort', onAbort);
        rl.close();
        resolve(answer.startsWith('y') ? { approved: true, remember: true } : { approved: false });
      });
    ask();
  });
}

/** The remedy in the terminal's words: a flag or a command. */
export function cliRemedy(remedy: McpRemedy | null, server: string): string | null {
  switch (remedy) {
    case 'approve':
      return 'run it on a terminal to approve it, or pass --trust';
    case 'trust-workspace':
      return 'pass --trust, or run it on a terminal';
    case 'set-variable':
      return 'set the variable, or change the entry';
    case 'fix-config':
      return 'fix the entry named above';
    case 'sign-in':
      return `run "specwright mcp list" on a terminal to sign in`;
    case 'check-server':
      return `see "specwright mcp logs ${server}"`;
    case 'move-out-of-tmp':
      return 'move it out of /tmp, change the entry, and run the command again';
    default:
      return null;
  }
}
