import { describe, expect, it } from 'vitest';
import { AmbiguousTaskIdError, parseTasks, setTaskStatusAt, setTaskStatusInText, StaleTaskError, TaskNotFoundError, TASK_STATUSES } from '../../../src/core/spec';
import { readFixture, toCrlf } from './fixtures';

/** Indexes of the characters that differ between two strings of equal length. */
function changedOffsets(a: string, b: string): number[] {
  expect(b.length).toBe(a.length);
  const out: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) out.push(i);
  return out;
}

describe('setTaskStatusInText', () => {
  const text = readFixture('tasks/current-style.md');

  it.each([
    ['todo', ' '],
    ['in_progress', '-'],
    ['queued', '~'],
    ['done', 'x'],
  ] as const)('writes status %s as "[%s]"', (status, mark) => {
    const edited = setTaskStatusInText(text, '4', status);
    expect(edited.split('\n').find((l) => l.includes('4. Wire'))).toBe(`- [${mark}] 4. Wire the command line`);
  });

  it('changes exactly the one character between the brackets', () => {
    const edited = setTaskStatusInText(text, '2.2', 'done');
    const offsets = changedOffsets(text, edited);
    expect(offsets).toHaveLength(1);
    expect(edited.slice(offsets[0]! - 1, offsets[0]! + 2)).toBe('[x]');
  });

  it('keeps CRLF line endings and a BOM untouched', () => {
    const windows = '\uFEFF' + toCrlf(text);
    const edited = setTaskStatusInText(windows, '2.4', 'in_progress');
    expect(changedOffsets(windows, edited)).toHaveLength(1);
    expect(edited.startsWith('\uFEFF')).toBe(true);
    expect(edited.match(/\r\n/g)).toHaveLength(windows.match(/\r\n/g)!.length);
  });

  it('returns the text unchanged when the task already has that status, so [X] stays [X]', () => {
    expect(setTaskStatusInText(text, '3', 'done')).toBe(text);
  });

  it('restores the original text byte for byte when the status is set back', () => {
    const edited = setTaskStatusInText(text, '2.3', 'todo');
    expect(setTaskStatusInText(edited, '2.3', 'queued')).toBe(text);
  });

  it('edits unnumbered tasks by their derived id, which survives the edit', () => {
    const unnumbered = readFixture('tasks/unnumbered.md');
    const edited = setTaskStatusInText(unnumbered, 'u3.u2', 'done');
    expect(parseTasks(edited).allTasks.find((t) => t.id === 'u3.u2')!.status).toBe('done');
    expect(parseTasks(edited).allTasks.map((t) => t.id)).toEqual(parseTasks(unnumbered).allTasks.map((t) => t.id));
  });

  it('throws TaskNotFoundError naming the ids that do exist', () => {
    expect(() => setTaskStatusInText(text, '9.9', 'done')).toThrow(TaskNotFoundError);
    expect(() => setTaskStatusInText(text, '9.9', 'done')).toThrow(/no task "9.9" in tasks.md; its task ids run 1, 2, 2.1/);
  });

  it('refuses an id used by several tasks rather than guessing', () => {
    expect(() => setTaskStatusInText(readFixture('tasks/malformed.md'), '1', 'done')).toThrow(AmbiguousTaskIdError);
  });

  it('never treats a checkbox inside a code fence as the target', () => {
    expect(() => setTaskStatusInText(readFixture('tasks/fences.md'), '9', 'done')).toThrow(TaskNotFoundError);
  });

  it('lists the four statuses Kiro knows', () => {
    expect(TASK_STATUSES).toEqual(['todo', 'in_progress', 'queued', 'done']);
  });
});

describe('setTaskStatusAt', () => {
  it('refuses a task whose mark no longer sits between brackets in the given text', () => {
    const task = parseTasks('- [ ] 1. First\n').allTasks[0]!;
    expect(() => setTaskStatusAt('# Changed\n- [ ] 1. First\n', task, 'done')).toThrow(StaleTaskError);
  });
});
