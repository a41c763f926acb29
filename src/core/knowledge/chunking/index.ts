import * as path from 'node:path';
import type { Chunk, IndexType } from '../types';
import { codeChunks } from './code';
import { mergeSmallChunks, splitLines, windows } from './lines';
import { markdownChunks } from './markdown';

const MARKDOWN = new Set(['.md', '.markdown', '.mdx']);
/** fast: plain windows, a bit smaller than best's structural chunks. */
const FAST_LIMITS = { lines: 40, chars: 2_000 };

/** A file's text as chunks for an index of the given type. */
export function chunkFile(text: string, relativePath: string, indexType: IndexType): Chunk[] {
  const lines = splitLines(text);
  if (indexType === 'fast') return windows(lines, 0, lines.length, '', [], FAST_LIMITS);
  const extension = path.posix.extname(relativePath).toLowerCase();
  const name = path.posix.basename(relativePath);
  if (MARKDOWN.has(extension)) return mergeSmallChunks(markdownChunks(lines), 'markdown');
  const code = codeChunks(lines, extension, name);
  return code ? mergeSmallChunks(code, 'code') : windows(lines, 0, lines.length, name);
}

export { splitLines } from './lines';
export { hasSymbolParser } from './code';
