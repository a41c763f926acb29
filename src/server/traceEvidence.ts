import * as path from 'node:path';
import { runStateDir } from '../core/checkpoints';
import type { SpecEvidence } from '../core/spec';
import { buildTrace, loadTraceInputs, specEvidence, TraceCache, type TraceInputs, type TraceReport, type TraceSources } from '../core/trace';
import type { SpecSnapshot } from './specIndex';

/** How long one reading of a workspace's run logs, records and tests serves before it is read again. */
const FRESH_MS = 2_000;

/**
 * The workspace evidence the lint and hovers need (tests, run logs, trace records), read the same
 * way `specwright spec lint` reads it, from `.kiro/.specwright` and the extra run-state folders the
 * client names per workspace root (the extension's storage folder). Parsed files are cached by
 * mtime; a reading is reused for a moment, and dropped when the client reports a run.
 */
export class WorkspaceTraces {
  private readonly caches = new Map<string, TraceCache>();
  private readonly readings = new Map<string, { at: number; inputs: Promise<TraceInputs> }>();

  constructor(private extraStateDirs: Record<string, readonly string[]> = {}) {}

  setExtraStateDirs(dirs: Record<string, readonly string[]>): void {
    this.extraStateDirs = dirs;
    this.readings.clear();
  }

  /** Forget what was read (a run finished, a file changed): the next request reads afresh. */
  invalidate(): void {
    this.readings.clear();
  }

  sourcesOf(root: string): TraceSources {
    const extra = Object.entries(this.extraStateDirs).find(([r]) => path.resolve(r) === root)?.[1] ?? [];
    return { workspace: root, stateDirs: [...extra, runStateDir(root)] };
  }

  inputs(root: string): Promise<TraceInputs> {
    const known = this.readings.get(root);
    if (known && Date.now() - known.at < FRESH_MS) return known.inputs;
    let cache = this.caches.get(root);
    if (!cache) this.caches.set(root, (cache = new TraceCache()));
    const inputs = loadTraceInputs(this.sourcesOf(root), cache);
    this.readings.set(root, { at: Date.now(), inputs });
    inputs.catch(() => this.readings.delete(root));
    return inputs;
  }

  async evidence(snapshot: SpecSnapshot): Promise<SpecEvidence> {
    const root = rootOf(snapshot.dir);
    return specEvidence(root, { name: snapshot.specName, ...snapshot }, await this.inputs(root));
  }

  /** The spec's trace (criterion → tasks → files → tests) and the root its paths are relative to. */
  async trace(snapshot: SpecSnapshot): Promise<{ report: TraceReport; root: string }> {
    const root = rootOf(snapshot.dir);
    return { report: buildTrace({ name: snapshot.specName, ...snapshot }, await this.inputs(root)), root };
  }
}

/** `<root>/.kiro/specs/<name>` → `<root>`. */
export function rootOf(specDir: string): string {
  return path.resolve(specDir, '..', '..', '..');
}
