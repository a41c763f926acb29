/**
 * A small glob matcher (Node 20 has neither fs.glob nor a stable path.matchesGlob): `**` spans
 * folders, `*` and `?` stay within one name, `[abc]`/`[!abc]` are classes, `{a,b}` alternatives.
 * Dotfiles match like any other name, as in ripgrep's globs.
 */
export function globToRegExp(glob: string, options: { caseInsensitive?: boolean } = {}): RegExp {
  return new RegExp(`^${translate(normalizeGlob(glob))}$`, options.caseInsensitive ? 'i' : '');
}

/** Strips what means nothing to a matcher: a leading "./" and trailing slashes. */
export function normalizeGlob(glob: string): string {
  return glob.trim().replace(/^(?:\.\/)+/, '').replace(/(.)\/+$/, '$1');
}

/** The folder part of a glob before its first wildcard ("src/lib/**\/*.ts" → "src/lib"), so a walk can start there. */
export function literalPrefix(glob: string): { prefix: string; rest: string } {
  const segments = normalizeGlob(glob).split('/');
  const firstWild = segments.findIndex((s) => /[*?[{]/.test(s));
  if (firstWild <= 0) return { prefix: '', rest: segments.join('/') };
  return { prefix: segments.slice(0, firstWild).join('/'), rest: segments.slice(firstWild).join('/') };
}

/** How many folder levels a glob can reach; Infinity once it contains `**`. */
export function globDepth(glob: string): number {
  return glob.includes('**') ? Infinity : normalizeGlob(glob).split('/').length;
}

function translate(glob: string): string {
  let out = '';
  let braceDepth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '\\' && i + 1 < glob.length) {
      out += escapeRegExp(glob[++i]!);
    } else if (c === '*') {
      if (glob[i + 1] === '*') {
        const atSegmentStart = i === 0 || glob[i - 1] === '/';
        const next = glob[i + 2];
        if (atSegmentStart && next === '/') {
          out += '(?:[^/]*/)*'; // "**/" — zero or more folders
          i += 2;
          continue;
        }
        if (atSegmentStart && next === undefined) {
          out += '.*';
          i += 1;
          continue;
        }
        i += 1; // "a**b" is no deeper than "a*b"
      }
      out += '[^/]*';
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) {
        out += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, close).replace(/\\/g, '\\\\');
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      out += `[${body}]`;
      i = close;
    } else if (c === '{' && glob.indexOf('}', i) !== -1) {
      braceDepth++;
      out += '(?:';
    } else if (c === '}' && braceDepth > 0) {
      braceDepth--;
      out += ')';
    } else if (c === ',' && braceDepth > 0) {
      out += '|';
    } else {
      out += escapeRegExp(c);
    }
  }
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
