export type TaskStatus = 'todo' | 'in_progress' | 'queued' | 'done';

/** A task as the runner sees it (a projection of the spec engine's task). */
export interface RunnableTask {
  id: string;
  title: string;
  status: TaskStatus;
  optional: boolean;
  parentId: string | null;
  /** The task's lines as written (its detail bullets and sub-tasks). */
  text: string;
  requirements: string[];
  /** What its `_Depends: …_` line names (null: it has none), for tasks that run side by side. */
  dependsOn?: string[] | null;
}

export type TaskSelection =
  | { kind: 'task'; id: string }
  | { kind: 'range'; from: string; to: string }
  | { kind: 'all' };

export class TaskSelectionError extends Error {}

/**
 * Turns what the user asked for into the units the agent executes, in document order. A task with
 * sub-tasks runs as its sub-tasks, one session each (small steps are cheaper to verify and to roll
 * back); done tasks are skipped; optional (`*`) tasks run only when asked for by id or with
 * includeOptional.
 */
export function selectUnits(tasks: RunnableTask[], selection: TaskSelection, includeOptional = false): RunnableTask[] {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const children = new Map<string, RunnableTask[]>();
  for (const t of tasks) if (t.parentId !== null) children.set(t.parentId, [...(children.get(t.parentId) ?? []), t]);
  const topLevel = tasks.filter((t) => t.parentId === null);

  const leaves = (task: RunnableTask, explicit: boolean): RunnableTask[] => {
    if (task.optional && !includeOptional && !explicit) return [];
    const kids = children.get(task.id) ?? [];
    if (!kids.length) return task.status === 'done' ? [] : [task];
    return kids.flatMap((kid) => leaves(kid, false));
  };
  const find = (id: string): RunnableTask => {
    const task = byId.get(id) ?? byId.get(id.replace(/\.$/, ''));
    if (!task) {
      const known = tasks.slice(0, 12).map((t) => t.id).join(', ');
      throw new TaskSelectionError(`No task "${id}" in tasks.md (tasks: ${known}${tasks.length > 12 ? ', …' : ''}).`);
    }
    return task;
  };

  switch (selection.kind) {
    case 'task':
      return leaves(find(selection.id), true);
    case 'all':
      return topLevel.flatMap((t) => leaves(t, false));
    case 'range': {
      const topOf = (t: RunnableTask): RunnableTask => (t.parentId === null ? t : topOf(byId.get(t.parentId) ?? t));
      const from = topLevel.indexOf(topOf(find(selection.from)));
      const to = topLevel.indexOf(topOf(find(selection.to)));
      if (from > to) throw new TaskSelectionError(`Task ${selection.from} comes after task ${selection.to} in tasks.md: a range goes from an earlier task to a later one.`);
      return topLevel.slice(from, to + 1).flatMap((t) => leaves(t, false));
    }
  }
}

/** Ancestors whose every required sub-task is done once `unit` is: they can be marked done too. */
export function parentsCompletedBy(tasks: RunnableTask[], unitId: string, doneIds: Set<string>): RunnableTask[] {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const completed: RunnableTask[] = [];
  let current = byId.get(unitId);
  while (current?.parentId) {
    const parent = byId.get(current.parentId);
    if (!parent) break;
    const required = tasks.filter((t) => t.parentId === parent.id && !t.optional);
    if (!required.every((t) => t.status === 'done' || doneIds.has(t.id))) break;
    completed.push(parent);
    doneIds.add(parent.id);
    current = parent;
  }
  return completed;
}
