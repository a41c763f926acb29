import { promises as fs, type Stats } from 'node:fs';
import * as path from 'node:path';
import { resolveInWorkspace, WorkspaceGitignore, type WorkspacePath } from '../../fs';
import { ToolInputError } from './types';

/** Folders never walked into: dependencies and VCS internals are huge and never what the model wants. */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git']);

export interface WalkOptions {
  maxDepth: number;
  signal: AbortSignal;
  /** Entries these rules ignore are neither listed nor walked into; each is passed to `onIgnored`. */
  gitignore?: WorkspaceGitignore | null;
  onIgnored?: (entry: { relative: string; isDirectory: boolean }) => void;
}

export interface WalkEntry {
  absolute: string;
  /** Workspace-relative, forward slashes. */
  relative: string;
  isDirectory: boolean;
  /** 1 for the entries of the walk's root folder. */
  depth: number;
  /** A folder that is never walked into (node_modules, .git, symlinked folders). */
  notDescended: boolean;
}

/** Resolves a path the model gave (absolute or workspace-relative) to its real location inside the workspace. */
export function resolveToolPath(workspace: string, requested: string): WorkspacePath {
  return resolveInWorkspace(workspace, requested.trim() || '.');
}

export function displayPath(relative: string): string {
  return relative || '.';
}

/** Stat that turns "missing" into a message the model can act on. */
export async function statExisting(target: WorkspacePath): Promise<Stats> {
  try {
    return await fs.stat(target.absolute);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new ToolInputError(`${displayPath(target.relative)} does not exist.`);
    throw error;
  }
}

/** Binary files hold NUL bytes early on; text files practically never do. */
export function looksBinary(content: Buffer): boolean {
  return content.subarray(0, 8_000).includes(0);
}

/**
 * The workspace's .gitignore rules for a walk from `start`, as ripgrep reads them: what they ignore
 * is skipped, unless the folder the walk starts from is itself ignored (the model named it: it
 * wants to look inside). Read afresh for each tool call, as the agent may have edited a .gitignore.
 */
export function gitignoreForWalk(workspace: string, start: WorkspacePath): WorkspaceGitignore | null {
  const gitignore = new WorkspaceGitignore(workspace);
  return start.relative && gitignore.ignores(start.relative, true) ? null : gitignore;
}

/**
 * Walks a folder depth-first in name order (a folder's entries right after it), up to maxDepth
 * levels (Infinity for all). Symlinked folders are listed but not followed, so the walk can neither
 * loop nor leave the workspace.
 */
export async function* walk(workspace: string, dir: WorkspacePath, options: WalkOptions, depth = 1): AsyncGenerator<WalkEntry> {
  options.signal.throwIfAborted();
  let entries;
  try {
    entries = await fs.readdir(dir.absolute, { withFileTypes: true });
  } catch {
    return; // Unreadable or vanished folder: skip it rather than fail the whole walk.
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const absolute = path.join(dir.absolute, entry.name);
    const relative = dir.relative ? `${dir.relative}/${entry.name}` : entry.name;
    let isDirectory = entry.isDirectory();
    if (entry.isSymbolicLink()) {
      try {
        isDirectory = (await fs.stat(resolveInWorkspace(workspace, absolute).absolute)).isDirectory();
      } catch {
        continue; // Broken, or pointing outside the workspace: not ours to show.
      }
    }
    if (options.gitignore?.ignores(relative, isDirectory)) {
      options.onIgnored?.({ relative, isDirectory });
      continue;
    }
    const canDescend = isDirectory && !entry.isSymbolicLink() && !SKIPPED_DIRS.has(entry.name);
    const descend = canDescend && depth < options.maxDepth;
    yield { absolute, relative, isDirectory, depth, notDescended: isDirectory && !canDescend };
    if (descend) yield* walk(workspace, { absolute, relative }, options, depth + 1);
  }
}
