import type { ActivityEvent, TaskRef } from '../activity';
import { listRunLogs, readRunLog, reportFromEvents, type RunReport } from '../runs';
import type { TaskSelection } from './taskSelection';

/** What picking up after the newest unfinished run means, or why there is nothing to pick up. */
export type ResumePlan =
  | {
      kind: 'resume';
      /** The run being picked up. */
      runId: string;
      outcome: RunReport['outcome'];
      spec: string;
      /** Its remaining tasks: one task, or the top-level range they span (done ones are skipped). */
      selection: TaskSelection;
      remaining: TaskRef[];
      /** For the agent: what the interrupted attempt did, and that its changes are still there. */
      note: string;
      /** The checkpoint taken before the first remaining task started: restoring it discards that task's changes. */
      checkpointBeforeTask: string | null;
    }
  /** The newest run (of the spec) finished what it was asked to do. */
  | { kind: 'finished'; runId: string; spec: string | null }
  /** No run (of the spec) in the log folder. */
  | { kind: 'none' };

/** The newest run in `runsDir` (of `spec`, when given) decides: resume what it left, or nothing. */
export async function planResume(runsDir: string, spec?: string): Promise<ResumePlan> {
  for (const entry of await listRunLogs(runsDir)) {
    const { events } = await readRunLog(entry.file);
    const report = reportFromEvents(events);
    // A verification changes nothing and leaves nothing to pick up: the task run before it decides.
    if (report.verification) continue;
    // Nor does generating steering documents: it runs no task.
    if (report.steeringDocuments) continue;
    // Nor a chat: it is no run of tasks.
    if (report.kind === 'chat') continue;
    if (spec !== undefined && report.spec !== spec) continue;
    return resumePlanOf(report, events);
  }
  return { kind: 'none' };
}

/** The plan for one run, from its log. */
export function resumePlanOf(report: RunReport, events: readonly ActivityEvent[]): ResumePlan {
  if (!report.spec || report.outcome === 'completed' || report.remaining.length === 0) return { kind: 'finished', runId: report.runId, spec: report.spec };
  return {
    kind: 'resume',
    runId: report.runId,
    outcome: report.outcome,
    spec: report.spec,
    selection: selectionOf(report.remaining),
    remaining: report.remaining,
    note: `This resumes run ${report.runId}, which ended ${report.outcome.replace('_', ' ')}. ${report.summary} Changes it made are still in the workspace: check them before continuing.`,
    checkpointBeforeTask: beforeTaskCheckpoint(events, report.remaining[0]!.id),
  };
}

/** One task, or the top-level range the tasks span (the runner skips the ones already done). */
export function selectionOf(tasks: readonly TaskRef[]): TaskSelection {
  const first = tasks[0]!.id;
  const last = tasks[tasks.length - 1]!.id;
  return first === last ? { kind: 'task', id: first } : { kind: 'range', from: first, to: last };
}

/**
 * The checkpoint taken before `taskId` started in this run: the runner takes it just before
 * task_started, so it is the task's first checkpoint (later ones are before-approval steps).
 */
export function beforeTaskCheckpoint(events: readonly ActivityEvent[], taskId: string): string | null {
  const found = events.find((e) => e.type === 'checkpoint_created' && e.task === taskId);
  return found?.type === 'checkpoint_created' ? found.checkpointId : null;
}
