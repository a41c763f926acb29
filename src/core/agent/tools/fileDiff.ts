import { formatPatch, structuredPatch } from 'diff';

const MAX_DIFF_CHARS = 50_000;
/** Myers' diff is quadratic in the worst case; past this it is cheaper to call it a rewrite. */
const DIFF_TIMEOUT_MS = 2_000;

export interface FileChange {
  /** Unified diff, capped for huge changes. */
  diff: string;
  added: number;
  removed: number;
}

/** The change from `before` to `after` as a unified diff with added/removed line counts. */
export function describeChange(file: string, before: string, after: string): FileChange {
  const patch = structuredPatch(file, file, before, after, undefined, undefined, { context: 3, timeout: DIFF_TIMEOUT_MS });
  if (!patch) {
    const added = countLines(after);
    const removed = countLines(before);
    return { diff: `--- ${file}\n+++ ${file}\n(diff too large to compute: ${removed} lines replaced by ${added})\n`, added, removed };
  }
  let added = 0;
  let removed = 0;
  for (const hunk of patch.hunks) {
    for (const line of hunk.lines) {
      if (line.startsWith('+')) added++;
      else if (line.startsWith('-')) removed++;
    }
  }
  let diff = formatPatch(patch, { includeIndex: false, includeUnderline: false, includeFileHeaders: true });
  if (diff.length > MAX_DIFF_CHARS) {
    const cut = diff.lastIndexOf('\n', MAX_DIFF_CHARS) + 1 || MAX_DIFF_CHARS;
    const omitted = countLines(diff.slice(cut));
    diff = `${diff.slice(0, cut)}… diff truncated: ${omitted} more lines …\n`;
  }
  return { diff, added, removed };
}

/** Lines in a text as an editor counts them: "a\nb" and "a\nb\n" both have 2, "" has 0. */
export function countLines(text: string): number {
  if (!text) return 0;
  const newlines = text.split('\n').length - 1;
  return text.endsWith('\n') ? newlines : newlines + 1;
}
