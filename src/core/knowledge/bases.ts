import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { KnowledgeError } from './errors';
import { indexKnowledgeBase, type IndexOptions } from './indexer';
import { readStoredIndex } from './manifest';
import { forgetLoadedIndex } from './loadedIndexes';
import { baseDir, displayPath, findKnowledgeBase, newBaseId, readKnowledgeBases, recordedSource, sourcePath, updateKnowledgeBases } from './store';
import type { IndexSummary, IndexType, KnowledgeBase } from './types';

export interface NewKnowledgeBase {
  /** A folder or file: absolute, or relative to the workspace. */
  path: string;
  /** Default: the folder's (or file's) name. */
  name?: string;
  include?: readonly string[];
  exclude?: readonly string[];
  /** Default: fast. */
  indexType?: IndexType;
  agent?: string;
  description?: string;
  autoUpdate?: boolean;
}

export interface IndexedBase {
  base: KnowledgeBase;
  summary: IndexSummary;
  indexBytes: number;
}

/**
 * Creates a knowledge base and indexes it. It is registered only once its index is written, so an
 * interrupted add leaves nothing half-made behind.
 */
export async function addKnowledgeBase(workspace: string, request: NewKnowledgeBase, options: Pick<IndexOptions, 'signal'> = {}): Promise<IndexedBase> {
  const absolute = path.resolve(workspace, request.path);
  const stat = await fs.stat(absolute).catch(() => null);
  if (!stat) throw new KnowledgeError('bad_source', `${request.path} does not exist (looked for ${absolute}); give a folder or file to index.`);
  if (!stat.isDirectory() && !stat.isFile()) throw new KnowledgeError('bad_source', `${request.path} is neither a folder nor a file.`);
  const name = (request.name ?? path.basename(absolute)).trim();
  if (!name || /[\r\n]/.test(name)) throw new KnowledgeError('bad_source', `"${request.name ?? ''}" cannot name a knowledge base: give it a short name.`, { action: 'rename' });
  const existing = (await readKnowledgeBases(workspace)).find((b) => b.agent === request.agent && b.name.toLowerCase() === name.toLowerCase());
  if (existing) {
    throw new KnowledgeError('exists', `A knowledge base named "${existing.name}" already exists (${existing.source}).`, { action: 'update', name: existing.name });
  }
  const now = new Date().toISOString();
  const base: KnowledgeBase = {
    id: newBaseId(name),
    name,
    source: recordedSource(workspace, absolute),
    include: [...(request.include ?? [])],
    exclude: [...(request.exclude ?? [])],
    indexType: request.indexType ?? 'fast',
    createdAt: now,
    updatedAt: now,
    files: 0,
    chunks: 0,
    bytes: 0,
    ...(request.agent !== undefined ? { agent: request.agent } : {}),
    ...(request.description !== undefined ? { description: request.description } : {}),
    ...(request.autoUpdate !== undefined ? { autoUpdate: request.autoUpdate } : {}),
  };
  let outcome;
  try {
    outcome = await indexKnowledgeBase(workspace, base, options);
  } catch (error) {
    await fs.rm(baseDir(workspace, base.id), { recursive: true, force: true });
    throw error;
  }
  const recorded = withFigures(base, outcome.summary, now);
  await updateKnowledgeBases(workspace, (bases) => [...bases, recorded]);
  return { base: recorded, ...outcome };
}

/** Re-indexes one base incrementally (only changed files are read). */
export async function updateKnowledgeBase(workspace: string, nameOrId: string, options: IndexOptions & { agent?: string } = {}): Promise<IndexedBase> {
  const base = findKnowledgeBase(await readKnowledgeBases(workspace), nameOrId, options.agent !== undefined ? { agent: options.agent } : {});
  return reindex(workspace, base, options);
}

export async function reindex(workspace: string, base: KnowledgeBase, options: IndexOptions = {}): Promise<IndexedBase> {
  if (!(await fs.stat(sourcePath(workspace, base)).catch(() => null))) {
    throw new KnowledgeError('bad_source', `The source of knowledge base "${base.name}", ${base.source}, no longer exists.`, { action: 'remove', name: base.name });
  }
  const outcome = await indexKnowledgeBase(workspace, base, options);
  forgetLoadedIndex(baseDir(workspace, base.id));
  const updated = withFigures(base, outcome.summary, new Date().toISOString());
  await updateKnowledgeBases(workspace, (bases) => bases.map((b) => (b.id === base.id ? updated : b)));
  return { base: updated, ...outcome };
}

export async function removeKnowledgeBase(workspace: string, nameOrId: string, options: { agent?: string } = {}): Promise<KnowledgeBase> {
  const base = findKnowledgeBase(await readKnowledgeBases(workspace), nameOrId, options);
  await updateKnowledgeBases(workspace, (bases) => bases.filter((b) => b.id !== base.id));
  forgetLoadedIndex(baseDir(workspace, base.id));
  await fs.rm(baseDir(workspace, base.id), { recursive: true, force: true });
  return base;
}

export interface KnowledgeBaseDetails {
  base: KnowledgeBase;
  /** Where its files are, as people see it. */
  root: string;
  /** Size of its index on disk, in bytes (0 when not indexed). */
  indexBytes: number;
  files: Array<{ path: string; chunks: number; bytes: number }>;
}

/** A base with the files its index holds. */
export async function showKnowledgeBase(workspace: string, nameOrId: string): Promise<KnowledgeBaseDetails> {
  const base = findKnowledgeBase(await readKnowledgeBases(workspace), nameOrId);
  const dir = baseDir(workspace, base.id);
  const stored = await readStoredIndex(dir, base.indexType);
  const indexBytes = await fs.stat(path.join(dir, 'index.json')).then((s) => s.size, () => 0);
  const root = sourcePath(workspace, base);
  const isFile = (await fs.stat(root).catch(() => null))?.isFile() ?? false;
  const files = Object.entries(stored?.manifest.files ?? {})
    .map(([relative, entry]) => ({ path: displayPath(workspace, isFile ? root : path.join(root, relative)), chunks: entry.chunks.length, bytes: entry.size }))
    .sort((a, b) => a.path.localeCompare(b.path));
  return { base, root: displayPath(workspace, root), indexBytes, files };
}

function withFigures(base: KnowledgeBase, summary: IndexSummary, updatedAt: string): KnowledgeBase {
  return { ...base, updatedAt, files: summary.files, chunks: summary.chunks, bytes: summary.bytes };
}
