import { AmbiguousTaskIdError, StaleTaskError, TaskNotFoundError } from './errors';
import { MARK_BY_STATUS, parseTasks, STATUS_BY_MARK } from './tasksParser';
import type { Task, TasksDocument, TaskStatus } from './types';

export const TASK_STATUSES: readonly TaskStatus[] = ['todo', 'in_progress', 'queued', 'done'];

export function isTaskStatus(value: string): value is TaskStatus {
  return (TASK_STATUSES as readonly string[]).includes(value);
}

/** The first task with this id, in document order. */
export function findTask(doc: TasksDocument, id: string): Task | undefined {
  return doc.allTasks.find((t) => t.id === id);
}

/**
 * Returns `text` with one task's checkbox set to `status`: exactly the character between the
 * brackets changes, nothing else (no re-formatting, line endings and BOM untouched). Setting the
 * status a task already has returns `text` unchanged, so `[X]` stays `[X]`.
 * Throws TaskNotFoundError, or AmbiguousTaskIdError when several tasks share the id.
 */
export function setTaskStatusInText(text: string, taskId: string, status: TaskStatus, file = 'tasks.md'): string {
  const doc = parseTasks(text, { file });
  const matches = doc.allTasks.filter((t) => t.id === taskId);
  if (matches.length === 0) throw new TaskNotFoundError(taskId, file, doc.allTasks.map((t) => t.id));
  if (matches.length > 1) throw new AmbiguousTaskIdError(taskId, file, matches.map((t) => t.line));
  return setTaskStatusAt(text, matches[0]!, status, file);
}

/**
 * Like setTaskStatusInText for a task already parsed from this exact `text` (no second parse).
 * Checks that the task's mark is still a checkbox mark there, else throws StaleTaskError.
 */
export function setTaskStatusAt(text: string, task: Pick<Task, 'id' | 'markRange'>, status: TaskStatus, file = 'tasks.md'): string {
  const at = task.markRange.start.offset;
  const current = text[at];
  if (current === undefined || text[at - 1] !== '[' || text[at + 1] !== ']' || STATUS_BY_MARK[current] === undefined) {
    throw new StaleTaskError(task.id, file);
  }
  if (STATUS_BY_MARK[current] === status) return text;
  return text.slice(0, at) + MARK_BY_STATUS[status] + text.slice(at + 1);
}
