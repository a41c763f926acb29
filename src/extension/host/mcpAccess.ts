import * as vscode from 'vscode';
import type { McpAccess } from '../../core/agent';
import type { OAuthRecord, OAuthStore, ServerApprovalAnswer, ServerApprovalRequest } from '../../core/mcp';
import { untilStopped } from '../../core/approvals';
import { serverLines } from '../mcp/serverLines';
import { agentRuntime } from '../runtime/load';

const START = 'Start Server';

/**
 * MCP servers in VS Code runs, hook prompts and chats. A server the workspace's mcp.json defines
 * starts only in a trusted workspace, once the person approved its exact command line (or URL) in a
 * modal; the answer is kept in ~/.kiro/specwright, outside the repository, and a changed command
 * asks again. Sign-in tokens of remote servers live in VS Code's SecretStorage (the OS keychain);
 * the sign-in page opens in the browser and comes back to a listener on 127.0.0.1.
 */
export function extensionMcpAccess(secrets: vscode.SecretStorage, log: vscode.LogOutputChannel, output: Pick<vscode.OutputChannel, 'append'>): McpAccess {
  // Servers start side by side; their questions come one at a time.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    // Each server's stderr, starts and exits, as its log file has them, one channel for all, each line under its name.
    onServerOutput: (server, text) => output.append(serverLines(server, text)),
    approvals: {
      get workspaceTrusted() {
        return vscode.workspace.isTrusted;
      },
      ask: (request, signal) => {
        const asked = queue.then(() => (signal ? untilStopped(askToStart(request), signal) : askToStart(request)));
        queue = asked.catch(() => undefined);
        return asked;
      },
    },
    oauth: {
      store: new SecretOAuthStore(secrets),
      authorization: {
        begin: async (server, preferredRedirect) => {
          const { loopbackAuthorization } = await agentRuntime();
          return loopbackAuthorization({
            open: async (url) => {
              log.info(`MCP server "${server}" needs you to sign in: ${url.href}`);
              await vscode.env.openExternal(vscode.Uri.parse(url.href, true));
            },
          }).begin(server, preferredRedirect);
        },
      },
    },
  };
}

async function askToStart(request: ServerApprovalRequest): Promise<ServerApprovalAnswer> {
  const detail = [
    `It would run:\n${request.launch}`,
    ...(request.envKeys.length ? [`With ${request.launch.includes('://') ? 'headers' : 'environment variables'}: ${request.envKeys.join(', ')}`] : []),
    ...(request.autoApprove.length ? [`Tools it runs without asking: ${request.autoApprove.join(', ')}`] : []),
    'Your answer is kept for this workspace until the command changes.',
  ].join('\n\n');
  const choice = await vscode.window.showWarningMessage(`Specwright: start MCP server "${request.server}", defined by this workspace (${request.file})?`, { modal: true, detail }, START);
  return choice === START ? { approved: true, remember: true } : { approved: false };
}

/** Sign-in tokens of remote MCP servers, in SecretStorage (one secret per server key). */
export class SecretOAuthStore implements OAuthStore {
  constructor(private readonly secrets: Pick<vscode.SecretStorage, 'get' | 'store' | 'delete'>) {}

  async load(key: string): Promise<OAuthRecord | undefined> {
    const text = await this.secrets.get(secretKey(key));
    if (!text) return undefined;
    try {
      return JSON.parse(text) as OAuthRecord;
    } catch {
      return undefined;
    }
  }

  async save(key: string, record: OAuthRecord | undefined): Promise<void> {
    if (record === undefined) await this.secrets.delete(secretKey(key));
    else await this.secrets.store(secretKey(key), JSON.stringify(record));
  }
}

const secretKey = (key: string) => `specwright.mcp.oauth:${key}`;
