import type { Position as LspPosition, Range as LspRange } from 'vscode-languageserver';
import type { Position, SourceRange } from '../core/spec';

/**
 * The spec engine counts lines and columns from 1 in UTF-16 code units; LSP counts both from 0 in
 * the same units, so conversion is a shift and nothing else.
 */
export function toLspPosition(p: Pick<Position, 'line' | 'column'>): LspPosition {
  return { line: p.line - 1, character: p.column - 1 };
}

export function toLspRange(r: SourceRange): LspRange {
  return { start: toLspPosition(r.start), end: toLspPosition(r.end) };
}

/** An empty range at the start of a 1-based line. */
export function lineStartRange(line: number): LspRange {
  const at = { line: line - 1, character: 0 };
  return { start: at, end: at };
}

/** Whether an LSP position lies within a range (both ends included: a cursor just after a word is on it). */
export function rangeContains(r: SourceRange, p: LspPosition): boolean {
  const line = p.line + 1;
  const column = p.character + 1;
  if (line < r.start.line || line > r.end.line) return false;
  if (line === r.start.line && column < r.start.column) return false;
  if (line === r.end.line && column > r.end.column) return false;
  return true;
}

/** Whether a range touches the 0-based line. */
export function rangeCoversLine(r: SourceRange, line: number): boolean {
  return r.start.line - 1 <= line && line <= r.end.line - 1;
}
