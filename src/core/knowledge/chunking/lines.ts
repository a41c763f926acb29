import type { Chunk } from '../types';

/** A chunk stays under these: small enough that a hit points somewhere, big enough to hold a thought. */
export const MAX_CHUNK_LINES = 60;
export const MAX_CHUNK_CHARS = 3_000;

/** A file's lines without the empty "line" after the final newline, \r dropped. */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

/**
 * Cuts lines[from..to) (0-based) into windows under the limits, preferring to end a window at a
 * blank line in its second half, so paragraphs and functions stay whole where they can.
 */
export function windows(lines: readonly string[], from: number, to: number, title: string, symbols: string[] = [], limits = { lines: MAX_CHUNK_LINES, chars: MAX_CHUNK_CHARS }): Chunk[] {
  const chunks: Chunk[] = [];
  let start = from;
  while (start < to) {
    let end = start;
    let chars = 0;
    while (end < to && end - start < limits.lines && (chars + lines[end]!.length <= limits.chars || end === start)) {
      chars += lines[end]!.length + 1;
      end++;
    }
    if (end < to) {
      for (let cut = end; cut > start + (end - start) / 2; cut--) {
        if (!lines[cut - 1]!.trim()) {
          end = cut;
          break;
        }
      }
    }
    chunks.push(chunkOf(lines, start, end, title, symbols));
    start = end;
  }
  return chunks.filter((c) => c.text.trim());
}

/** lines[from..to) as a chunk (line numbers 1-based, inclusive). */
export function chunkOf(lines: readonly string[], from: number, to: number, title: string, symbols: string[] = []): Chunk {
  return { startLine: from + 1, endLine: to, title, symbols, text: lines.slice(from, to).join('\n') };
}

/**
 * A file's preamble (no symbols) or a class's head gives way to the declaration after it, whose
 * title already names the class; two declarations keep both titles.
 */
function joinedTitle(previous: Chunk, next: Chunk): string {
  if (!previous.symbols.length || !previous.title || next.title.startsWith(`${previous.title} › `)) return next.title;
  if (!next.title || next.title === previous.title) return previous.title;
  return `${previous.title}, ${next.title}`;
}

/** Chunks shorter than this are joined to the next one: a three-line function is too little to rank on its own. */
const MIN_CHUNK_LINES = 6;

/**
 * Joins each run of short chunks with the chunk after them while the result fits the limits. A
 * markdown heading with nothing under it takes the next section's title (its trail already names
 * the heading); joined code chunks list every symbol's title.
 */
export function mergeSmallChunks(chunks: readonly Chunk[], kind: 'markdown' | 'code'): Chunk[] {
  const merged: Chunk[] = [];
  for (const chunk of chunks) {
    const previous = merged[merged.length - 1];
    const contiguous = previous && previous.endLine + 1 === chunk.startLine;
    const small = previous && previous.endLine - previous.startLine + 1 < MIN_CHUNK_LINES;
    const fits = previous && chunk.endLine - previous.startLine + 1 <= MAX_CHUNK_LINES && previous.text.length + chunk.text.length + 1 <= MAX_CHUNK_CHARS;
    if (!previous || !contiguous || !small || !fits) {
      merged.push({ ...chunk, symbols: [...chunk.symbols] });
      continue;
    }
    const title = kind === 'markdown' ? chunk.title : joinedTitle(previous, chunk);
    merged[merged.length - 1] = {
      startLine: previous.startLine,
      endLine: chunk.endLine,
      title,
      symbols: [...new Set([...previous.symbols, ...chunk.symbols])],
      text: `${previous.text}\n${chunk.text}`,
    };
  }
  return merged;
}
