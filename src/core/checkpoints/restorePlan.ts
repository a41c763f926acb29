import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { AgentWrites } from './baselineState';
import type { ShadowRepository } from './shadowRepository';
import { diffTrees, type TreeChange } from './treeDiff';
import type { PlannedChange, RestoreAction, RestoreConflict } from './types';

export interface RestoreInputs {
  /** The checkpoint's tree and the workspace's tree now. */
  checkpointTree: string;
  currentTree: string;
  /** The last state the store knew (newest checkpoint or last restore); null when there is none. */
  baselineTree: string | null;
  /** What the agent, or Specwright itself, wrote since that baseline. */
  agentWrites: AgentWrites;
}

/**
 * Works out which paths a restore changes (only those that differ between the checkpoint and the
 * workspace now) and which of them someone other than the agent or Specwright changed since the
 * store last knew their content. Reads blobs of both sides (numstat), so a damaged checkpoint fails
 * here, before anything is written.
 */
export async function planRestore(repo: ShadowRepository, inputs: RestoreInputs): Promise<{ changes: PlannedChange[]; conflicts: RestoreConflict[] }> {
  const { checkpointTree, currentTree, baselineTree, agentWrites } = inputs;
  const [treeChanges, lineCounts, sinceBaseline] = await Promise.all([
    diffTrees(repo, checkpointTree, currentTree),
    numstat(repo, currentTree, checkpointTree),
    baselineTree ? diffTrees(repo, baselineTree, currentTree) : Promise.resolve([] as TreeChange[]),
  ]);
  const changedSinceBaseline = new Set(sinceBaseline.map((c) => c.path));
  const changes: PlannedChange[] = treeChanges.map((c) => ({ path: c.path, action: actionFor(c), ...lineCounts.get(c.path) }));
  const deleted = new Set(changes.filter((c) => c.action === 'delete').map((c) => c.path));
  const conflicts: RestoreConflict[] = [];
  for (const [i, c] of treeChanges.entries()) {
    const reason = await conflictReason(repo.workTree, c, changes[i]!.action, agentWrites, changedSinceBaseline, deleted);
    if (reason) conflicts.push({ path: c.path, reason });
  }
  return { changes, conflicts };
}

function actionFor(c: TreeChange): RestoreAction {
  if (!c.after) return 'create';
  return c.before ? 'modify' : 'delete';
}

async function conflictReason(
  workTree: string,
  c: TreeChange,
  action: RestoreAction,
  agentWrites: AgentWrites,
  changedSinceBaseline: Set<string>,
  deleted: Set<string>,
): Promise<string | undefined> {
  const now = c.after?.blob ?? null;
  if (c.path in agentWrites) {
    if (agentWrites[c.path] !== now) return 'changed after the agent or Specwright last wrote it (someone else edited it)';
  } else if (changedSinceBaseline.has(c.path)) {
    return 'changed since the last checkpoint by someone other than the agent or Specwright';
  }
  if (action === 'create' && (await somethingInTheWay(workTree, c.path, deleted))) {
    return 'something not in snapshots (too large, ignored or a nested repository) is on disk where the file would go; restoring would overwrite it';
  }
  return undefined;
}

/**
 * True when recreating `file` would overwrite something the store does not know about: a file there
 * (too large or ignored), or a folder that the restore's own deletions would not empty.
 */
async function somethingInTheWay(workTree: string, file: string, deleted: Set<string>): Promise<boolean> {
  const full = path.join(workTree, file);
  const stat = await fs.lstat(full).catch(() => null);
  if (!stat) return false;
  if (!stat.isDirectory()) return true;
  const inside = await fs.readdir(full, { recursive: true, withFileTypes: true });
  return inside.some((entry) => !entry.isDirectory() && !deleted.has(path.relative(workTree, path.join(entry.parentPath, entry.name)).split(path.sep).join('/')));
}

/** Lines added and removed per path by the restore (from the workspace now to the checkpoint); none for binary files. */
async function numstat(repo: ShadowRepository, from: string, to: string): Promise<Map<string, { added: number; removed: number }>> {
  const counts = new Map<string, { added: number; removed: number }>();
  if (from === to) return counts;
  const out = await repo.run(['diff', '--numstat', '-z', '--no-renames', '--no-ext-diff', '--no-textconv', from, to]);
  for (const record of out.split('\0')) {
    const match = /^(\d+)\t(\d+)\t(.+)$/s.exec(record);
    if (match) counts.set(match[3]!, { added: Number(match[1]), removed: Number(match[2]) });
  }
  return counts;
}
