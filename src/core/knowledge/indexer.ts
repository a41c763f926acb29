import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { chunkFile } from './chunking';
import { knowledgeFiles } from './files';
import { emptyStoredIndex, indexFile, readStoredIndex, writeStoredIndex, type StoredIndex } from './manifest';
import { chunkDocument } from './searchIndex';
import { baseDir, sourcePath } from './store';
import type { IndexSummary, KnowledgeBase } from './types';

export interface IndexOptions {
  signal?: AbortSignal;
  /** Ignore what is stored and index every file again. */
  rebuild?: boolean;
}

export interface IndexOutcome {
  summary: IndexSummary;
  /** Size of the index on disk, in bytes. */
  indexBytes: number;
}

/**
 * Brings a base's index up to date with its files, incrementally: a file whose size and mtime are
 * those recorded is not read; one that was touched but holds the same content (same sha1) is not
 * indexed again; changed files have their old chunks replaced; vanished files are dropped.
 */
export async function indexKnowledgeBase(workspace: string, base: KnowledgeBase, options: IndexOptions = {}): Promise<IndexOutcome> {
  const started = performance.now();
  const dir = baseDir(workspace, base.id);
  const stored: StoredIndex = (!options.rebuild && (await readStoredIndex(dir, base.indexType))) || emptyStoredIndex(base.indexType);
  const { manifest, index } = stored;
  const summary: IndexSummary = { added: 0, changed: 0, removed: 0, unchanged: 0, skipped: { tooLarge: 0, binary: 0, secret: 0 }, files: 0, chunks: 0, bytes: 0, indexedBytes: 0, durationMs: 0 };
  const seen = new Set<string>();
  /** Files touched but unchanged: their new mtime is saved so the next update need not read them. */
  let touched = 0;
  const discard = (ids: readonly number[]) => {
    for (const id of ids) if (index.has(id)) index.discard(id);
  };

  const files = knowledgeFiles(sourcePath(workspace, base), {
    workspace,
    include: base.include,
    exclude: base.exclude,
    ...(options.signal ? { signal: options.signal } : {}),
    onSkipped: (reason) => summary.skipped[reason]++,
  });
  for await (const file of files) {
    const previous = manifest.files[file.relative];
    if (previous && previous.size === file.size && previous.mtimeMs === file.mtimeMs) {
      seen.add(file.relative);
      summary.unchanged++;
      continue;
    }
    let content: Buffer;
    try {
      content = await fs.readFile(file.absolute);
    } catch {
      continue; // Vanished since the walk: dropped below like any missing file.
    }
    if (content.subarray(0, 8_000).includes(0)) {
      summary.skipped.binary++;
      continue;
    }
    seen.add(file.relative);
    const hash = createHash('sha1').update(content).digest('hex');
    if (previous && previous.hash === hash) {
      manifest.files[file.relative] = { ...previous, size: file.size, mtimeMs: file.mtimeMs };
      summary.unchanged++;
      touched++;
      continue;
    }
    if (previous) discard(previous.chunks);
    const chunks = chunkFile(content.toString('utf8'), file.relative, base.indexType);
    const ids = chunks.map(() => manifest.nextId++);
    index.addAll(chunks.map((chunk, i) => chunkDocument(ids[i]!, file.relative, chunk, base.indexType)));
    manifest.files[file.relative] = { size: file.size, mtimeMs: file.mtimeMs, hash, chunks: ids };
    summary[previous ? 'changed' : 'added']++;
    summary.indexedBytes += content.length;
  }
  for (const [relative, entry] of Object.entries(manifest.files)) {
    if (seen.has(relative)) continue;
    discard(entry.chunks);
    delete manifest.files[relative];
    summary.removed++;
  }
  // Discarded chunks leave their terms behind (searches skip them); once they are a tenth of the
  // index, a vacuum (a walk over the whole index) is worth its time.
  if (index.dirtCount > 0.1 * Math.max(1, index.documentCount)) await index.vacuum({ batchSize: 10_000, batchWait: 0 });

  const entries = Object.values(manifest.files);
  summary.files = entries.length;
  summary.chunks = entries.reduce((sum, e) => sum + e.chunks.length, 0);
  summary.bytes = entries.reduce((sum, e) => sum + e.size, 0);
  const unchanged = summary.added + summary.changed + summary.removed + touched === 0 && !options.rebuild;
  const storedBytes = unchanged ? await fs.stat(indexFile(dir)).then((s) => s.size, () => 0) : 0;
  const indexBytes = storedBytes || (await writeStoredIndex(dir, stored));
  summary.durationMs = performance.now() - started;
  return { summary, indexBytes };
}
