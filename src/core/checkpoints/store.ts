import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { OwnWrite, OwnWriteRecorder } from '../fs';
import { BaselineState, gitBlobId, type Baseline } from './baselineState';
import { applyRestore } from './applyRestore';
import { CheckpointListCache, checkpointMessage, publicCheckpoint, type StoredCheckpoint } from './checkpointRecords';
import { CheckpointDamagedError, CheckpointError, CheckpointNotFoundError, looksLikeDamagedRepository, RestoreInterruptedError } from './errors';
import { gitErrorText } from './gitEnvironment';
import { writeCommit, writeRef } from './looseObjects';
import { planRestore } from './restorePlan';
import { SerialQueue } from './serialQueue';
import { baselineRef, checkpointIdentity, checkpointRefPrefix, defaultExcludes, ShadowRepository } from './shadowRepository';
import { indexEntryCount, takeSnapshot, type Snapshot, type SnapshotLimits, type SnapshotWrites } from './snapshot';
import { enforceStorageCap, StorageBound, storageBytes, type StorageSize } from './storageCap';
import { countIndexChanges, diffTrees, emptyTree, fileDiffs } from './treeDiff';
import type { Checkpoint, CheckpointStoreOptions, CreateCheckpointInput, FileDiff, LostCheckpoint, RestoreOptions, RestoreResult, UserHead } from './types';
import { headMovedWarning, readUserHead } from './userRepo';

const MB = 1_000_000;

/** Measured while a checkpoint's tree is written (see create). */
interface SnapshotFacts {
  /** Files that differ from the previous checkpoint. */
  files: number;
  /** The store's size on disk with the snapshot's files in it (measured, or a bound above it). */
  storage: StorageSize;
}

function megabytes(bytes: number): string {
  return bytes >= 10 * MB ? `${Math.round(bytes / MB)} MB` : `${(bytes / MB).toFixed(2).replace(/\.?0+$/, '')} MB`;
}

/**
 * Checkpoints of one workspace, kept in a shadow git repository so the user's own `.git` (index,
 * HEAD, branches, stash, hooks, config) is never touched. Every operation runs in turn.
 *
 * Telling Specwright's edits from the user's: the store keeps a baseline, the last workspace state
 * it knew (set by every checkpoint, restore and agent step), plus the writes recorded since: the
 * agent's (`recordAgentWrite`) and Specwright's own (`recordOwnWrite`: task marks, spec documents,
 * hook toggles). A restore refuses, unless forced, to touch a path whose content now differs from
 * the last recorded write there or, with none, from the baseline: someone else changed it. Runners
 * that let the agent run commands should call `recordAgentStep()` after each one, so files a
 * command wrote count as the agent's.
 */
export class CheckpointStore implements OwnWriteRecorder {
  private readonly repo: ShadowRepository;
  private readonly queue = new SerialQueue();
  private readonly baseline: BaselineState;
  private readonly checkpoints: CheckpointListCache;
  private readonly storageBound: StorageBound;
  private readonly limits: SnapshotLimits;
  private readonly maxStorageBytes: number;
  private readonly timeoutMs: number;
  private readonly now: () => Date;

  constructor(private readonly options: CheckpointStoreOptions) {
    this.timeoutMs = options.gitTimeoutMs ?? 120_000;
    this.repo = new ShadowRepository(path.resolve(options.gitDir), path.resolve(options.workspace), options.excludes ?? defaultExcludes, this.timeoutMs);
    this.baseline = new BaselineState(this.repo.stateDir);
    this.limits = {
      maxFileBytes: options.maxFileBytes ?? 5 * MB,
      maxFiles: options.maxFiles ?? 50_000,
      maxSnapshotBytes: options.maxSnapshotBytes ?? 500 * MB,
    };
    this.maxStorageBytes = options.maxStorageBytes ?? 1000 * MB;
    this.checkpoints = new CheckpointListCache(this.repo);
    this.storageBound = new StorageBound(this.maxStorageBytes);
    this.now = options.now ?? (() => new Date());
  }

  /** Snapshots the workspace as a new checkpoint and makes it the baseline. */
  create(input: CreateCheckpointInput): Promise<Checkpoint> {
    return this.serially(async () => {
      await this.repo.ensure();
      const checkpoints = this.checkpoints.read();
      const head = readUserHead(this.repo.workTree, this.timeoutMs);
      checkpoints.catch(() => undefined);
      let facts: SnapshotFacts | undefined;
      // While git writes the tree: how many files changed since the previous checkpoint (the first
      // holds every file of the index), and how much the store now takes on disk (measured only
      // when the bound kept since the last measurement could reach the cap).
      const snapshot = await this.snapshot(async (bound) => {
        const previous = (await checkpoints).at(-1);
        const [files, storage] = await Promise.all([
          previous ? countIndexChanges(this.repo, previous.tree) : indexEntryCount(this.repo.indexFile),
          bound ?? this.measureStorage(),
        ]);
        facts = { files, storage };
      });
      const checkpoint = await this.commitCheckpoint(snapshot.tree, input, await checkpoints, await head, true, facts);
      if (snapshot.oversized.length > 0) {
        this.notice(`left ${snapshot.oversized.length} file(s) larger than ${megabytes(this.limits.maxFileBytes)} out of checkpoint ${checkpoint.id}: ${snapshot.oversized.slice(0, 5).join(', ')}`);
      }
      return checkpoint;
    });
  }

  /** Every checkpoint, oldest first. */
  list(): Promise<Checkpoint[]> {
    return this.serially(async () => (this.repo.exists() ? (await this.checkpoints.read()).map(publicCheckpoint) : []));
  }

  /** Checkpoints whose data was lost when a damaged store was rebuilt or their objects went missing. */
  lost(): Promise<LostCheckpoint[]> {
    return this.serially(() => this.repo.readLost());
  }

  /** Per-file unified diffs from the checkpoint to the workspace as it is now. */
  diff(id: string): Promise<FileDiff[]> {
    return this.serially(async () => {
      const checkpoint = await this.find(id);
      return this.withCheckpointData(checkpoint, (current) => fileDiffs(this.repo, checkpoint.tree, current.tree));
    });
  }

  /** Puts the workspace back as it was at the checkpoint; see RestoreOptions and the class comment. */
  restore(id: string, options: RestoreOptions = {}): Promise<RestoreResult> {
    return this.serially(async () => {
      const all = await this.readAll();
      const checkpoint = this.match(all, id, await this.repo.readLost());
      const [userHead, baseline] = await Promise.all([readUserHead(this.repo.workTree, this.timeoutMs), this.knownBaseline(all)]);
      const baselineTree = baseline?.tree ?? null;
      const agentWrites = baseline?.writes ?? {};
      const { current, plan } = await this.withCheckpointData(checkpoint, async (current) => ({
        current,
        plan: await planRestore(this.repo, { checkpointTree: checkpoint.tree, currentTree: current.tree, baselineTree, agentWrites }),
      }));
      const warning = headMovedWarning(checkpoint.userHead, userHead);
      const result = { checkpoint: publicCheckpoint(checkpoint), ...plan, warnings: warning ? [warning] : [] };
      if (options.dryRun) return { ...result, outcome: 'dry-run' as const };
      if (plan.conflicts.length > 0 && !options.force) {
        const names = plan.conflicts.map((c) => c.path);
        const message =
          `restore of checkpoint ${checkpoint.id} refused, nothing was changed: ${names.length} file(s) have changes neither the agent nor Specwright made ` +
          `(${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}); save that work elsewhere, or restore anyway to overwrite it.`;
        return { ...result, outcome: 'refused' as const, message, remedy: { kind: 'forceRestore' as const, checkpointId: checkpoint.id } };
      }
      if (plan.changes.length === 0) return { ...result, outcome: 'restored' as const };
      // Capped only afterwards: evicting the oldest checkpoint now could prune the one being restored.
      const safety = await this.commitCheckpoint(current.tree, { task: null, reason: 'before-restore' }, all, userHead, false);
      try {
        await applyRestore(this.repo, checkpoint.commit, plan.changes);
      } catch (error) {
        throw new RestoreInterruptedError(checkpoint.id, safety.id, gitErrorText(error).split('\n')[0] ?? 'unknown error');
      }
      await this.setBaseline((await this.snapshot()).tree, true);
      await this.capStorage();
      this.options.emit?.({ type: 'checkpoint_restored', checkpointId: checkpoint.id, files: plan.changes.map((c) => c.path) });
      return { ...result, outcome: 'restored' as const, safetyCheckpointId: safety.id };
    });
  }

  /**
   * Records that the agent wrote `content` to `file` (workspace-relative or absolute; null: deleted it).
   * A restore then treats exactly that content as the agent's, and anything else as someone else's edit.
   */
  async recordAgentWrite(file: string, content: string | Uint8Array | null): Promise<void> {
    const relative = this.relativePath(file);
    const blob = content === null ? null : gitBlobId(content);
    return this.serially(() => this.baseline.recordWrite(relative, blob));
  }

  /**
   * Specwright itself wrote `file` (a task status mark, a spec document, a hook toggle, a file it
   * created): recorded like an agent write, so that only a person's (or another program's) edit
   * stops a restore. Only when `before` is what the store expected there; a write on top of someone
   * else's edit leaves that edit theirs. Never rejects: a failure becomes a notice.
   */
  async recordOwnWrite(file: string, write: OwnWrite): Promise<void> {
    let relative: string;
    try {
      relative = this.relativePath(file);
    } catch {
      return; // Outside the workspace (a user-level hook file): never in a snapshot.
    }
    const before = write.before === null ? null : gitBlobId(write.before);
    const after = write.after === null ? null : gitBlobId(write.after);
    try {
      await this.serially(async () => {
        const baseline = await this.baseline.read();
        if (!baseline) return; // No checkpoint yet: there is nothing a restore could undo.
        const expected = relative in baseline.writes ? baseline.writes[relative] : await this.blobAt(baseline.tree, relative);
        if (expected === before) await this.baseline.recordWrite(relative, after);
      });
    } catch (error) {
      this.notice(`could not record Specwright's own change to ${relative}, so a restore may ask about it: ${gitErrorText(error).split('\n')[0]}`);
    }
  }

  /** Accepts the whole workspace as it is now as the agent's doing (call after the agent ran a command). */
  recordAgentStep(): Promise<void> {
    return this.serially(async () => {
      await this.repo.ensure();
      await this.setBaseline((await this.snapshot()).tree, true);
    });
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────────

  /** Runs in turn; a damaged repository is rebuilt (its checkpoints reported lost) and the operation retried once. */
  private serially<T>(operation: () => Promise<T>): Promise<T> {
    return this.queue.run(async () => {
      try {
        return await operation();
      } catch (error) {
        if (error instanceof CheckpointError || !looksLikeDamagedRepository(gitErrorText(error)) || !(await this.repo.isDamaged())) throw error;
        const lost = await this.repo.rebuild(gitErrorText(error).split('\n')[0] ?? 'damaged', this.now());
        this.notice(`the checkpoint store at ${this.repo.gitDir} was damaged and has been rebuilt; ${lost.length} earlier checkpoint(s) are lost`);
        return await operation();
      }
    });
  }

  /** Every snapshot goes through here, so the storage bound counts everything stored. */
  private async snapshot(alongside?: (storageBound: StorageSize | null) => Promise<void>): Promise<Snapshot> {
    const stored = async (writes: SnapshotWrites) => {
      this.storageBound.grow(writes);
      await alongside?.(this.storageBound.current());
    };
    try {
      return await takeSnapshot(this.repo, this.limits, stored);
    } catch (error) {
      if (!looksLikeDamagedRepository(gitErrorText(error))) throw error;
      // The index is only a cache of file stats and blob ids: drop it and hash everything again.
      await fs.rm(this.repo.indexFile, { force: true });
      return await takeSnapshot(this.repo, this.limits, stored);
    }
  }

  private async measureStorage(): Promise<StorageSize> {
    const size = await storageBytes(this.repo);
    this.storageBound.remember(size);
    return size;
  }

  /**
   * Snapshots the workspace and runs `use` on it. A failure that points at missing objects is retried
   * with a fresh index (which rewrites every current object); if it still fails, the checkpoint's own
   * data is gone, and it is dropped and reported lost.
   */
  private async withCheckpointData<T>(checkpoint: StoredCheckpoint, use: (current: Snapshot) => Promise<T>): Promise<T> {
    try {
      return await use(await this.snapshot());
    } catch (error) {
      if (!looksLikeDamagedRepository(gitErrorText(error))) throw error;
    }
    await fs.rm(this.repo.indexFile, { force: true });
    try {
      return await use(await this.snapshot());
    } catch (error) {
      const cause = gitErrorText(error).split('\n')[0] ?? 'unreadable';
      if (!looksLikeDamagedRepository(cause)) throw error;
      await this.repo.run(['update-ref', '-d', `${checkpointRefPrefix}${checkpoint.id}`]);
      await this.repo.writeLost([...(await this.repo.readLost()), { id: checkpoint.id, lostAt: this.now().toISOString(), reason: cause }]);
      throw new CheckpointDamagedError(checkpoint.id, cause);
    }
  }

  private async commitCheckpoint(
    tree: string,
    input: CreateCheckpointInput,
    existing: StoredCheckpoint[],
    userHead: UserHead | undefined,
    capStorage = true,
    facts?: SnapshotFacts,
  ): Promise<Checkpoint> {
    const previous = existing.at(-1);
    const files = facts?.files ?? (await diffTrees(this.repo, previous?.tree ?? emptyTree, tree)).length;
    const now = this.now();
    const createdAt = now.toISOString();
    const meta = { seq: (previous?.seq ?? 0) + 1, task: input.task, reason: input.reason, createdAt, files, ...(userHead ? { userHead } : {}) };
    const commit = await writeCommit(this.repo.gitDir, tree, checkpointMessage(meta), checkpointIdentity, now);
    const id = commit.slice(0, 12);
    await writeRef(this.repo.gitDir, `${checkpointRefPrefix}${id}`, commit);
    await this.checkpoints.noteCreated({ id, commit, tree, ...meta });
    await this.setBaseline(tree, false);
    if (capStorage) await this.capStorage(facts?.storage);
    const checkpoint: Checkpoint = { id, task: input.task, reason: input.reason, createdAt, files, ...(userHead ? { userHead } : {}) };
    this.options.emit?.({ type: 'checkpoint_created', checkpointId: id, task: input.task, files });
    return checkpoint;
  }

  private async capStorage(measured?: StorageSize): Promise<void> {
    const cap = await enforceStorageCap(this.repo, this.maxStorageBytes, measured);
    if (cap.packed) this.storageBound.remember({ bytes: cap.bytes, looseObjects: 0 });
    if (cap.evicted.length > 0) {
      this.notice(`dropped the ${cap.evicted.length} oldest checkpoint(s) to keep checkpoint storage under ${megabytes(this.maxStorageBytes)}`);
    }
  }

  /**
   * Makes `tree` the state the store knows. A checkpoint's tree is kept alive by its ref; any other
   * (after a restore or an agent step) gets the baseline ref, so pruning never removes it.
   */
  private async setBaseline(tree: string, needsRef: boolean): Promise<void> {
    if (needsRef) await this.repo.run(['update-ref', baselineRef, tree]);
    await this.baseline.reset(tree);
  }

  /** The recorded baseline if its tree is still readable, else the newest checkpoint's (with no agent writes). */
  private async knownBaseline(all: StoredCheckpoint[]): Promise<Baseline | null> {
    const recorded = await this.baseline.read();
    if (recorded && (await this.repo.run(['rev-parse', '-q', '--verify', `${recorded.tree}^{tree}`])).trim()) return recorded;
    const newest = all.at(-1);
    return newest ? { tree: newest.tree, writes: {} } : null;
  }

  /** The blob id of `file` in `tree`, or null when the tree has no such file. */
  private async blobAt(tree: string, file: string): Promise<string | null> {
    return (await this.repo.run(['rev-parse', '-q', '--verify', `${tree}:${file}`])).trim() || null;
  }

  private async readAll(): Promise<StoredCheckpoint[]> {
    if (!this.repo.exists()) return [];
    await this.repo.ensure();
    return this.checkpoints.read();
  }

  private async find(id: string): Promise<StoredCheckpoint> {
    return this.match(await this.readAll(), id, await this.repo.readLost());
  }

  private match(all: StoredCheckpoint[], id: string, lost: LostCheckpoint[]): StoredCheckpoint {
    const wanted = id.trim().toLowerCase();
    const found = wanted.length >= 4 ? all.filter((c) => c.id.startsWith(wanted)) : [];
    if (found.length === 1) return found[0]!;
    if (found.length > 1) throw new CheckpointNotFoundError(id, `checkpoint id "${id}" is ambiguous (${found.map((c) => c.id).join(', ')}); give more of it`);
    const gone = lost.find((l) => wanted.length >= 4 && l.id.startsWith(wanted));
    if (gone) throw new CheckpointNotFoundError(id, `checkpoint ${gone.id} was lost (${gone.reason}) on ${gone.lostAt}`);
    throw new CheckpointNotFoundError(id, `no checkpoint matches "${id}"; list the checkpoints to see their ids`);
  }

  private relativePath(file: string): string {
    const absolute = path.resolve(this.repo.workTree, file);
    const relative = path.relative(this.repo.workTree, absolute);
    if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) {
      throw new Error(`${file} is not inside the workspace ${this.repo.workTree}; only workspace files are checkpointed`);
    }
    return relative.split(path.sep).join('/');
  }

  private notice(message: string): void {
    this.options.onNotice?.(message);
  }
}
