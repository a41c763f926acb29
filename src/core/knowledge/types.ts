/**
 * `fast`: BM25 over fixed windows of lines (path and text). `best`: BM25 over chunks cut at markdown
 * headings and code symbols, with the heading trail, the symbol names and the path as boosted fields
 * and identifiers split into their words. Neither downloads a model.
 */
export type IndexType = 'fast' | 'best';
export const INDEX_TYPES: readonly IndexType[] = ['fast', 'best'];

/** One knowledge base as `knowledge list` shows it (`.kiro/.specwright/knowledge/bases.json`). */
export interface KnowledgeBase {
  /** Stable id: the folder its index lives in. */
  id: string;
  name: string;
  /** What was indexed: workspace-relative (forward slashes, `.` for the root) when inside the workspace, else absolute. */
  source: string;
  include: string[];
  exclude: string[];
  indexType: IndexType;
  createdAt: string;
  updatedAt: string;
  files: number;
  chunks: number;
  bytes: number;
  /** Set when the base comes from a Kiro agent's `resources` (only that agent's knowledge tool searches it). */
  agent?: string;
  description?: string;
  autoUpdate?: boolean;
}

/** A piece of a file the index knows, with its 1-based inclusive line range. */
export interface Chunk {
  startLine: number;
  endLine: number;
  /** best: the heading trail or the symbol ("Setup › Linux", "class TaskSession"); fast: empty. */
  title: string;
  /** best: names declared in the chunk; fast: none. */
  symbols: string[];
  text: string;
}

/** One search hit: where, how well it matched, and the lines as they are on disk now. */
export interface KnowledgeHit {
  /** The knowledge base's name. */
  base: string;
  /** Workspace-relative when inside the workspace, else absolute. */
  path: string;
  startLine: number;
  endLine: number;
  score: number;
  text: string;
  /** The file changed since it was indexed: the lines may have moved (run `knowledge update`). */
  stale: boolean;
}

/** What an add or update did. */
export interface IndexSummary {
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
  /** Files left out, by reason: over the size cap, binary, secrets. */
  skipped: { tooLarge: number; binary: number; secret: number };
  files: number;
  chunks: number;
  bytes: number;
  /** Bytes read and indexed by this run (changed and added files only). */
  indexedBytes: number;
  durationMs: number;
}
