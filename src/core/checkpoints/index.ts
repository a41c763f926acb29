export { CheckpointStore } from './store';
export type {
  Checkpoint,
  CheckpointReason,
  CheckpointStoreOptions,
  CreateCheckpointInput,
  FileChange,
  FileDiff,
  LostCheckpoint,
  PlannedChange,
  RestoreAction,
  RestoreConflict,
  RestoreOptions,
  RestoreOutcome,
  RestorePlan,
  RestoreResult,
  UserHead,
} from './types';
export { CheckpointError, CheckpointNotFoundError, CheckpointDamagedError, RestoreInterruptedError, SnapshotTooLargeError } from './errors';
export { defaultExcludes } from './shadowRepository';
export { gitBlobId } from './baselineState';
export { checkpointLimits, ensureRunStateIgnored, hasWorkspaceCheckpoints, openWorkspaceCheckpointStore, runStateDir, workspaceCheckpointDir, workspaceOwnWrites } from './location';
export { readStagedDiff, readUserHead } from './userRepo';
export { buildCommitMessagePrompt, cleanCommitMessage, generateCommitMessage, wrapBody, subjectLimit, bodyWidth, type CommitMessageInput } from './commitMessage';
export type { TextCompleter } from '../model';
export { summariseDiff, parseUnifiedDiff, estimateTokens, type DiffFileStat } from './diffSummary';
export { TaskWorktree, type WorktreeMerge } from './taskWorktree';
