import type { TaskRef } from '../activity';
import type { TaskGroup } from './taskGraph';
import type { RunnableTask } from './taskSelection';
import type { TaskRunnerOptions } from './taskRunner';
import { finishUnit, runUnit, takeCheckpoint, type RunState, type TaskPlace } from './taskUnit';

/** Copies of the workspace for tasks that run side by side (the host makes them: a git worktree each, with its own sandbox and tools). */
export interface TaskLanes {
  /** How many tasks work at once. */
  readonly limit: number;
  /** A copy of the workspace as it is now, for one top-level task. */
  open(task: TaskRef): Promise<TaskLane>;
}

export interface TaskLane extends TaskPlace {
  /** The copy's folder relative to the workspace, to say where a task's unmerged work is kept. */
  readonly folder: string;
  /**
   * Brings what the task changed since the last merge into the workspace by a three-way merge; on a
   * conflict nothing is written and the conflicting files are named.
   */
  merge(): Promise<{ kind: 'merged'; files: string[] } | { kind: 'conflict'; files: string[] }>;
  /** Frees the copy's sandbox; deletes its folder unless `keep` (work that could not be merged). */
  close(keep: boolean): Promise<void>;
}

/**
 * Runs the groups (top-level tasks) whose dependencies are done side by side, up to `lanes.limit`
 * at once, each in a copy of its own; as each unit finishes its work is merged back (one merge at a
 * time, each after a checkpoint, so a restore takes back exactly that task), and only then marked
 * done. A task that fails or conflicts stops new tasks from starting; those under way finish. A
 * thrown error ends the run after the others finish, and is rethrown.
 */
export async function runGroupsSideBySide(options: TaskRunnerOptions, lanes: TaskLanes, tasks: RunnableTask[], groups: TaskGroup[], run: RunState, signal: AbortSignal): Promise<void> {
  const ref = (t: RunnableTask): TaskRef => ({ spec: options.spec.name, id: t.id, title: t.title });
  const started = new Set<string>();
  const done = new Set<string>();
  const running = new Map<string, Promise<void>>();
  let stopLaunching = false;
  let thrown = null as { error: unknown } | null;
  let merging: Promise<unknown> = Promise.resolve();
  const oneMergeAtATime = <T>(work: () => Promise<T>): Promise<T> => {
    const next = merging.then(work, work);
    merging = next.catch(() => undefined);
    return next;
  };

  const runGroup = async (group: TaskGroup): Promise<boolean> => {
    const lane = await lanes.open(ref(group.top));
    let keep = false;
    try {
      for (const unit of group.units) {
        if (signal.aborted) {
          run.outcome = 'stopped';
          return false;
        }
        const task = ref(unit);
        const result = await runUnit(options, lane, unit, task, run, signal);
        if (!result) return false;
        if (result.status === 'done') {
          const merged = await oneMergeAtATime(async () => {
            await takeCheckpoint(options, unit.id, 'before-task');
            return lane.merge();
          });
          if (merged.kind === 'conflict') {
            keep = true;
            await finishUnit(options, tasks, unit, task, run, result, conflictMessage(unit.id, merged.files, lane.folder));
            return false;
          }
        }
        if (!(await finishUnit(options, tasks, unit, task, run, result))) return false;
      }
      return true;
    } finally {
      await lane.close(keep);
    }
  };

  for (;;) {
    if (signal.aborted || thrown) stopLaunching = true;
    if (!stopLaunching) {
      for (const group of groups) {
        if (running.size >= lanes.limit) break;
        if (started.has(group.top.id) || !group.after.every((id) => done.has(id))) continue;
        started.add(group.top.id);
        const id = group.top.id;
        running.set(
          id,
          runGroup(group)
            .then(
              (ok) => {
                if (ok) done.add(id);
                else stopLaunching = true;
              },
              (error: unknown) => {
                thrown ??= { error };
              },
            )
            .finally(() => running.delete(id)),
        );
      }
    }
    if (!running.size) break;
    await Promise.race(running.values());
  }
  if (thrown) throw (thrown as { error: unknown }).error;
  if (signal.aborted && run.outcome === 'completed') run.outcome = 'stopped';
}

function conflictMessage(id: string, files: string[], folder: string): string {
  const shown = files.slice(0, 8).join(', ') + (files.length > 8 ? `, and ${files.length - 8} more` : '');
  return `Task ${id} conflicts with changes merged into the workspace meanwhile, in ${shown}: nothing of task ${id} was merged, and the workspace is as the other tasks left it. Its work is kept in ${folder}; run task ${id} again to redo it on top of the workspace as it is now.`;
}
