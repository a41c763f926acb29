import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Folders never watched: version control, dependencies, and Specwright's own run state (run logs and
 * checkpoints are written during runs, and must not look like the user's edits).
 */
const ALWAYS_IGNORED_NAMES = new Set(['.git', 'node_modules']);
const ALWAYS_IGNORED_PATHS = ['.kiro/.specwright'];

interface IgnoreRule {
  regex: RegExp;
  negated: boolean;
  directoryOnly: boolean;
}

/**
 * The workspace's root `.gitignore`, read simply: comments, blank lines, `!` re-includes, a trailing
 * `/` for folders only, a leading or inner `/` anchoring to the root, `*`, `?`, `**`. Nested
 * `.gitignore` files and escapes are not read; the cost of missing one is a hook firing on a build
 * output, not a wrong result.
 */
export class WorkspaceIgnore {
  private constructor(private readonly rules: IgnoreRule[]) {}

  static fromText(text: string): WorkspaceIgnore {
    return new WorkspaceIgnore(text.split(/\r?\n/).map(parseLine).filter((r): r is IgnoreRule => r !== null));
  }

  /** Reads `<workspace>/.gitignore`; no file means only the always-ignored folders. */
  static forWorkspace(workspace: string): WorkspaceIgnore {
    try {
      return WorkspaceIgnore.fromText(readFileSync(path.join(workspace, '.gitignore'), 'utf8'));
    } catch {
      return new WorkspaceIgnore([]);
    }
  }

  /**
   * `relativePath` uses forward slashes. `isDirectory` undefined means "not known": folder-only rules
   * then apply too, which errs towards ignoring (the watcher asks before it has looked).
   */
  ignores(relativePath: string, isDirectory?: boolean): boolean {
    if (!relativePath || relativePath === '.') return false;
    const segments = relativePath.split('/');
    if (segments.some((s) => ALWAYS_IGNORED_NAMES.has(s))) return true;
    if (ALWAYS_IGNORED_PATHS.some((p) => relativePath === p || relativePath.startsWith(`${p}/`))) return true;
    // As in git, nothing below an ignored folder can be re-included: check each ancestor first.
    for (let i = 1; i <= segments.length; i++) {
      const prefix = segments.slice(0, i).join('/');
      const isLast = i === segments.length;
      if (this.lastVerdict(prefix, isLast ? isDirectory : true)) return true;
    }
    return false;
  }

  private lastVerdict(relativePath: string, isDirectory: boolean | undefined): boolean {
    let ignored = false;
    for (const rule of this.rules) {
      if (rule.directoryOnly && isDirectory === false) continue;
      if (rule.regex.test(relativePath)) ignored = !rule.negated;
    }
    return ignored;
  }
}

function parseLine(line: string): IgnoreRule | null {
  let pattern = line.replace(/\s+$/, '');
  if (!pattern || pattern.startsWith('#')) return null;
  const negated = pattern.startsWith('!');
  if (negated) pattern = pattern.slice(1);
  const directoryOnly = pattern.endsWith('/');
  if (directoryOnly) pattern = pattern.slice(0, -1);
  // A slash at the start or in the middle anchors the pattern to the root; otherwise it matches at any depth.
  const anchored = pattern.includes('/');
  if (pattern.startsWith('/')) pattern = pattern.slice(1);
  if (!pattern) return null;
  const body = globToRegexSource(pattern);
  return { regex: new RegExp(anchored ? `^${body}$` : `(?:^|/)${body}$`), negated, directoryOnly };
}

function globToRegexSource(glob: string): string {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      const slashAfter = glob[i + 2] === '/';
      re += slashAfter ? '(?:.*/)?' : '.*';
      i += slashAfter ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return re;
}
