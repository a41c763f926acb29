import { minimatch } from 'minimatch';

/**
 * The one glob dialect of Specwright (steering `fileMatchPattern`, hook patterns, the glob and grep
 * tools, the policy's look at shell globs), by minimatch: `**` spans folders, `*` and `?` stay within
 * a name, `[abc]`/`[!abc]` classes, `{a,b}` alternatives. Dotfiles match like any other name.
 */
export function globToRegExp(glob: string, options: { caseInsensitive?: boolean } = {}): RegExp {
  // An unusable pattern matches nothing rather than throwing at the caller.
  return minimatch.makeRe(normalizeGlob(glob), { dot: true, nocase: options.caseInsensitive ?? false }) || /(?!)/;
}

export function globMatches(glob: string, filePath: string): boolean {
  return globToRegExp(glob).test(filePath.replace(/^\.\//, ''));
}

/** Strips what means nothing to a matcher: a leading "./" and trailing slashes. */
export function normalizeGlob(glob: string): string {
  return glob.trim().replace(/^(?:\.\/)+/, '').replace(/(.)\/+$/, '$1');
}
