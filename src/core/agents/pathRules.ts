import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';

/**
 * `allowedPaths` / `deniedPaths` as Kiro reads them: globs with `.gitignore` behaviour (`src` covers
 * everything under src/, `*.key` matches at any depth), relative to the workspace. Entries written as
 * absolute or `~/` paths count only where they point inside the workspace; nothing outside it is
 * ever read or written by the agent.
 */
export class PathList {
  private readonly matcher: Ignore;
  readonly empty: boolean;

  constructor(
    readonly patterns: readonly string[],
    workspace: string,
    home: string,
  ) {
    const usable = patterns.map((p) => workspacePattern(p, workspace, home)).filter((p): p is string => p !== null);
    this.matcher = ignore().add(usable);
    this.empty = usable.length === 0;
  }

  /** `relative`: workspace-relative, forward slashes (as the policy's actions name paths). */
  matches(relative: string): string | null {
    const clean = relative.replace(/^\.\/+/, '').replace(/\/+$/, '');
    if (this.empty || !clean || clean === '.' || clean.startsWith('../') || path.isAbsolute(clean)) return null;
    const result = this.matcher.test(clean);
    if (!result.ignored) return null;
    return result.rule?.pattern ?? clean;
  }
}

function workspacePattern(pattern: string, workspace: string, home: string): string | null {
  let text = pattern.trim();
  if (!text || text.startsWith('#')) return null;
  if (text === '~' || text.startsWith('~/')) text = path.join(home, text.slice(1));
  if (path.isAbsolute(text)) {
    const relative = path.relative(workspace, text);
    if (relative.startsWith('..') || path.isAbsolute(relative)) return null;
    text = relative.split(path.sep).join('/') || '**';
  }
  return text.replace(/^(?:\.\/)+/, '') || null;
}
