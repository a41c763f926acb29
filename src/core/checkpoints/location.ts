import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { FileChangedOnDiskError, writeFileAtomic, type OwnWrite, type OwnWriteRecorder } from '../fs';
import type { Settings } from '../settings';
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
export async function ensureRunStateIgnored(workspace: string, ownWrites?: OwnWriteRecorder): Promise<void> {
  const dir = runStateDir(workspace);
  await fs.mkdir(dir, { recursive: true });
  try {
    await writeFileAtomic(path.join(dir, '.gitignore'), '*\n', { expectedContent: null, ...(ownWrites ? { ownWrites } : {}) });
  } catch (error) {
    // Already there (perhaps edited by the user on purpose): leave it alone.
    if (!(error instanceof FileChangedOnDiskError)) throw error;
  }
}

/** The store's limits as `checkpoints` of `.kiro/settings.json` sets them (unset: the store's defaults). */
export function checkpointLimits(settings: Pick<Settings, 'checkpoints'> | null | undefined): Pick<CheckpointStoreOptions, 'maxFileBytes' | 'maxStorageBytes'> {
  const limits = settings?.checkpoints;
  return {
    ...(limits?.maxFileSizeBytes ? { maxFileBytes: limits.maxFileSizeBytes } : {}),
    ...(limits?.maxStorageBytes ? { maxStorageBytes: limits.maxStorageBytes } : {}),
  };
}

/** True when the workspace has a CLI-mode checkpoint store (so reading commands need not create one). */
export function hasWorkspaceCheckpoints(workspace: string): boolean {
  return existsSync(workspaceCheckpointDir(workspace));
}

/** The CLI-mode store of a workspace, in `.kiro/.specwright/checkpoints`, with run state git-ignored. */
export async function openWorkspaceCheckpointStore(workspace: string, options: Omit<CheckpointStoreOptions, 'workspace' | 'gitDir'> = {}): Promise<CheckpointStore> {
  const store = new CheckpointStore({ ...options, workspace, gitDir: workspaceCheckpointDir(workspace) });
  await ensureRunStateIgnored(workspace, store);
  return store;
}

/**
 * Where the CLI records the writes Specwright makes outside a run (`tasks set`, `spec new|next`,
 * `hooks new`): the workspace's CLI-mode store when it has one, else nowhere (with no checkpoint
 * there is nothing a restore could undo). The store is opened on the first write only.
 */
export function workspaceOwnWrites(workspace: string, options: Pick<CheckpointStoreOptions, 'onNotice'> = {}): OwnWriteRecorder {
  let store: CheckpointStore | null = null;
  return {
    async recordOwnWrite(file: string, write: OwnWrite): Promise<void> {
      if (!store && !hasWorkspaceCheckpoints(workspace)) return;
      store ??= new CheckpointStore({ ...options, workspace, gitDir: workspaceCheckpointDir(workspace) });
      await store.recordOwnWrite(file, write);
    },
  };
}
