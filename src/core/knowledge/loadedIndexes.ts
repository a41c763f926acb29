import { promises as fs } from 'node:fs';
import { indexFile, readStoredIndex, type StoredIndex } from './manifest';
import type { IndexType } from './types';

/**
 * Indexes already parsed, kept while their file is unchanged: an agent searching many times in one
 * run (or the extension, for a whole session) parses each index once. A few at most are kept.
 */
const loaded = new Map<string, { mtimeMs: number; size: number; stored: StoredIndex }>();
const MAX_LOADED = 4;

export async function loadedIndex(dir: string, indexType: IndexType): Promise<StoredIndex | null> {
  const stat = await fs.stat(indexFile(dir)).catch(() => null);
  if (!stat) return null;
  const cached = loaded.get(dir);
  if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size && cached.stored.manifest.indexType === indexType) {
    // Most recently used last, so the oldest is dropped first.
    loaded.delete(dir);
    loaded.set(dir, cached);
    return cached.stored;
  }
  const stored = await readStoredIndex(dir, indexType);
  if (!stored) return null;
  loaded.set(dir, { mtimeMs: stat.mtimeMs, size: stat.size, stored });
  while (loaded.size > MAX_LOADED) loaded.delete(loaded.keys().next().value!);
  return stored;
}

export function forgetLoadedIndex(dir: string): void {
  loaded.delete(dir);
}
