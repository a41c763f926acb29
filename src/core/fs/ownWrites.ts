/** A file's bytes before or after a write; null: the file does not exist. */
export type FileContent = string | Uint8Array | null;

/** One write Specwright made itself: the file went from `before` to `after`. */
export interface OwnWrite {
  before: FileContent;
  after: FileContent;
}

/**
 * Where every write Specwright makes itself (task status marks, spec documents, hook toggles, the
 * files it creates) is recorded as its own, so that a checkpoint restore tells them from a person's
 * edits and refuses only for the latter. The checkpoint store implements it; `writeFileAtomic`
 * reports to it when given one.
 */
export interface OwnWriteRecorder {
  /**
   * `file` (absolute, or relative to the workspace) was written by Specwright. Recorded only when
   * `before` is what the recorder last knew there: a write made on top of someone else's edit
   * does not make that edit Specwright's. Never rejects; files outside the workspace are ignored.
   */
  recordOwnWrite(file: string, write: OwnWrite): Promise<void>;
}

/** For callers that have no checkpoint store to tell (a workspace without one records nothing). */
export const noOwnWrites: OwnWriteRecorder = { recordOwnWrite: async () => undefined };
