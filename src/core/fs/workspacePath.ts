import { realpathSync } from 'node:fs';
import * as path from 'node:path';

export class PathOutsideWorkspaceError extends Error {
  constructor(readonly requested: string, readonly resolved: string) {
    super(`Path "${requested}" resolves to ${resolved}, which is outside the workspace.`);
    this.name = 'PathOutsideWorkspaceError';
  }
}

export interface WorkspacePath {
  /** Absolute path with every existing symlink resolved. */
  absolute: string;
  /** Path relative to the (real) workspace root, with forward slashes; '' for the root itself. */
  relative: string;
}

/**
 * Resolves `requested` (absolute, or relative to the workspace) to where it really points, following
 * symlinks on every existing ancestor, so `link/../x`, `../x` and a symlink to `/etc` are all judged
 * by their real destination. Paths that do not exist yet are resolved through their deepest existing
 * ancestor. Throws PathOutsideWorkspaceError for anything that lands outside the workspace.
 */
export function resolveInWorkspace(workspaceRoot: string, requested: string): WorkspacePath {
  const root = realpathSync(workspaceRoot);
  // `~` is the shell's home, never a folder in the workspace: refuse it rather than guess.
  const lexical = path.resolve(root, requested);
  const absolute = realpathOfDeepestAncestor(lexical);
  const relative = path.relative(root, absolute);
  if (relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative) || requested.startsWith('~')) {
    throw new PathOutsideWorkspaceError(requested, absolute);
  }
  return { absolute, relative: relative.split(path.sep).join('/') };
}

/** True when `requested` resolves inside the workspace. */
export function isInsideWorkspace(workspaceRoot: string, requested: string): boolean {
  try {
    resolveInWorkspace(workspaceRoot, requested);
    return true;
  } catch {
    return false;
  }
}

function realpathOfDeepestAncestor(target: string): string {
  const missing: string[] = [];
  let current = target;
  for (;;) {
    try {
      const real = realpathSync(current);
      return missing.length ? path.join(real, ...missing.reverse()) : real;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
      const parent = path.dirname(current);
      if (parent === current) return target;
      missing.push(path.basename(current));
      current = parent;
    }
  }
}
