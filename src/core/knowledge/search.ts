import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isInsideWorkspace } from '../fs';
import { splitLines } from './chunking';
import { loadedIndex } from './loadedIndexes';
import { searchChunks } from './searchIndex';
import { baseDir, displayPath, findKnowledgeBase, readKnowledgeBases, sourcePath } from './store';
import type { KnowledgeBase, KnowledgeHit } from './types';

export interface KnowledgeQuery {
  query: string;
  /** One base by name or id; default every base visible to `agent`. */
  name?: string;
  /** The agent whose bases are searched besides the workspace's own; default none. */
  agent?: string;
  /** Bases to search, already chosen (overrides name and agent). */
  bases?: readonly KnowledgeBase[];
  /** How many hits; default 5. */
  top?: number;
  /** Hits to skip first (paging); default 0. */
  offset?: number;
}

export interface KnowledgeSearchOutcome {
  hits: KnowledgeHit[];
  /** The bases that were searched. */
  searched: KnowledgeBase[];
  /** Bases that have no index yet (never indexed, or their index is damaged): run an update. */
  unindexed: KnowledgeBase[];
}

/**
 * Searches knowledge bases and returns the best chunks with their lines as they are on disk now.
 * Scores of different bases are compared as they are (each is BM25 over its own base).
 */
export async function searchKnowledge(workspace: string, request: KnowledgeQuery): Promise<KnowledgeSearchOutcome> {
  const all = request.bases ? [...request.bases] : await readKnowledgeBases(workspace);
  const agentOption = request.agent !== undefined ? { agent: request.agent } : {};
  const searched = request.bases ? all : request.name ? [findKnowledgeBase(all, request.name, agentOption)] : all.filter((b) => b.agent === undefined || b.agent === request.agent);
  const top = Math.max(1, request.top ?? 5);
  const offset = Math.max(0, request.offset ?? 0);
  const candidates: Array<{ base: KnowledgeBase; root: string; isFile: boolean; path: string; startLine: number; endLine: number; score: number; entry: { size: number; mtimeMs: number } | undefined }> = [];
  const unindexed: KnowledgeBase[] = [];
  for (const base of searched) {
    const stored = await loadedIndex(baseDir(workspace, base.id), base.indexType);
    if (!stored) {
      unindexed.push(base);
      continue;
    }
    const root = sourcePath(workspace, base);
    const isFile = (await fs.stat(root).catch(() => null))?.isFile() === true;
    for (const match of searchChunks(stored.index, request.query).slice(0, offset + top)) {
      candidates.push({ base, root, isFile, ...match, entry: stored.manifest.files[match.path] });
    }
  }
  candidates.sort((a, b) => b.score - a.score);
  const hits: KnowledgeHit[] = [];
  const texts = new Map<string, Promise<{ lines: string[]; size: number; mtimeMs: number } | null>>();
  for (const candidate of candidates.slice(offset, offset + top)) {
    const absolute = candidate.isFile ? candidate.root : path.join(candidate.root, ...candidate.path.split('/'));
    // The index is a file on disk like any other (a repository could ship one): a path in it that
    // leads out of its base, by `..` or a symlink, is never read.
    if (!candidate.isFile && !isInsideWorkspace(candidate.root, absolute)) continue;
    if (!texts.has(absolute)) texts.set(absolute, readLines(absolute));
    const file = await texts.get(absolute)!;
    if (!file) continue; // Deleted since it was indexed.
    const stale = !candidate.entry || candidate.entry.size !== file.size || candidate.entry.mtimeMs !== file.mtimeMs;
    hits.push({
      base: candidate.base.name,
      path: displayPath(workspace, absolute),
      startLine: candidate.startLine,
      endLine: candidate.endLine,
      score: Math.round(candidate.score * 1000) / 1000,
      text: file.lines.slice(candidate.startLine - 1, candidate.endLine).join('\n'),
      stale,
    });
  }
  return { hits, searched, unindexed };
}

async function readLines(absolute: string): Promise<{ lines: string[]; size: number; mtimeMs: number } | null> {
  try {
    const [text, stat] = await Promise.all([fs.readFile(absolute, 'utf8'), fs.stat(absolute)]);
    return { lines: splitLines(text), size: stat.size, mtimeMs: stat.mtimeMs };
  } catch {
    return null;
  }
}
