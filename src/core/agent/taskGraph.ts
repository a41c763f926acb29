import { TaskSelectionError, type RunnableTask } from './taskSelection';

/** A top-level task of a parallel run: its selected units (its open sub-tasks, in order) and the groups it waits for. */
export interface TaskGroup {
  top: RunnableTask;
  units: RunnableTask[];
  /** Top-level ids of the groups of this run it starts after. */
  after: string[];
}

/**
 * Groups a run's units by top-level task and works out what each waits for: the tasks its
 * `_Depends: …_` lines name (on the task or any of its sub-tasks; a sub-task named stands for its
 * top-level task, whose sub-tasks run in order in one lane), else the nearest top-level task before it in
 * the run, so a plain tasks.md stays sequential. Tasks outside the run (done, not selected) are not waited for.
 * Throws TaskSelectionError naming the task for an id that is not in tasks.md, and for a cycle.
 */
export function planTaskGroups(tasks: RunnableTask[], units: RunnableTask[]): TaskGroup[] {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const topOf = (task: RunnableTask): RunnableTask => (task.parentId === null ? task : topOf(byId.get(task.parentId) ?? { ...task, parentId: null }));
  const topLevel = tasks.filter((t) => t.parentId === null);

  const groups = new Map<string, TaskGroup>();
  for (const unit of units) {
    const top = topOf(unit);
    const group = groups.get(top.id) ?? { top, units: [], after: [] };
    group.units.push(unit);
    groups.set(top.id, group);
  }

  for (const group of groups.values()) {
    const members = tasks.filter((t) => topOf(t).id === group.top.id);
    const declared = members.filter((t) => t.dependsOn !== null && t.dependsOn !== undefined);
    let after: string[];
    if (declared.length) {
      after = [];
      for (const member of declared) {
        for (const id of member.dependsOn!) {
          const dependency = byId.get(id);
          if (!dependency) throw new TaskSelectionError(`Task ${member.id} depends on task ${id}, which is not in tasks.md: correct its _Depends:_ line (tasks: ${topLevel.map((t) => t.id).join(', ')}).`);
          after.push(topOf(dependency).id);
        }
      }
    } else {
      // The nearest task before it that this run does: a skipped optional task does not unchain the rest.
      const before = topLevel.slice(0, topLevel.findIndex((t) => t.id === group.top.id)).reverse();
      const previous = before.find((t) => groups.has(t.id));
      after = previous ? [previous.id] : [];
    }
    group.after = [...new Set(after)].filter((id) => id !== group.top.id && groups.has(id));
  }
  assertNoCycle(groups);
  return [...groups.values()];
}

function assertNoCycle(groups: Map<string, TaskGroup>): void {
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, trail: string[]): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(id)), id];
      throw new TaskSelectionError(`Tasks depend on each other in a circle (${cycle.join(' → ')}): no order can satisfy their _Depends:_ lines; correct one of them in tasks.md.`);
    }
    state.set(id, 'visiting');
    for (const next of groups.get(id)?.after ?? []) visit(next, [...trail, id]);
    state.set(id, 'done');
  };
  for (const id of groups.keys()) visit(id, []);
}
