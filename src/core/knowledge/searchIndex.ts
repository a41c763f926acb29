import MiniSearch, { type Options, type SearchOptions } from 'minisearch';
import { bestTerms, fastTerm, tokenize } from './tokenize';
import type { Chunk, IndexType } from './types';

/**
 * The index behind both types: MiniSearch, a BM25 full-text engine (BM25+ scoring, field boosts,
 * documents removable one by one for incremental updates, JSON serialisation, no dependencies).
 * The two types differ in their fields, their terms and how a query is scored.
 */
export interface ChunkDocument {
  id: number;
  /** The file, relative to the base's root; indexed (its words) and stored (to find the lines). */
  path: string;
  startLine: number;
  endLine: number;
  text: string;
  /** best: the heading trail or symbol titles, and every symbol name declared in the chunk. */
  names?: string;
}

export type ChunkIndex = MiniSearch<ChunkDocument>;

const STORED = ['path', 'startLine', 'endLine'];

function optionsFor(indexType: IndexType): Options<ChunkDocument> {
  const fields = indexType === 'fast' ? ['path', 'text'] : ['path', 'names', 'text'];
  const processTerm = indexType === 'fast' ? fastTerm : bestTerms;
  return {
    idField: 'id',
    fields,
    storeFields: STORED,
    tokenize,
    processTerm,
    // Vacuuming is done once before saving, never in the background of a short-lived process.
    autoVacuum: false,
    searchOptions: searchOptionsFor(indexType),
  };
}

/**
 * best weighs a match in a heading or symbol name over one in the body, lets a longer word match
 * its longer forms (`token` finds `tokens`, `tokenizer`) at a lower weight, and counts the words of
 * an identifier in the query (`ledgerTotal` → ledger, total) less than the identifier itself.
 */
function searchOptionsFor(indexType: IndexType): SearchOptions {
  if (indexType === 'fast') return { boost: { path: 1.5, text: 1 }, combineWith: 'OR' };
  return {
    boost: { names: 2, path: 1.5, text: 1 },
    combineWith: 'OR',
    prefix: (term) => term.length >= 5,
    weights: { fuzzy: 0, prefix: 0.2 },
    boostTerm: (term, _i, terms) => (terms.some((other) => other !== term && other.length > term.length && other.includes(term)) ? 0.4 : 1),
  };
}

export function newChunkIndex(indexType: IndexType): ChunkIndex {
  return new MiniSearch<ChunkDocument>(optionsFor(indexType));
}

/** An index from what `JSON.parse` made of its serialised form. */
export function loadChunkIndex(plain: unknown, indexType: IndexType): ChunkIndex {
  return MiniSearch.loadJS<ChunkDocument>(plain as Parameters<typeof MiniSearch.loadJS>[0], optionsFor(indexType));
}

export function chunkDocument(id: number, path: string, chunk: Chunk, indexType: IndexType): ChunkDocument {
  const document: ChunkDocument = { id, path, startLine: chunk.startLine, endLine: chunk.endLine, text: chunk.text };
  if (indexType === 'best') document.names = [chunk.title, ...chunk.symbols].join(' ');
  return document;
}

export interface ChunkMatch {
  id: number;
  path: string;
  startLine: number;
  endLine: number;
  score: number;
}

export function searchChunks(index: ChunkIndex, query: string): ChunkMatch[] {
  return index.search(query).map((result) => ({
    id: result.id as number,
    path: result.path as string,
    startLine: result.startLine as number,
    endLine: result.endLine as number,
    score: result.score,
  }));
}
