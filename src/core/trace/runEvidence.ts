import type { ActivityEvent } from '../activity';

/** What one attempt at a task did, read from a run log. */
export interface TaskAttempt {
  runId: string;
  spec: string;
  taskId: string;
  status: 'done' | 'failed' | 'stopped' | 'unfinished';
  /** ISO time of task_started. */
  startedAt: string;
  /** Files its tools wrote (created or modified, not deleted), workspace-relative. */
  files: string[];
  /** Files it deleted. */
  deleted: string[];
  /** Whether its last verification passed (null: none ran). */
  verified: boolean | null;
  /** The commands its verifications and passing test runs ran. */
  testCommands: string[];
}

/** Every attempt at every task in one run log's events, in order. */
export function attemptsOf(events: readonly ActivityEvent[]): TaskAttempt[] {
  const out: TaskAttempt[] = [];
  let open: (TaskAttempt & { written: Set<string>; removed: Set<string> }) | null = null;
  const close = (status: TaskAttempt['status']) => {
    if (!open) return;
    const { written, removed, ...attempt } = open;
    out.push({ ...attempt, status, files: [...written].filter((f) => !removed.has(f)), deleted: [...removed] });
    open = null;
  };
  for (const event of events) {
    if (event.parentId?.startsWith('hook:')) continue;
    switch (event.type) {
      case 'task_started':
        close('unfinished');
        open = { runId: event.runId, spec: event.task.spec, taskId: event.task.id, status: 'unfinished', startedAt: event.time, files: [], deleted: [], verified: null, testCommands: [], written: new Set(), removed: new Set() };
        break;
      case 'file_written': {
        if (!open) break;
        const file = event.path.replace(/\\/g, '/');
        if (file === '.kiro' || file.startsWith('.kiro/')) break;
        if (event.change === 'deleted') {
          open.written.delete(file);
          open.removed.add(file);
        } else {
          open.removed.delete(file);
          open.written.add(file);
        }
        break;
      }
      case 'verification':
        if (!open) break;
        open.verified = event.passed;
        if (event.passed) open.testCommands.push(event.command);
        break;
      case 'test_result':
        if (open && event.failed === 0 && event.passed > 0) open.testCommands.push(event.command);
        break;
      case 'task_finished':
        if (open && open.taskId === event.task.id) close(event.status);
        break;
      case 'run_finished':
        close('unfinished');
        break;
    }
  }
  close('unfinished');
  return out;
}

export interface TaskRunEvidence {
  /** Files the task's tools wrote, in the attempts that led to it being done (or the latest ones). */
  files: string[];
  /** True when the attempt that finished it passed its verification. */
  verified: boolean;
  testCommands: string[];
}

/**
 * Per spec and task: the files its runs wrote and what its verification ran. The attempts counted
 * are the last one that finished the task and the unfinished ones just before it (a resumed task
 * keeps what the stopped attempt wrote); for a task never finished, its attempts since the last
 * finished one. Attempts must be in time order.
 */
export function runEvidenceByTask(attempts: readonly TaskAttempt[]): Map<string, Map<string, TaskRunEvidence>> {
  const grouped = new Map<string, TaskAttempt[]>();
  for (const a of attempts) {
    const key = `${a.spec}\u0000${a.taskId}`;
    grouped.set(key, [...(grouped.get(key) ?? []), a]);
  }
  const out = new Map<string, Map<string, TaskRunEvidence>>();
  for (const list of grouped.values()) {
    const lastDone = list.map((a) => a.status).lastIndexOf('done');
    let from = lastDone === -1 ? list.length - 1 : lastDone;
    while (from > 0 && list[from - 1]!.status !== 'done') from--;
    const counted = lastDone === -1 ? list.slice(from) : list.slice(from, lastDone + 1);
    const files = new Set<string>();
    for (const a of counted) {
      for (const f of a.deleted) files.delete(f);
      for (const f of a.files) files.add(f);
    }
    const finisher = lastDone === -1 ? null : list[lastDone]!;
    const { spec, taskId } = list[0]!;
    if (!out.has(spec)) out.set(spec, new Map());
    out.get(spec)!.set(taskId, {
      files: [...files].sort(),
      verified: finisher?.verified === true,
      testCommands: finisher ? [...new Set(finisher.testCommands)] : [],
    });
  }
  return out;
}
