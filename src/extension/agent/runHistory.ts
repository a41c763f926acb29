import type { ActivityEvent, TaskRef } from '../../core/activity';
import { reportFromEvents, type RunReport } from '../../core/agent/runReport';
import type { TaskSelection } from '../../core/agent/taskSelection';
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

/** The newest run (of `spec`, when given) that left tasks undone: what Resume and Discard act on. */
export function lastUnfinishedRun(records: readonly RunRecord[], spec?: string): RunRecord | null {
  for (const record of records) {
    if (spec && record.report.spec !== spec) continue;
    // The newest run decides: once it finished everything, there is nothing to resume.
    return record.report.outcome === 'completed' || record.report.remaining.length === 0 ? null : record;
  }
  return null;
}

export interface ResumePlan {
  spec: string;
  selection: TaskSelection;
  remaining: TaskRef[];
  /** Context for the agent: what the interrupted attempt did. */
  note: string;
}

/** What resuming a run means: its remaining tasks, with a note about what it already did (as the CLI's --resume). */
export function resumePlan(record: RunRecord): ResumePlan | null {
  const { report } = record;
  if (!report.spec || report.remaining.length === 0) return null;
  return {
    spec: report.spec,
    selection: selectionOf(report.remaining),
    remaining: report.remaining,
    note: `This resumes run ${report.runId}, which ended ${report.outcome.replace('_', ' ')}. ${report.summary} Changes it made are still in the workspace: check them before continuing.`,
  };
}

/** One task, or the top-level range the tasks span (the runner skips the ones already done). */
export function selectionOf(tasks: readonly TaskRef[]): TaskSelection {
  const first = tasks[0]!.id;
  const last = tasks[tasks.length - 1]!.id;
  return first === last ? { kind: 'task', id: first } : { kind: 'range', from: first, to: last };
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

/**
 * The checkpoint taken before `taskId` started in this run: the runner takes it just before
 * task_started, so it is the task's first checkpoint (later ones are before-approval steps).
 */
export function beforeTaskCheckpoint(events: readonly ActivityEvent[], taskId: string): string | null {
  return checkpointsOf(events).find((c) => c.task === taskId)?.checkpointId ?? null;
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
