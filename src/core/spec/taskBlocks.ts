import type { TasksDocument } from './types';

/**
 * Where a block of tasks.md starts, and how much of the document lay above it. A block starts at a
 * line (outside code and comments) that closes every open task, so what the lines from there on
 * give depends on nothing above but the count of unnumbered top-level tasks: the one thing an
 * edit's re-parse must see unchanged before it reuses the blocks below the edit.
 */
export interface TaskBlock {
  /** 0-based line of the block's first line. */
  line: number;
  /** How many top-level tasks, tasks, headings and parser diagnostics come before it. */
  roots: number;
  all: number;
  headings: number;
  diagnostics: number;
  /** Unnumbered top-level tasks before it (their ids count them: `u1`, `u2`). */
  topUnnumbered: number;
}

/** Kept beside each parsed document (not in it: the document is plain data that tests compare). */
const blocksByDocument = new WeakMap<TasksDocument, readonly TaskBlock[]>();

export function recordBlocks(doc: TasksDocument, blocks: readonly TaskBlock[]): void {
  blocksByDocument.set(doc, blocks);
}

/** The blocks a parse of `doc` found, or undefined for a document the parser did not make. */
export function blocksOf(doc: TasksDocument): readonly TaskBlock[] | undefined {
  return blocksByDocument.get(doc);
}

/** The index of the last block starting at or before `line` (0 for lines above the first block). */
export function blockAt(blocks: readonly TaskBlock[], line: number): number {
  let low = 0;
  let high = blocks.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (blocks[mid]!.line <= line) low = mid;
    else high = mid - 1;
  }
  return low;
}
