import type { Remedy } from '../remedy';
import type { ActivityEventInput } from '../activity';

/** Why a checkpoint was taken; the runner takes one before each task and before each approved step. */
export type CheckpointReason = 'before-task' | 'before-approval' | 'before-restore' | 'manual';

/** The user's own repository at checkpoint time (read-only), so a restore can warn that it moved. */
export interface UserHead {
  /** Commit HEAD pointed at; null on a branch with no commits yet. */
  commit: string | null;
  /** Branch name; null when HEAD was detached. */
  branch: string | null;
}

export interface Checkpoint {
  /** 12 hex digits; commands accept any unique prefix of 4 or more. */
  id: string;
  task: string | null;
  reason: CheckpointReason;
  /** ISO 8601. */
  createdAt: string;
  /** Paths that differ from the previous checkpoint (every file, for the first one). */
  files: number;
  userHead?: UserHead;
}

export interface CreateCheckpointInput {
  task: string | null;
  reason: CheckpointReason;
}

/** What a restore does to one path, in the user's terms. */
export type RestoreAction =
  /** The file exists now and will get its checkpoint content (or mode) back. */
  | 'modify'
  /** The file was deleted since the checkpoint and will be created again. */
  | 'create'
  /** The file was created since the checkpoint and will be deleted. */
  | 'delete';

export interface PlannedChange {
  path: string;
  action: RestoreAction;
  /** Lines the restore adds and removes in this file; absent for binary files and mode-only changes. */
  added?: number;
  removed?: number;
}

export interface RestoreConflict {
  path: string;
  /** A sentence saying who changed the file and why restoring it would lose their work. */
  reason: string;
}

export interface RestorePlan {
  checkpoint: Checkpoint;
  changes: PlannedChange[];
  /** Files someone other than the agent changed since the store last knew their content. */
  conflicts: RestoreConflict[];
  /** Things to know that do not block the restore (for example: HEAD moved). */
  warnings: string[];
}

export type RestoreOutcome = 'dry-run' | 'refused' | 'restored';

export interface RestoreResult extends RestorePlan {
  outcome: RestoreOutcome;
  /** For 'refused': what happened. */
  message?: string;
  /** For 'refused': what the person can do (each face words it). */
  remedy?: Remedy;
  /** For 'restored': a checkpoint of the workspace as it was just before, so the restore can be undone. */
  safetyCheckpointId?: string;
}

export interface RestoreOptions {
  /** Restore even files with conflicts (the other person's edits are lost, except in the safety checkpoint). */
  force?: boolean;
  /** Only work out the plan; change nothing in the workspace. */
  dryRun?: boolean;
}

export type FileChange = 'added' | 'deleted' | 'modified';

/** One file's difference between a checkpoint and the workspace now. */
export interface FileDiff {
  path: string;
  /** Relative to the checkpoint: 'added' means the file is new since then. */
  change: FileChange;
  binary: boolean;
  /** Unified diff, checkpoint side as `a/`, workspace side as `b/`. */
  patch: string;
}

/** A checkpoint whose data was lost when a damaged store was rebuilt or one of its objects went missing. */
export interface LostCheckpoint {
  id: string;
  lostAt: string;
  reason: string;
}

export interface CheckpointStoreOptions {
  /** The workspace root: the shadow repository's work tree. */
  workspace: string;
  /** The shadow repository's git directory (created on first use). */
  gitDir: string;
  /** Files larger than this are left out of snapshots (default 5 MB). */
  maxFileBytes?: number;
  /** A workspace with more files than this after ignores is refused (default 50,000). */
  maxFiles?: number;
  /** A snapshot that would have to store more new bytes than this is refused (default 500 MB). */
  maxSnapshotBytes?: number;
  /** Oldest checkpoints are dropped once the shadow repository is larger than this (default 1 GB). */
  maxStorageBytes?: number;
  /** Patterns (gitignore syntax) never snapshotted, on top of the workspace's .gitignore files. */
  excludes?: readonly string[];
  /** Kills a git process that prints nothing for this long (default 120 s), so a run never hangs. */
  gitTimeoutMs?: number;
  emit?: (event: ActivityEventInput) => void;
  /** Things the user should hear about that are not errors: rebuilt store, evicted checkpoints, skipped files. */
  onNotice?: (message: string) => void;
  now?: () => Date;
}
