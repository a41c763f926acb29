import type { Position, SourceRange } from './types';

const BOM = '\uFEFF';

const EOL_NONE = 0;
const EOL_LF = 1;
const EOL_CRLF = 2;
const EOL_CR = 3;
const EOL_TEXT = ['', '\n', '\r\n', '\r'] as const;

/**
 * A document's text split into lines without losing a single byte: the BOM, every line's text and
 * its exact line ending (`\n`, `\r\n`, a lone `\r`, or none on the last line) are kept, so
 * `serialize()` gives back the input. Parsers read lines from here and every node's range points
 * into the original string, which is what makes surgical edits possible.
 *
 * Columns are 1-based UTF-16 code units (the Language Server Protocol default); a leading BOM is
 * not part of line 1, as editors hide it.
 */
export class SourceText {
  readonly bom: string;
  readonly lineCount: number;
  /** Per line: offset of its first character, offset just past its text, and its ending (see EOL_TEXT). */
  private readonly starts: Uint32Array;
  private readonly ends: Uint32Array;
  private readonly eols: Uint8Array;

  constructor(readonly text: string) {
    this.bom = text.startsWith(BOM) ? BOM : '';
    // Typed arrays sized by an upper bound (every line ends in LF or CR): a large spec has tens of
    // thousands of lines, and three growing arrays of boxed values were a good part of a parse.
    let bound = 1;
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) bound++;
    for (let at = text.indexOf('\r'); at !== -1; at = text.indexOf('\r', at + 1)) bound++;
    const starts = new Uint32Array(bound);
    const ends = new Uint32Array(bound);
    const eols = new Uint8Array(bound);
    let start = this.bom.length;
    let count = 0;
    // indexOf is native and fast; the next LF and CR are looked up only once we pass them.
    let nextLf = text.indexOf('\n', start);
    let nextCr = text.indexOf('\r', start);
    for (;;) {
      if (nextLf !== -1 && nextLf < start) nextLf = text.indexOf('\n', start);
      if (nextCr !== -1 && nextCr < start) nextCr = text.indexOf('\r', start);
      const end = nextCr === -1 ? (nextLf === -1 ? text.length : nextLf) : nextLf === -1 ? nextCr : Math.min(nextLf, nextCr);
      let eol = EOL_NONE;
      if (end < text.length) eol = text.charCodeAt(end) === 10 ? EOL_LF : text.charCodeAt(end + 1) === 10 ? EOL_CRLF : EOL_CR;
      starts[count] = start;
      ends[count] = end;
      eols[count] = eol;
      count++;
      if (eol === EOL_NONE) break;
      start = end + EOL_TEXT[eol]!.length;
    }
    this.lineCount = count;
    this.starts = starts.subarray(0, count);
    this.ends = ends.subarray(0, count);
    this.eols = eols.subarray(0, count);
  }

  /** Offset of the first character of line `index` (0-based). */
  lineStart(index: number): number {
    return this.starts[index] ?? this.text.length;
  }

  /** Offset just past the last character of line `index`, before its line ending. */
  lineEnd(index: number): number {
    return this.ends[index] ?? this.text.length;
  }

  /** Offset just past the line ending of line `index`: where the next line starts. */
  lineEndWithEol(index: number): number {
    return this.lineEnd(index) + this.eol(index).length;
  }

  lineText(index: number): string {
    return this.text.slice(this.lineStart(index), this.lineEnd(index));
  }

  eol(index: number): string {
    return EOL_TEXT[this.eols[index] ?? EOL_NONE]!;
  }

  /** The position of a character on a known line (cheap: no search). */
  positionOnLine(index: number, offset: number): Position {
    return { offset, line: index + 1, column: offset - this.lineStart(index) + 1 };
  }

  /** The position of any offset (binary search over line starts). */
  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineCount - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= clamped) low = mid;
      else high = mid - 1;
    }
    const onLine = Math.max(clamped, this.lineStart(low));
    return this.positionOnLine(low, onLine);
  }

  /** A range spanning whole lines `first`..`last` (inclusive), line endings excluded. */
  linesRange(first: number, last: number): SourceRange {
    return { start: this.positionOnLine(first, this.lineStart(first)), end: this.positionOnLine(last, this.lineEnd(last)) };
  }

  /** A range within one line, from column offsets relative to the line start. */
  rangeOnLine(index: number, from: number, to: number): SourceRange {
    const base = this.lineStart(index);
    return { start: this.positionOnLine(index, base + from), end: this.positionOnLine(index, base + to) };
  }

  /** Rebuilds the text from the lines alone: byte-exact by construction, and checked by tests. */
  serialize(): string {
    let out = this.bom;
    for (let i = 0; i < this.lineCount; i++) out += this.lineText(i) + this.eol(i);
    return out;
  }
}
