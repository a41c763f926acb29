import { minimatch } from 'minimatch';

export interface GlobOptions {
  caseInsensitive?: boolean;
  /**
   * Match a pattern without a slash against the starting folder only, as a shell does (the agent's
   * glob tool). By default such a pattern matches at any depth, as in `.gitignore`.
   */
  anchored?: boolean;
}

/**
 * The one glob dialect of Specwright (steering `fileMatchPattern`, hook patterns, the glob and grep
 * tools, the policy's look at shell globs), by minimatch: `**` spans folders, `*` and `?` stay within
 * a name, `[abc]`/`[!abc]` classes, `{a,b}` alternatives. Dotfiles match like any other name.
 *
 * Like `.gitignore`, a pattern with no slash (`*.ts`, `README.md`) matches a name in any folder, a
 * pattern with a slash (`src/*.ts`) is relative to the root, and a leading slash (`/README.md`) pins
 * a bare name to the root.
 */
export function globToRegExp(glob: string, options: GlobOptions = {}): RegExp {
  const normalized = normalizeGlob(glob);
  const anyDepth = !options.anchored && !normalized.includes('/') && normalized !== '';
  const pattern = anyDepth ? `**/${normalized}` : normalized.replace(/^\/+(?=.)/, '');
  // An unusable pattern matches nothing rather than throwing at the caller.
  return minimatch.makeRe(pattern, { dot: true, nocase: options.caseInsensitive ?? false }) || /(?!)/;
}

export function globMatches(glob: string, filePath: string, options: GlobOptions = {}): boolean {
  return globToRegExp(glob, options).test(filePath.replace(/^\.\//, ''));
}

/** Strips what means nothing to a matcher: a leading "./" and trailing slashes. */
export function normalizeGlob(glob: string): string {
  return glob.trim().replace(/^(?:\.\/)+/, '').replace(/(.)\/+$/, '$1');
}
