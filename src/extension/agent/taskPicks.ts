import type { Task } from '../../core/spec';

export interface SpecTasks {
  spec: string;
  tasks: readonly Task[];
}

export interface TaskPick {
  spec: string;
  taskId: string;
  label: string;
  description: string;
}

/** Every task that is not done, spec by spec in document order: the palette's "Execute Task with Agent" list. */
export function openTaskPicks(specs: readonly SpecTasks[]): TaskPick[] {
  return specs.flatMap(({ spec, tasks }) =>
    tasks
      .filter((t) => t.status !== 'done')
      .map((t) => ({
        spec,
        taskId: t.id,
        label: `${'  '.repeat(t.depth)}${t.id} ${t.title}`,
        description: [spec, t.status === 'in_progress' ? 'in progress' : '', t.optional ? 'optional' : ''].filter(Boolean).join(' · '),
      })),
  );
}

/** True when the spec still has work for "Run All Tasks". */
export function hasOpenTasks(tasks: readonly Task[] | undefined): boolean {
  return !!tasks?.some((t) => t.status !== 'done');
}
