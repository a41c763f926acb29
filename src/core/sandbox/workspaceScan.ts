import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import * as path from 'node:path';
import { PathPolicy } from '../policy';

/** What inside the workspace a sandboxed command must not read or change, found by walking it. */
export interface WorkspaceScan {
  /** Secrets files (the policy's list: `.env*`, keys, certificates, `.npmrc`, credentials…), real paths. */
  secretFiles: string[];
  /** Folders with a secret's name (`secrets.d/`), real paths. */
  secretDirs: string[];
  /** Every `mcp.json` (MCP servers run programs with the user's credentials). */
  mcpFiles: string[];
  /** `.git` folders or files of nested repositories and submodules. */
  nestedGit: string[];
  /** True when the walk stopped at its entry limit (the rest was not looked at). */
  truncated: boolean;
}

/**
 * Folders not walked: installed dependencies and caches hold no secrets of the user's, and walking
 * them would cost more than the command. Secrets anywhere else are found before every command.
 */
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.venv', 'venv', '__pycache__', '.tox', '.gradle', '.next', '.turbo', '.pnpm-store', 'bower_components', '.specwright']);

const MAX_ENTRIES = 200_000;

export function scanWorkspace(workspace: string, home: string): WorkspaceScan {
  const policy = new PathPolicy(workspace, home);
  const scan: WorkspaceScan = { secretFiles: [], secretDirs: [], mcpFiles: [], nestedGit: [], truncated: false };
  const pending: string[] = [''];
  let seen = 0;
  while (pending.length) {
    const relativeDir = pending.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(path.join(workspace, relativeDir), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (++seen > MAX_ENTRIES) {
        scan.truncated = true;
        return scan;
      }
      const relative = relativeDir ? `${relativeDir}/${entry.name}` : entry.name;
      const absolute = path.join(workspace, relative);
      if (entry.name === '.git') {
        if (relativeDir) scan.nestedGit.push(absolute);
        continue;
      }
      const secret = policy.isSecret(relative);
      const mcp = entry.name.toLowerCase() === 'mcp.json';
      if (entry.isDirectory()) {
        if (secret) scan.secretDirs.push(absolute);
        else if (!SKIPPED_DIRS.has(entry.name)) pending.push(relative);
        continue;
      }
      if (!secret && !mcp) continue;
      // A symlink is masked where it leads (the mount lands there); a dangling one has nothing to hide.
      const target = entry.isSymbolicLink() ? realTarget(absolute) : { path: absolute, dir: false };
      if (!target) continue;
      if (secret) (target.dir ? scan.secretDirs : scan.secretFiles).push(target.path);
      else if (!target.dir) scan.mcpFiles.push(target.path);
    }
  }
  return scan;
}

function realTarget(link: string): { path: string; dir: boolean } | null {
  try {
    const real = realpathSync(link);
    return { path: real, dir: statSync(real).isDirectory() };
  } catch {
    return null;
  }
}
