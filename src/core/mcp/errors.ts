/**
 * What the user can do about a server that is not available, as data: the CLI says it as a flag or
 * a command, VS Code as a button.
 * - `approve`: approve the workspace's server (CLI: a terminal prompt or `--trust`);
 * - `trust-workspace`: trust the workspace first;
 * - `fix-config`: edit the mcp.json entry named in the message;
 * - `set-variable`: set the environment variable named in the message;
 * - `sign-in`: complete the server's OAuth sign-in (needs a browser);
 * - `check-server`: the program or URL itself failed; its log says more;
 * - `move-out-of-tmp`: the program (or a file it is given) is in /tmp, which the sandbox hides: move
 *   it elsewhere and change the entry named in the message.
 */
export type McpRemedy = 'approve' | 'trust-workspace' | 'fix-config' | 'set-variable' | 'sign-in' | 'check-server' | 'move-out-of-tmp';

/** The status `specwright mcp list` shows for a server that is not ready. */
export type UnavailableStatus = 'disabled' | 'needs-approval' | 'error';

/** A server that cannot be used now, with why and what to do. */
export class McpServerUnavailableError extends Error {
  constructor(
    readonly server: string,
    readonly status: UnavailableStatus,
    message: string,
    readonly remedy: McpRemedy | null,
  ) {
    super(message);
    this.name = 'McpServerUnavailableError';
  }
}

/** No server by that name in either mcp.json. */
export class UnknownMcpServerError extends Error {
  constructor(readonly server: string, known: string[]) {
    super(`no MCP server named "${server}"${known.length ? `; the servers are ${known.map((n) => `"${n}"`).join(', ')}` : ' (.kiro/settings/mcp.json and ~/.kiro/settings/mcp.json define none)'}`);
    this.name = 'UnknownMcpServerError';
  }
}

/** A server that must be signed in to, where nobody can sign in (no browser, no terminal). */
export class McpSignInRequiredError extends Error {
  constructor(readonly server: string, detail: string) {
    super(`MCP server "${server}" needs you to sign in: ${detail}`);
    this.name = 'McpSignInRequiredError';
  }
}
