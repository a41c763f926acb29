import { diffArrays } from 'diff';

/** Myers' diff is quadratic at worst; past this a file is compared as a whole. */
const DIFF_TIMEOUT_MS = 2_000;

/** One change between two versions of a file: old lines oldStart.. (oldCount of them) became new ones. 1-based. */
export interface LineEdit {
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
}

/** A set of lines (1-based) of some version of a file. */
export type LineSet = ReadonlySet<number>;

export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** The edits that turn `before` into `after`, or null when the diff took too long (treat as a rewrite). */
export function lineEdits(before: string, after: string): LineEdit[] | null {
  const a = splitLines(before);
  const b = splitLines(after);
  const changes = diffArrays(a, b, { timeout: DIFF_TIMEOUT_MS });
  if (!changes) return null;
  const edits: LineEdit[] = [];
  let oldLine = 1;
  let newLine = 1;
  let open: LineEdit | null = null;
  for (const change of changes) {
    const count = change.count ?? change.value.length;
    if (!change.added && !change.removed) {
      if (open) edits.push(open);
      open = null;
      oldLine += count;
      newLine += count;
      continue;
    }
    open ??= { oldStart: oldLine, oldCount: 0, newStart: newLine, newCount: 0 };
    if (change.removed) {
      open.oldCount += count;
      oldLine += count;
    } else {
      open.newCount += count;
      newLine += count;
    }
  }
  if (open) edits.push(open);
  return edits;
}

/** The lines of `after` that edits wrote (added or replaced). */
export function writtenLines(edits: LineEdit[]): Set<number> {
  const out = new Set<number>();
  for (const e of edits) for (let i = 0; i < e.newCount; i++) out.add(e.newStart + i);
  return out;
}

export interface MappedLines {
  /** Tracked lines that survived, at their new positions. */
  kept: Set<number>;
  /** The edits that touched tracked lines, with which tracked (old) lines each touched. */
  touching: Array<{ edit: LineEdit; lines: number[] }>;
}

/**
 * Follows tracked lines through edits. An edit touches them when it removes or replaces one of
 * them, or inserts lines between two tracked lines that were next to each other (inside a block
 * the tracked side wrote); an insertion just before or after such a block does not touch it.
 */
export function mapLines(tracked: LineSet, edits: LineEdit[]): MappedLines {
  const kept = new Set<number>();
  const touching: MappedLines['touching'] = [];
  const touchedOld = new Set<number>();
  for (const edit of edits) {
    const lines: number[] = [];
    for (let i = 0; i < edit.oldCount; i++) if (tracked.has(edit.oldStart + i)) lines.push(edit.oldStart + i);
    if (edit.oldCount === 0 && tracked.has(edit.oldStart - 1) && tracked.has(edit.oldStart)) lines.push(edit.oldStart - 1, edit.oldStart);
    if (lines.length) {
      touching.push({ edit, lines });
      // An insertion inside a block leaves the lines around it in place: they survive, moved.
      if (edit.oldCount > 0) for (const l of lines) touchedOld.add(l);
    }
  }
  for (const line of tracked) {
    if (touchedOld.has(line)) continue;
    const mapped = shift(line, edits);
    if (mapped !== null) kept.add(mapped);
  }
  return { kept, touching };
}

/** Where an old line that no edit removed ends up. */
function shift(line: number, edits: LineEdit[]): number | null {
  let delta = 0;
  for (const e of edits) {
    if (e.oldCount > 0 && line >= e.oldStart && line < e.oldStart + e.oldCount) return null;
    // Lines inserted before old line `oldStart` (a pure insertion) or replacing lines above it push it down.
    if (e.oldStart + e.oldCount <= line) delta += e.newCount - e.oldCount;
  }
  return line + delta;
}

/** 1, 2, 3, 7, 8 → [[1,3],[7,8]]. */
export function toRanges(lines: Iterable<number>): Array<[number, number]> {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  const out: Array<[number, number]> = [];
  for (const l of sorted) {
    const last = out.at(-1);
    if (last && l === last[1] + 1) last[1] = l;
    else out.push([l, l]);
  }
  return out;
}

export function fromRanges(ranges: ReadonlyArray<readonly [number, number]>): Set<number> {
  const out = new Set<number>();
  for (const [a, b] of ranges) for (let l = a; l <= b; l++) out.add(l);
  return out;
}

/** "12", "12–14", "3, 7–9". */
export function describeRanges(ranges: ReadonlyArray<readonly [number, number]>): string {
  return ranges.map(([a, b]) => (a === b ? `${a}` : `${a}–${b}`)).join(', ');
}
