import { describe, expect, it } from 'vitest';
import { parentsCompletedBy, selectUnits, TaskSelectionError, type RunnableTask } from '../../../src/core/agent/taskSelection';

const task = (id: string, parentId: string | null, extra: Partial<RunnableTask> = {}): RunnableTask => ({
  id, title: `Task ${id}`, status: 'todo', optional: false, parentId, text: '', requirements: [], ...extra,
});

const tasks: RunnableTask[] = [
  task('1', null, { status: 'done' }),
  task('2', null),
  task('2.1', '2', { status: 'done' }),
  task('2.2', '2'),
  task('2.3', '2', { optional: true }),
  task('3', null),
  task('4', null, { optional: true }),
  task('5', null),
];

const ids = (units: RunnableTask[]) => units.map((u) => u.id);

describe('task selection', () => {
  it('runs a parent task as its open sub-tasks and skips optional ones', () => {
    expect(ids(selectUnits(tasks, { kind: 'task', id: '2' }))).toEqual(['2.2']);
  });

  it('runs optional sub-tasks when asked to include optional tasks', () => {
    expect(ids(selectUnits(tasks, { kind: 'task', id: '2' }, true))).toEqual(['2.2', '2.3']);
  });

  it('runs an optional task that was asked for by id', () => {
    expect(ids(selectUnits(tasks, { kind: 'task', id: '4' }))).toEqual(['4']);
  });

  it('selects all open required work in document order', () => {
    expect(ids(selectUnits(tasks, { kind: 'all' }))).toEqual(['2.2', '3', '5']);
  });

  it('selects a range of top-level tasks, inclusive, even when named by a sub-task id', () => {
    expect(ids(selectUnits(tasks, { kind: 'range', from: '2.1', to: '4' }, true))).toEqual(['2.2', '2.3', '3', '4']);
  });

  it('names the known tasks when an id does not exist', () => {
    expect(() => selectUnits(tasks, { kind: 'task', id: '9' })).toThrow(TaskSelectionError);
    expect(() => selectUnits(tasks, { kind: 'task', id: '9' })).toThrow(/No task "9".*1, 2, 2\.1/);
  });

  it('refuses a backwards range', () => {
    expect(() => selectUnits(tasks, { kind: 'range', from: '5', to: '2' })).toThrow(/comes after/);
  });

  it('marks a parent done once its last required sub-task is done, ignoring optional ones', () => {
    expect(ids(parentsCompletedBy(tasks, '2.2', new Set(['2.2'])))).toEqual(['2']);
  });

  it('does not mark a parent done while a required sibling is open', () => {
    const open = tasks.map((t) => (t.id === '2.1' ? { ...t, status: 'todo' as const } : t));
    expect(parentsCompletedBy(open, '2.2', new Set(['2.2']))).toEqual([]);
  });
});
