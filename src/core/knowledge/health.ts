import { promises as fs } from 'node:fs';
import type { KnowledgeRemedy } from './errors';
import { indexFile } from './manifest';
import { baseDir, sourcePath } from './store';
import type { KnowledgeBase } from './types';

/**
 * Why a base cannot be searched as it is: its source is gone (`source_missing`), or its index was
 * never written or cannot be read (`index_unreadable`). The remedy is what fixes it.
 */
export interface KnowledgeBaseProblem {
  code: 'source_missing' | 'index_unreadable';
  message: string;
  remedy: KnowledgeRemedy;
}

/** How much of an index file is read to check it: its head names the format and the index type. */
const HEAD_BYTES = 64;

/**
 * What is wrong with a base, or null. Cheap enough to run for every base on each refresh of a view:
 * the source is stat'ed and the index file's first and last bytes are read, not the whole index (an
 * index is written atomically, so one that starts and ends as written is whole unless edited by hand;
 * a search still finds one edited by hand unreadable and counts it as unindexed).
 */
export async function knowledgeBaseProblem(workspace: string, base: KnowledgeBase): Promise<KnowledgeBaseProblem | null> {
  if (!(await fs.stat(sourcePath(workspace, base)).catch(() => null))) {
    return {
      code: 'source_missing',
      message: `The source of knowledge base "${base.name}", ${base.source}, no longer exists: restore it and re-index the base, or remove the base.`,
      remedy: { action: 'remove', name: base.name },
    };
  }
  const why = await indexProblem(indexFile(baseDir(workspace, base.id)), base);
  return why ? { code: 'index_unreadable', message: `The index of knowledge base "${base.name}" ${why}; re-indexing it from ${base.source} makes a new one.`, remedy: { action: 'update', name: base.name } } : null;
}

async function indexProblem(file: string, base: KnowledgeBase): Promise<string | null> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch {
    return 'is missing';
  }
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(Math.min(HEAD_BYTES, size));
    const tail = Buffer.alloc(1);
    await handle.read(head, 0, head.length, 0);
    if (size > 0) await handle.read(tail, 0, 1, size - 1);
    const expected = `{"manifest":{"version":1,"indexType":${JSON.stringify(base.indexType)}`;
    if (!head.toString('utf8').startsWith(expected) || tail.toString('utf8') !== '}') return 'cannot be read (it is not an index Specwright wrote)';
    return null;
  } finally {
    await handle.close();
  }
}
