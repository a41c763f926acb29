import type { ActivityEvent, TaskRef } from '../../../src/core/activity';

/** Where a top-level task of a run side by side stands. */
export type LaneState = 'waiting' | 'running' | 'conflict' | 'running again' | 'done' | 'failed' | 'stopped' | 'not run';

/** One top-level task of a run side by side: the unit (it or one of its sub-tasks) it is at, and where it stands. */
export interface TaskLane {
  /** The top-level task's id. */
  id: string;
  /** The unit it is at: its first until one starts. */
  task: TaskRef;
  state: LaneState;
  /** Its units in the run, in order: the lane is done when the last one is. */
  units: readonly string[];
}

export interface TasksSideBySide {
  /** How many tasks work at once. */
  limit: number;
  lanes: readonly TaskLane[];
}

/**
 * The lanes of a run whose top-level tasks run side by side (its `run_started` says so), after
 * `events`: each task's state from its `task_started`, `task_rerun` and `task_finished` events. A
 * unit's id names its top-level task before the first dot (`2.1` is task 2's), as tasks.md numbers
 * them. Returns `known` itself when nothing changed, so the header re-renders only on a change.
 */
export function withTaskLanes(known: TasksSideBySide | null, events: readonly ActivityEvent[]): TasksSideBySide | null {
  let current = known;
  for (const event of events) {
    if (event.parentId !== undefined) continue;
    if (event.type === 'run_started') {
      current = event.sideBySide ? { limit: event.sideBySide.limit, lanes: lanesOf(event.tasks) } : null;
      continue;
    }
    if (!current) continue;
    switch (event.type) {
      case 'task_started':
        current = update(current, event.task, (lane) => (lane.state === 'conflict' ? 'running again' : 'running'));
        break;
      case 'task_rerun':
        current = update(current, event.task, () => 'conflict');
        break;
      case 'task_finished':
        // Between its sub-tasks a lane is still at work: it is done when its last unit is.
        current = update(current, event.task, (lane) => (event.status !== 'done' ? event.status : lane.units.at(-1) === event.task.id ? 'done' : 'running'));
        break;
      case 'run_finished':
        if (current.lanes.some((lane) => lane.state === 'waiting')) current = { ...current, lanes: current.lanes.map((lane) => (lane.state === 'waiting' ? { ...lane, state: 'not run' } : lane)) };
        break;
    }
  }
  return current;
}

export function topLevelId(id: string): string {
  return id.split('.')[0]!;
}

function lanesOf(tasks: readonly TaskRef[]): TaskLane[] {
  const lanes = new Map<string, TaskLane>();
  for (const task of tasks) {
    const id = topLevelId(task.id);
    const lane = lanes.get(id);
    lanes.set(id, lane ? { ...lane, units: [...lane.units, task.id] } : { id, task, state: 'waiting', units: [task.id] });
  }
  return [...lanes.values()];
}

function update(current: TasksSideBySide, task: TaskRef, state: (lane: TaskLane) => LaneState): TasksSideBySide {
  const id = topLevelId(task.id);
  const at = current.lanes.findIndex((lane) => lane.id === id);
  if (at < 0) return current;
  const lanes = current.lanes.slice();
  lanes[at] = { ...lanes[at]!, task, state: state(lanes[at]!) };
  return { ...current, lanes };
}
