import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../fs';
import { loadChunkIndex, newChunkIndex, type ChunkIndex } from './searchIndex';
import type { IndexType } from './types';

/** What the index holds of each file, to tell on the next update which files changed. */
export interface FileEntry {
  size: number;
  mtimeMs: number;
  /** sha1 of the content: a file touched but unchanged is not indexed again. */
  hash: string;
  /** The ids of its chunks in the index. */
  chunks: number[];
}

export interface Manifest {
  version: 1;
  indexType: IndexType;
  nextId: number;
  /** By path relative to the base's root. */
  files: Record<string, FileEntry>;
}

export interface StoredIndex {
  manifest: Manifest;
  index: ChunkIndex;
}

/** The manifest and the index in one file, written atomically: they can never disagree about chunk ids. */
const INDEX_FILE = 'index.json';

export function indexFile(dir: string): string {
  return path.join(dir, INDEX_FILE);
}

export function emptyStoredIndex(indexType: IndexType): StoredIndex {
  return { manifest: { version: 1, indexType, nextId: 0, files: {} }, index: newChunkIndex(indexType) };
}

/** A base's stored index; null when it was never written or cannot be used (an update rebuilds it from the files). */
export async function readStoredIndex(dir: string, indexType: IndexType): Promise<StoredIndex | null> {
  let text: string;
  try {
    text = await fs.readFile(indexFile(dir), 'utf8');
  } catch {
    return null;
  }
  try {
    const stored = JSON.parse(text) as { manifest?: Manifest; index?: unknown };
    const manifest = stored.manifest;
    if (manifest?.version !== 1 || manifest.indexType !== indexType || !manifest.files || typeof manifest.nextId !== 'number' || !stored.index) return null;
    return { manifest, index: loadChunkIndex(stored.index, indexType) };
  } catch {
    return null;
  }
}

/** Writes the base's index; returns its size in bytes. */
export async function writeStoredIndex(dir: string, stored: StoredIndex): Promise<number> {
  await fs.mkdir(dir, { recursive: true });
  const json = JSON.stringify({ manifest: stored.manifest, index: stored.index });
  await writeFileAtomic(indexFile(dir), json);
  return Buffer.byteLength(json);
}
