/** A checkpoint problem that has been fully explained to the user; never a sign of a damaged repository. */
export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointError';
  }
}

/** No checkpoint matches the id (or the prefix matches several). */
export class CheckpointNotFoundError extends CheckpointError {
  constructor(readonly requested: string, detail: string) {
    super(detail);
    this.name = 'CheckpointNotFoundError';
  }
}

/** The workspace is too big to snapshot within the configured limits; nothing was stored. */
export class SnapshotTooLargeError extends CheckpointError {
  constructor(message: string) {
    super(message);
    this.name = 'SnapshotTooLargeError';
  }
}

/** A checkpoint exists but its data can no longer be read (the store was damaged). */
export class CheckpointDamagedError extends CheckpointError {
  constructor(readonly checkpointId: string, cause: string) {
    super(`checkpoint ${checkpointId} can no longer be read (${cause}); it has been removed from the list`);
    this.name = 'CheckpointDamagedError';
  }
}

/** A restore failed after it had started writing files; the state before it is a checkpoint. */
export class RestoreInterruptedError extends CheckpointError {
  constructor(readonly checkpointId: string, readonly safetyCheckpointId: string, cause: string) {
    super(`restore of checkpoint ${checkpointId} stopped part-way (${cause}); the workspace as it was before is checkpoint ${safetyCheckpointId}`);
    this.name = 'RestoreInterruptedError';
  }
}

/**
 * True when git's message means the shadow repository itself is damaged (missing HEAD or objects,
 * a corrupt index or pack), as opposed to a problem with the workspace or a lock held by another process.
 */
export function looksLikeDamagedRepository(message: string): boolean {
  if (/index\.lock|Permission denied|No space left/i.test(message)) return false;
  return /not a git repository|bad object|missing (blob|tree|commit|object)|is corrupt|corrupt (loose|pack|index)|index file|invalid object|unable to read (tree|commit|blob|sha1|[0-9a-f]{40})|error building trees|not a valid (tree )?object|bad signature|unknown index entry|broken|inflate|could not parse|bad tree|fatal: bad|packfile|unable to parse|reference is not a tree|Not a valid object name/i.test(
    message,
  );
}
