import { normalizeGlob } from '../../fs';

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
