import type { TaskRef } from '../activity';
import type { TaskGroup } from './taskGraph';
import type { RunnableTask } from './taskSelection';
import { zeroUsage } from './budget';
import type { TaskRunnerOptions } from './taskRunner';
import type { TaskSessionResult } from './taskSession';
import { finishUnit, runUnit, takeCheckpoint, type MergeConflict, type RunState, type TaskPlace } from './taskUnit';

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
 * done. A unit whose merge conflicts is never merged in part: it runs again in a fresh copy of the
 * merged workspace once the units under way beside it are done, and a second conflict stops it with
 * its copy kept. A task that fails or conflicts stops new tasks from starting; those under way
 * finish. A thrown error ends the run after the others finish, and is rethrown.
 */
export async function runGroupsSideBySide(options: TaskRunnerOptions, lanes: TaskLanes, tasks: RunnableTask[], groups: TaskGroup[], run: RunState, signal: AbortSignal): Promise<void> {
  const ref = (t: RunnableTask): TaskRef => ({ spec: options.spec.name, id: t.id, title: t.title });
  const started = new Set<string>();
  const done = new Set<string>();
  const running = new Map<string, Promise<void>>();
  const attempts = new AttemptsUnderWay();
  let stopLaunching = false;
  let thrown = null as { error: unknown } | null;
  let merging: Promise<unknown> = Promise.resolve();
  const oneMergeAtATime = <T>(work: () => Promise<T>): Promise<T> => {
    const next = merging.then(work, work);
    merging = next.catch(() => undefined);
    return next;
  };

  const runGroup = async (group: TaskGroup): Promise<boolean> => {
    let lane: TaskLane | null = await lanes.open(ref(group.top));
    let keep = false;
    try {
      for (const unit of group.units) {
        const task = ref(unit);
        let attempt = attempts.begin();
        try {
          for (let round = 1; ; round++) {
            if (signal.aborted) {
              // Between a conflict and the re-run the task is still marked in progress.
              if (round > 1) await finishUnit(options, tasks, unit, task, run, stoppedBeforeRerun(unit.id));
              run.outcome = 'stopped';
              return false;
            }
            lane ??= await lanes.open(ref(group.top));
            const result = await runUnit(options, lane, unit, task, run, signal);
            if (!result) return false;
            if (result.status === 'done') {
              const workIn: TaskLane = lane;
              const merged = await oneMergeAtATime(async () => {
                await takeCheckpoint(options, unit.id, 'before-task');
                return workIn.merge();
              });
              if (merged.kind === 'conflict' && round === 1) {
                options.stream.emit({ type: 'task_rerun', task, files: merged.files, summary: rerunMessage(unit.id, merged.files) });
                // Its work is redone from the merged workspace: this copy has nothing left to give.
                await lane.close(false);
                lane = null;
                const wave = attempts.besides(attempt);
                attempt.end();
                // Registered before it waits, so a unit that conflicts meanwhile waits for this re-run.
                attempt = attempts.begin();
                await untilSettledOrStopped(wave, signal);
                continue;
              }
              if (merged.kind === 'conflict') {
                keep = true;
                const conflict = { files: merged.files, kept: lane.folder };
                run.conflicts.push({ task: unit.id, ...conflict });
                await finishUnit(options, tasks, unit, task, run, result, { summary: conflictMessage(unit.id, conflict), conflict });
                return false;
              }
            }
            if (!(await finishUnit(options, tasks, unit, task, run, result))) return false;
            break;
          }
        } finally {
          attempt.end();
        }
      }
      return true;
    } finally {
      await lane?.close(keep);
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

/**
 * The units at work (from their start to their merge) at any moment, so a unit that conflicted waits
 * for the ones that were at work beside it before it runs again: its re-run then starts from their
 * merged work, not alongside it. Each waits only for attempts begun before its own, so none waits in a circle.
 */
class AttemptsUnderWay {
  private readonly open = new Set<Promise<void>>();

  begin(): { readonly settled: Promise<void>; end(): void } {
    let end = (): void => undefined;
    const settled = new Promise<void>((resolve) => (end = resolve));
    this.open.add(settled);
    return {
      settled,
      end: () => {
        this.open.delete(settled);
        end();
      },
    };
  }

  /** When every attempt under way now but `own` has ended. */
  besides(own: { settled: Promise<void> }): Promise<unknown> {
    return Promise.all([...this.open].filter((settled) => settled !== own.settled));
  }
}

function untilSettledOrStopped(wave: Promise<unknown>, signal: AbortSignal): Promise<unknown> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = () => resolve(undefined);
    signal.addEventListener('abort', stop, { once: true });
    void wave.then(() => {
      signal.removeEventListener('abort', stop);
      resolve(undefined);
    });
  });
}

function stoppedBeforeRerun(id: string): TaskSessionResult {
  return { status: 'stopped', summary: `Stopped before task ${id} ran again: nothing of it was merged.`, filesChanged: [], testsPassing: null, usage: zeroUsage() };
}

/** The first eight files, and how many more. */
export function fileList(files: string[]): string {
  return files.slice(0, 8).join(', ') + (files.length > 8 ? `, and ${files.length - 8} more` : '');
}

function rerunMessage(id: string, files: string[]): string {
  return `Task ${id} conflicts with changes merged into the workspace meanwhile, in ${fileList(files)}: nothing of it was merged. It runs again in a fresh copy of the merged workspace once the tasks under way beside it are done.`;
}

function conflictMessage(id: string, conflict: MergeConflict): string {
  return `Task ${id} conflicts again, after running again on top of the merged workspace, in ${fileList(conflict.files)}: nothing of task ${id} was merged, and the workspace is as the other tasks left it. Its work is kept in ${conflict.kept}: compare those files with the workspace's, then run task ${id} again to redo it on top of the workspace as it is now.`;
}
