/**
 * Reads requirement references as people actually write them:
 *   `_Requirements: 1.2, 3.1_` · `**Requirements:** 1.2; 1.3 and 2.1` · `*Requirement 4*`
 *   `_Requirements: 3.1–3.3, 4.1-4.2_` (ranges) · `**Validates: Requirements 1.2, 1.3**`
 *   `Requirement 3 AC 2` (= 3.2) · lists wrapped over several lines until the closing `_`.
 * Parenthesised asides ("(16.3 partly — see task 12)") are skipped: their numbers are prose.
 */
import { isBlank, leadingIndent, matchListItem } from './markdownLines';
import type { SourceText } from './sourceText';
import type { RequirementReference } from './types';

export type ReferenceKind = 'requirements' | 'validates';

export interface ReferenceLabel {
  kind: ReferenceKind;
  /** Offset in the line where the id list starts. */
  listStart: number;
  /** Emphasis that ends the list ('_', '*', '**', '__'), or null when the list runs to the line end. */
  closer: string | null;
}

const requirementsLabel = /^([ \t]*(?:[-*+][ \t]+)?)(\*{1,2}|_{1,2})?[ \t]*(Requirements?)(\*{1,2}|_{1,2})?[ \t]*:[ \t]*(\*{1,2}|_{1,2})?/i;
const validatesLabel = /(\*{1,2}|_{1,2})?[ \t]*Validates(\*{1,2}|_{1,2})?[ \t]*:[ \t]*(\*{1,2}|_{1,2})?/;

/**
 * Finds a reference label in a line: `Requirements:` must open the line (after an optional bullet),
 * `Validates:` may sit anywhere (design.md puts it at the end of a paragraph).
 */
export function findReferenceLabel(line: string): ReferenceLabel | null {
  if (/requirement/i.test(line)) {
    const m = requirementsLabel.exec(line);
    if (m) return { kind: 'requirements', listStart: m[0].length, closer: m[4] ? null : (m[5] ?? m[2] ?? null) };
  }
  if (line.includes('Validates')) {
    const m = validatesLabel.exec(line);
    // `Validates: Properties 1, 2` (a test task naming design properties) names no requirement.
    if (m && !/^\s*Propert(?:y|ies)\b/i.test(line.slice(m.index + m[0].length))) return { kind: 'validates', listStart: m.index + m[0].length, closer: m[2] ? null : (m[3] ?? m[1] ?? null) };
  }
  return null;
}

export interface ReferenceToken {
  id: string;
  /** Offsets within the scanned segment. */
  from: number;
  to: number;
}

export interface ReferenceScanState {
  /** Parentheses still open from a previous line of the same list. */
  parenDepth: number;
  /** Saw "All" as the whole list (e.g. `_Requirements: All_`). */
  all: boolean;
}

export interface SegmentScan {
  tokens: ReferenceToken[];
  /** The closing emphasis was found (or none was needed): the list ends on this line. */
  closed: boolean;
}

/** A range like 1.1–1.40 is expanded; anything wider is kept as its two ends (a likely typo). */
const MAX_RANGE_EXPANSION = 100;

const idToken = /(?<![\w.])(\d{1,6}(?:\.\d{1,6})*(?:[a-z](?![a-z]))?)(?!\d)(?:[ \t]+ACs?[ \t]+(\d{1,6})(?:[ \t]*[–—-][ \t]*(\d{1,6}))?|[ \t]*(?:[–—-]|\bto\b)[ \t]*(\d{1,6}(?:\.\d{1,6})*(?:[a-z](?![a-z]))?)(?!\d))?/g;

/** Scans one line's worth of an id list (`segment` starts where the list starts). */
export function scanReferenceSegment(segment: string, closer: string | null, state: ReferenceScanState): SegmentScan {
  let body = segment;
  let closed = closer === null;
  if (closer) {
    const end = findCloser(segment, closer);
    if (end >= 0) {
      body = segment.slice(0, end);
      closed = true;
    }
  }
  const visible = blankParentheses(body, state);
  if (/^\s*all\b/i.test(visible) && !/\d/.test(visible)) state.all = true;
  const tokens: ReferenceToken[] = [];
  idToken.lastIndex = 0;
  for (let m = idToken.exec(visible); m; m = idToken.exec(visible)) {
    const from = m.index;
    const to = from + m[0].length;
    const first = m[1]!;
    if (m[2]) {
      const last = m[3] ?? m[2];
      for (const n of expand(Number(m[2]), Number(last))) tokens.push({ id: `${first}.${n}`, from, to });
    } else if (m[4]) {
      for (const id of expandRange(first, m[4])) tokens.push({ id, from, to });
    } else {
      tokens.push({ id: first, from, to });
    }
  }
  return { tokens, closed };
}

// `_` also appears inside identifiers (snake_case); only one followed by a break closes.
const underscoreCloser: Record<string, RegExp> = { _: /_(?=[\s.,;:)]|$)/, __: /__(?=[\s.,;:)]|$)/ };

function findCloser(segment: string, closer: string): number {
  const pattern = underscoreCloser[closer];
  if (pattern) {
    const m = pattern.exec(segment);
    return m ? m.index : -1;
  }
  return segment.indexOf(closer);
}

function blankParentheses(text: string, state: ReferenceScanState): string {
  if (state.parenDepth === 0 && !text.includes('(')) return text;
  let out = '';
  for (const ch of text) {
    if (ch === '(') state.parenDepth++;
    const hidden = state.parenDepth > 0;
    if (ch === ')' && state.parenDepth > 0) state.parenDepth--;
    // Same length (UTF-16) so offsets still point into the original segment.
    out += hidden ? ' '.repeat(ch.length) : ch;
  }
  return out;
}

function expand(from: number, to: number): number[] {
  if (!(to >= from) || to - from > MAX_RANGE_EXPANSION) return to === from ? [from] : [from, to];
  const out: number[] = [];
  for (let n = from; n <= to; n++) out.push(n);
  return out;
}

/** `3.1`–`3.4` → 3.1, 3.2, 3.3, 3.4; `1`–`3` → 1, 2, 3; other shapes → both ends. */
export function expandRange(first: string, last: string): string[] {
  const a = first.split('.');
  const b = last.split('.');
  const sameShape = a.length === b.length && a.slice(0, -1).join('.') === b.slice(0, -1).join('.');
  const lastA = a[a.length - 1]!;
  const lastB = b[b.length - 1]!;
  if (!sameShape || !/^\d+$/.test(lastA) || !/^\d+$/.test(lastB)) return first === last ? [first] : [first, last];
  const prefix = a.slice(0, -1).join('.');
  return expand(Number(lastA), Number(lastB)).map((n) => (prefix ? `${prefix}.${n}` : String(n)));
}

/** How many wrapped lines one id list may run over before we stop looking for its closing `_`. */
const MAX_CONTINUATION_LINES = 8;

/**
 * Collects references from the lines of one task or property, fed in order. Remembers a list that
 * wraps onto the next lines, and each id's span, for hover and go-to-definition.
 */
export class ReferenceCollector {
  readonly references: RequirementReference[] = [];
  /** Number of reference labels seen, and how many of them said "All". */
  labels = 0;
  allLabels = 0;
  private open: { kind: ReferenceKind; closer: string | null; state: ReferenceScanState; budget: number } | null = null;

  constructor(private readonly source: SourceText) {}

  feedLine(index: number, line: string): void {
    if (this.open) {
      if (isBlank(line) || matchListItem(line) || this.open.budget-- <= 0) {
        this.finishOpen();
      } else {
        const start = leadingIndent(line).length;
        this.scan(index, line, start, this.open.kind, this.open.closer, this.open.state);
        return;
      }
    }
    const label = findReferenceLabel(line);
    if (!label) return;
    this.labels++;
    const state: ReferenceScanState = { parenDepth: 0, all: false };
    this.open = { kind: label.kind, closer: label.closer, state, budget: MAX_CONTINUATION_LINES };
    this.scan(index, line, label.listStart, label.kind, label.closer, state);
  }

  private scan(index: number, line: string, start: number, kind: ReferenceKind, closer: string | null, state: ReferenceScanState): void {
    const { tokens, closed } = scanReferenceSegment(line.slice(start), closer, state);
    for (const t of tokens) this.references.push({ id: t.id, kind, range: this.source.rangeOnLine(index, start + t.from, start + t.to) });
    if (closed) this.finishOpen();
  }

  private finishOpen(): void {
    if (this.open?.state.all) this.allLabels++;
    this.open = null;
  }

  /** Requirement ids in written order, de-duplicated. */
  ids(): string[] {
    this.finishOpen();
    if (this.references.length <= 1) return this.references.map((r) => r.id);
    return [...new Set(this.references.map((r) => r.id))];
  }
}
