import { realpathSync } from 'node:fs';
import * as path from 'node:path';
import { isAtOrUnder } from './layout';

/**
 * What an MCP server may write besides the workspace: the caches `npx`, `uvx`, `pnpm dlx` and `bunx`
 * fill when they fetch the server (relative to home; those that exist).
 */
export const SERVER_CACHES = ['.npm', '.cache', '.local/share/uv', '.local/share/pnpm', '.bun/install/cache'];

/**
 * The server's own folder (its `cwd`), writable for a server of the user's own mcp.json when it is a
 * folder of theirs under home that holds no configuration: not home itself, not a dot folder or
 * anything inside one (`~/.config`, `~/.kiro`, where a write would change what runs later outside
 * the sandbox), not a folder holding the workspace. Otherwise the server may read it, not write it.
 * A workspace's server gets no more than the workspace: its mcp.json came with the repository.
 */
export function serverOwnFolder(options: { cwd: string; home: string; workspace: string; scope: 'user' | 'workspace' }): string | null {
  if (options.scope !== 'user') return null;
  const cwd = realOr(options.cwd);
  const home = realOr(options.home);
  if (cwd === home || !isAtOrUnder(cwd, home) || isAtOrUnder(realOr(options.workspace), cwd)) return null;
  const inside = path.relative(home, cwd).split(path.sep);
  return inside.some((segment) => segment.startsWith('.')) ? null : cwd;
}

function realOr(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}
