import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import type { ActivityEvent } from '../../core/activity';
import type { CheckpointStore } from '../../core/checkpoints';
import type { OwnWriteRecorder } from '../../core/fs';
import type { Settings } from '../../core/settings';
import type { HookLogStore } from '../hooks/hookActivity';
import { hookLogFiles } from '../hooks/hookLogFiles';
import { runRecord, type RunRecord } from './runHistory';
import { agentRuntime, hostRuntime } from '../runtime/load';

/**
 * Run state that is not the user's to edit lives in the extension's storage folder, per workspace
 * folder: run logs (`runs/*.jsonl`), the logs of hook runs outside agent runs (`hooks/*.jsonl`) and
 * the checkpoints' shadow git repository (`checkpoints/`).
 */
export class RunStorage {
  private readonly stores = new Map<string, Promise<CheckpointStore>>();
  private readonly records = new Map<string, { mtime: number; record: RunRecord }>();

  constructor(
    private readonly context: Pick<vscode.ExtensionContext, 'storageUri' | 'globalStorageUri'>,
    private readonly onNotice: (message: string) => void,
  ) {}

  /** One folder per workspace root, so multi-root windows keep their runs apart. */
  dirOf(root: string): string {
    const base = this.context.storageUri?.fsPath ?? path.join(this.context.globalStorageUri.fsPath, 'no-workspace');
    return path.join(base, `root-${createHash('sha1').update(path.resolve(root)).digest('hex').slice(0, 12)}`);
  }

  runsDir(root: string): string {
    return path.join(this.dirOf(root), 'runs');
  }

  logFile(root: string, runId: string): string {
    return path.join(this.runsDir(root), `${runId}.jsonl`);
  }

  /** The hooks logs of a root: the Hooks transcript, kept like a run log (same JSON Lines of events). */
  hookLogs(root: string): HookLogStore {
    return hookLogFiles(path.join(this.dirOf(root), 'hooks'), {
      listLogs: async (dir) => (await hostRuntime()).listRunLogs(dir),
      readLog: (file) => this.readLog(file),
    });
  }

  /**
   * The root's checkpoint store, created once: the store serialises its git operations, so every
   * caller must share the same instance.
   */
  checkpointStore(root: string, settings?: Settings): Promise<CheckpointStore> {
    const key = path.resolve(root);
    let store = this.stores.get(key);
    if (!store) {
      store = (async () => {
        const [{ CheckpointStore, checkpointLimits }, { loadSettings }] = await Promise.all([agentRuntime(), hostRuntime()]);
        // Whoever asks first (a run, a restore, a recorded write), the limits come from the settings.
        const limits = checkpointLimits(settings ?? (await loadSettings(root).catch(() => null))?.settings);
        return new CheckpointStore({ workspace: root, gitDir: path.join(this.dirOf(root), 'checkpoints'), ...limits, onNotice: this.onNotice });
      })();
      this.stores.set(key, store);
      store.catch(() => this.stores.delete(key));
    }
    return store;
  }

  /**
   * Where the extension records the files it writes itself (spec documents, hook toggles, new
   * hooks, mcp.json edits, new steering documents; the runner's status marks go through the run's
   * store directly), so that Restore and
   * Discard Changes do not take them for the user's edits. The root's store, opened on first use.
   */
  ownWrites(root: string): OwnWriteRecorder {
    return {
      recordOwnWrite: async (file, write) => {
        const store = await this.checkpointStore(root).catch((error: unknown) => {
          this.onNotice(`could not open the checkpoint store to record Specwright's change to ${file}: ${String(error)}`);
          return null;
        });
        await store?.recordOwnWrite(file, write);
      },
    };
  }

  async readLog(file: string): Promise<ActivityEvent[]> {
    const { readRunLog } = await hostRuntime();
    return (await readRunLog(file)).events;
  }

  /** Past runs of a root, newest first (logs re-read only when they changed). */
  async runRecords(root: string, limit = 50): Promise<RunRecord[]> {
    const { listRunLogs } = await hostRuntime();
    const entries = (await listRunLogs(this.runsDir(root))).slice(0, limit);
    return Promise.all(
      entries.map(async (entry) => {
        const cached = this.records.get(entry.file);
        if (cached && cached.mtime === entry.modifiedAt.getTime()) return cached.record;
        const record = runRecord(entry, await this.readLog(entry.file));
        this.records.set(entry.file, { mtime: entry.modifiedAt.getTime(), record });
        return record;
      }),
    );
  }

  async findRun(root: string, runId: string): Promise<RunRecord | null> {
    return (await this.runRecords(root, 500)).find((r) => r.runId === runId || r.runId.startsWith(runId)) ?? null;
  }
}
