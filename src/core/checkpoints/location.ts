import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CheckpointStore } from './store';
import type { CheckpointStoreOptions } from './types';

/** Where run state lives in a workspace; never meant to be committed. */
export function runStateDir(workspace: string): string {
  return path.join(workspace, '.kiro', '.specwright');
}

/** The shadow repository's git dir when Specwright runs from the CLI (the extension uses its storage folder). */
export function workspaceCheckpointDir(workspace: string): string {
  return path.join(runStateDir(workspace), 'checkpoints');
}

/** Writes `.kiro/.specwright/.gitignore` containing `*` unless one exists, so users never commit run state. */
export async function ensureRunStateIgnored(workspace: string): Promise<void> {
  const dir = runStateDir(workspace);
  await fs.mkdir(dir, { recursive: true });
  try {
    await fs.writeFile(path.join(dir, '.gitignore'), '*\n', { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/** True when the workspace has a CLI-mode checkpoint store (so reading commands need not create one). */
export function hasWorkspaceCheckpoints(workspace: string): boolean {
  return existsSync(workspaceCheckpointDir(workspace));
}

/** The CLI-mode store of a workspace, in `.kiro/.specwright/checkpoints`, with run state git-ignored. */
export async function openWorkspaceCheckpointStore(workspace: string, options: Omit<CheckpointStoreOptions, 'workspace' | 'gitDir'> = {}): Promise<CheckpointStore> {
  await ensureRunStateIgnored(workspace);
  return new CheckpointStore({ ...options, workspace, gitDir: workspaceCheckpointDir(workspace) });
}
