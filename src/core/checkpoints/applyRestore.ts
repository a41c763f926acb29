import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ShadowRepository } from './shadowRepository';
import type { PlannedChange } from './types';

/**
 * Makes each planned path match the checkpoint, and nothing else: files created since are deleted
 * (with folders they leave empty), the rest are written by `git restore` from the checkpoint commit,
 * which keeps bytes, exec bits and symlinks exactly. The user's repository is never involved.
 */
export async function applyRestore(repo: ShadowRepository, checkpointCommit: string, changes: PlannedChange[]): Promise<void> {
  const root = path.resolve(repo.workTree);
  // Deletions first: a file may stand where the checkpoint has a folder (or the other way round).
  for (const change of changes.filter((c) => c.action === 'delete')) {
    const file = path.join(root, change.path);
    await fs.rm(file, { force: true });
    await removeEmptyParents(root, path.dirname(file));
  }
  const toWrite = changes.filter((c) => c.action !== 'delete').map((c) => c.path);
  if (toWrite.length === 0) return;
  const pathspecFile = path.join(repo.stateDir, 'restore-paths');
  await fs.mkdir(repo.stateDir, { recursive: true });
  await fs.writeFile(pathspecFile, toWrite.join('\0') + '\0');
  try {
    await repo.run([
      '--literal-pathspecs',
      'restore',
      `--source=${checkpointCommit}`,
      '--worktree',
      '--no-overlay',
      `--pathspec-from-file=${pathspecFile}`,
      '--pathspec-file-nul',
    ]);
  } finally {
    await fs.rm(pathspecFile, { force: true });
  }
}

/** Removes folders emptied by a deletion, up to (never including) the workspace root. */
async function removeEmptyParents(root: string, dir: string): Promise<void> {
  for (let current = dir; current !== root && current.startsWith(root + path.sep); current = path.dirname(current)) {
    try {
      await fs.rmdir(current);
    } catch {
      return; // Not empty (or already gone): everything above is in use too.
    }
  }
}
