import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** The rules in force for the paths directly inside one folder: every .gitignore from the root down to it. */
interface FolderRules {
  /** Patterns rewritten relative to the workspace root, root file first, deepest last. */
  patterns: readonly string[];
  matcher: Ignore;
}

/**
 * "Is this path ignored?" for one workspace, answered as git answers it from the workspace's
 * `.gitignore` files: the root one and every nested one. A nested file's patterns are relative to
 * its folder and win over those of the files above it; the last matching pattern decides; `!`
 * re-includes; a trailing `/` matches folders only; a pattern with a slash before its end is
 * anchored to its file's folder, one without matches a name at any depth below it; and nothing
 * below an ignored folder can be re-included. Matching itself is the `ignore` package's.
 *
 * Each folder's `.gitignore` is read the first time a path in it is asked about, and kept until
 * {@link noteChange} says it changed. `.git/info/exclude` and the user's global excludes file are
 * not read: what the workspace says is what counts, for the hooks watcher, the agent's tools and
 * the checkpoint store's snapshots alike.
 */
export class WorkspaceGitignore {
  private readonly root: string;
  private readonly folders = new Map<string, FolderRules | null>();

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /**
   * `relativePath` is relative to the workspace root with forward slashes. `isDirectory` undefined
   * means "not known": folder-only patterns apply too, which errs towards ignoring.
   */
  ignores(relativePath: string, isDirectory?: boolean): boolean {
    const relative = normalize(relativePath);
    if (relative === '.' || relative === '..' || relative.startsWith('../') || relative.startsWith('/')) return false;
    const rules = this.rulesFor(path.posix.dirname(relative));
    if (!rules) return false;
    return rules.matcher.ignores(isDirectory === false ? relative : `${relative}/`);
  }

  /**
   * A file in the workspace was created, changed or deleted. When it is a `.gitignore`, the rules of
   * its folder and of every folder below are read again on next use; returns whether it was one.
   */
  noteChange(relativePath: string): boolean {
    const relative = normalize(relativePath);
    if (!isGitignoreFile(relative)) return false;
    const folder = folderKey(path.posix.dirname(relative));
    for (const key of this.folders.keys()) {
      if (folder === '' || key === folder || key.startsWith(`${folder}/`)) this.folders.delete(key);
    }
    return true;
  }

  private rulesFor(folder: string): FolderRules | null {
    const key = folderKey(folder);
    const known = this.folders.get(key);
    if (known !== undefined) return known;
    const above = key === '' ? null : this.rulesFor(path.posix.dirname(key));
    const own = this.readPatterns(key);
    const rules = own.length ? combine(above, own) : above;
    this.folders.set(key, rules);
    return rules;
  }

  /** The folder's own `.gitignore` patterns, rewritten relative to the root; none if it has no such file. */
  private readPatterns(folder: string): string[] {
    let text: string;
    try {
      text = readFileSync(path.join(this.root, ...(folder ? folder.split('/') : []), '.gitignore'), 'utf8');
    } catch {
      return [];
    }
    return text.split(/\r?\n/).flatMap((line) => {
      const pattern = rebase(line, folder);
      return pattern === null ? [] : [pattern];
    });
  }
}

export function isGitignoreFile(relativePath: string): boolean {
  return path.posix.basename(normalize(relativePath)) === '.gitignore';
}

function combine(above: FolderRules | null, own: string[]): FolderRules {
  const patterns = [...(above?.patterns ?? []), ...own];
  // As git's core.ignoreCase defaults on these systems' usual file systems.
  const ignorecase = process.platform === 'win32' || process.platform === 'darwin';
  return { patterns, matcher: ignore({ ignorecase }).add(patterns) };
}

/**
 * One line of `<folder>/.gitignore` as a pattern of a root .gitignore that means the same: anchored
 * patterns get the folder in front, bare ones `<folder>/**\/` (which matches at any depth below the
 * folder, the folder's own entries included). Null for blank lines and comments.
 */
function rebase(line: string, folder: string): string | null {
  if (!line.trim() || line.startsWith('#')) return null;
  if (!folder) return line;
  // The folder's own name is literal: a `[`, `*` or `?` in it is not a wildcard.
  const prefix = folder.replace(/[\\*?[\]]/g, '\\$&');
  const negation = line.startsWith('!') ? '!' : '';
  const body = line.slice(negation.length);
  const withoutTrailingSlash = body.replace(/\/+\s*$/, '');
  if (!withoutTrailingSlash.trim()) return null;
  const anchored = withoutTrailingSlash.includes('/');
  return anchored ? `${negation}/${prefix}/${body.replace(/^\/+/, '')}` : `${negation}/${prefix}/**/${body}`;
}

/** `a/./b/`, `./a/b` → `a/b`; the root is `.`. */
function normalize(relativePath: string): string {
  return path.posix.normalize(relativePath || '.').replace(/(.)\/+$/, '$1');
}

function folderKey(folder: string): string {
  return folder === '.' ? '' : folder;
}
