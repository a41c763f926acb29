import { diagnosticAt } from './diagnostics';
import type { Diagnostic, SourceRange } from './types';

export interface NumberedItem {
  id: string;
  range: SourceRange;
}

/** Where an item's diagnostic goes; asked only for the items that get one. */
export type RangeOf<T> = (item: T) => SourceRange;

/**
 * Reports ids used more than once (error), and numbering that skips or goes backwards among ids
 * sharing a prefix (warning): 1, 2, 4 or 2.1, 2.3. Only all-digit ids are checked for gaps; ids
 * like `5.4a` are deliberate inserts. A list may start at 0 or 1.
 */
export function checkNumbering<T extends { id: string }>(
  file: string,
  items: readonly T[],
  what: { noun: string; fix: string },
  rangeOf: RangeOf<T> = (item) => (item as unknown as NumberedItem).range,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const first = new Map<string, T>();
  const lastInGroup = new Map<string, number>();
  for (const item of items) {
    const earlier = first.get(item.id);
    if (earlier) {
      out.push(diagnosticAt(file, rangeOf(item), 'error', `duplicate-${what.noun}-id`,
        `${capitalise(what.noun)} id ${item.id} is already used at line ${rangeOf(earlier).start.line}; ${what.fix} so that every id is unique.`));
      continue;
    }
    first.set(item.id, item);
    const parts = numberedIdParts(item.id);
    if (!parts) continue;
    const { prefix, n } = parts;
    const previous = lastInGroup.get(prefix);
    const label = (k: number) => (prefix ? `${prefix}.${k}` : String(k));
    if (previous === undefined && n > 1) {
      out.push(diagnosticAt(file, rangeOf(item), 'warning', `${what.noun}-numbering-gap`,
        `${capitalise(what.noun)} numbering starts at ${label(n)}; ${what.fix} to start at ${label(1)}, or add the missing ones.`));
    } else if (previous !== undefined && n > previous + 1) {
      const missing = n === previous + 2 ? label(previous + 1) : `${label(previous + 1)}–${label(n - 1)}`;
      out.push(diagnosticAt(file, rangeOf(item), 'warning', `${what.noun}-numbering-gap`,
        `${capitalise(what.noun)} numbering jumps from ${label(previous)} to ${label(n)}; ${what.fix}, or add ${missing}.`));
    } else if (previous !== undefined && n < previous) {
      out.push(diagnosticAt(file, rangeOf(item), 'warning', `${what.noun}-numbering-gap`,
        `${capitalise(what.noun)} ${label(n)} comes after ${label(previous)}; ${what.fix} so the numbers run in order.`));
    }
    lastInGroup.set(prefix, n);
  }
  return out;
}

/**
 * An all-digit id (`2`, `2.1`, `3.2.1`) as its prefix (`2.1` → `2`, `2` → ``) and last number; null
 * for anything else (`5.4a`, `u1`, `1..2`). One pass over the characters: a 5,000-task plan is
 * checked on every keystroke.
 */
export function numberedIdParts(id: string): { prefix: string; n: number } | null {
  let cut = -1;
  let digits = 0;
  for (let i = 0; i < id.length; i++) {
    const code = id.charCodeAt(i);
    if (code >= 48 && code <= 57) digits++;
    else if (code === 46 && digits > 0) {
      cut = i;
      digits = 0;
    } else return null;
  }
  if (digits === 0) return null;
  return { prefix: cut < 0 ? '' : id.slice(0, cut), n: Number(cut < 0 ? id : id.slice(cut + 1)) };
}

function capitalise(s: string): string {
  return s[0]!.toUpperCase() + s.slice(1);
}
