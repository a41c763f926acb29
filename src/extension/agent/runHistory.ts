import type { ActivityEvent } from '../../core/activity';
import { reportFromEvents, type RunReport } from '../../core/runs';
import { RunFigures } from './runFigures';

/** One past run: its log, what it reported, and what it cost. */
export interface RunRecord {
  runId: string;
  file: string;
  modifiedAt: Date;
  events: ActivityEvent[];
  report: RunReport;
  tokens: number;
  costUsd: number;
}

export function runRecord(entry: { runId: string; file: string; modifiedAt: Date }, events: ActivityEvent[]): RunRecord {
  const figures = new RunFigures();
  for (const event of events) figures.add(event);
  return { ...entry, events, report: reportFromEvents(events), tokens: figures.tokens, costUsd: figures.usage.costUsd };
}

export interface CheckpointMention {
  checkpointId: string;
  task: string | null;
  files: number;
  time: string;
}

/** The checkpoints a run took, in order. */
export function checkpointsOf(events: readonly ActivityEvent[]): CheckpointMention[] {
  return events.flatMap((e) => (e.type === 'checkpoint_created' ? [{ checkpointId: e.checkpointId, task: e.task, files: e.files, time: e.time }] : []));
}

/** The first checkpoint of a run: the workspace as it was before the agent touched it. */
export function firstCheckpoint(events: readonly ActivityEvent[]): string | null {
  return checkpointsOf(events)[0]?.checkpointId ?? null;
}

/** Files the run wrote, in first-written order, with the change of their latest write. */
export function filesWritten(events: readonly ActivityEvent[]): Array<{ path: string; change: 'created' | 'modified' | 'deleted'; added: number; removed: number }> {
  const byPath = new Map<string, { path: string; change: 'created' | 'modified' | 'deleted'; added: number; removed: number }>();
  for (const e of events) {
    if (e.type !== 'file_written') continue;
    const seen = byPath.get(e.path);
    byPath.set(e.path, {
      path: e.path,
      change: seen?.change === 'created' && e.change !== 'deleted' ? 'created' : e.change,
      added: (seen?.added ?? 0) + e.added,
      removed: (seen?.removed ?? 0) + e.removed,
    });
  }
  return [...byPath.values()];
}

export interface UsageTotals {
  runs: number;
  tokens: number;
  costUsd: number;
}

export function usageTotals(records: readonly Pick<RunRecord, 'tokens' | 'costUsd'>[]): UsageTotals {
  return records.reduce<UsageTotals>((t, r) => ({ runs: t.runs + 1, tokens: t.tokens + r.tokens, costUsd: t.costUsd + r.costUsd }), { runs: 0, tokens: 0, costUsd: 0 });
}
