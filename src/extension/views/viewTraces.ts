import * as path from 'node:path';
import type { LoadedSpec } from '../../core/spec';
import type { DriftReason, TaskDrift, TaskTraceRecord, TraceCache, TraceReport, TraceSources } from '../../core/trace';
import { hostRuntime } from '../runtime/load';

export interface TracedSpec {
  root: string;
  spec: LoadedSpec;
  report: TraceReport;
  /** Its drifting tasks. */
  drift: DriftMark[];
}

/** A drifting task as the Specs view shows it: its id and why, in the core's words. */
export interface DriftMark {
  taskId: string;
  reasons: string[];
}

/**
 * Traces and drift for the views, read as `spec trace` and `spec drift` read them, from the run state
 * the extension keeps and `.kiro/.specwright` (runs started from the CLI). Parsed run logs and test
 * files are kept per root while their size and mtime stay the same.
 */
export class ViewTraces {
  private readonly caches = new Map<string, TraceCache>();
  /** Absolute paths of the files task records cover: a change to one may make a task drift. */
  private recorded = new Set<string>();

  constructor(private readonly sources: (root: string) => TraceSources) {}

  /** Every spec of the root with its trace (criterion → tasks → files → tests), in listing order. */
  async specTraces(root: string): Promise<TracedSpec[]> {
    const runtime = await hostRuntime();
    let cache = this.caches.get(root);
    if (!cache) this.caches.set(root, (cache = new runtime.TraceCache()));
    const inputs = await runtime.loadTraceInputs(this.sources(root), cache);
    this.remember(root, inputs.records);
    const out: TracedSpec[] = [];
    for (const summary of await runtime.listSpecs(root)) {
      const spec = await runtime.loadSpec(root, summary.name).catch(() => null);
      if (!spec) continue;
      const drift = await runtime.specDrift(root, spec, inputs, { timing: false });
      out.push({ root, spec, report: runtime.traceSpec(spec, inputs), drift: marksOf(drift, runtime.describeDrift) });
    }
    return out;
  }

  /**
   * The drifting tasks of each spec given, by spec name, from the task records alone (no test scan,
   * no git): cheap enough for every refresh of the Specs view.
   */
  async drift(root: string, specs: readonly LoadedSpec[]): Promise<Map<string, DriftMark[]>> {
    const runtime = await hostRuntime();
    const records = await runtime.readTraceRecords(this.sources(root).stateDirs.map(runtime.traceDirOf));
    this.remember(root, records);
    const out = new Map<string, DriftMark[]>();
    for (const spec of specs) {
      const drift = await runtime.specDrift(root, spec, { records }, { timing: false });
      if (drift.length) out.set(spec.name, marksOf(drift, runtime.describeDrift));
    }
    return out;
  }

  private remember(root: string, records: readonly TaskTraceRecord[]): void {
    for (const record of records) for (const f of record.files) this.recorded.add(path.join(root, f.path));
  }

  /** Whether a task record covers this file (as of the last reading). */
  covers(fsPath: string): boolean {
    return this.recorded.has(path.resolve(fsPath));
  }
}

function marksOf(drift: readonly TaskDrift[], describe: (reason: DriftReason) => string): DriftMark[] {
  return drift.map((d) => ({ taskId: d.taskId, reasons: d.reasons.map((r) => describe(r)) }));
}
