import { describe, expect, it } from 'vitest';
import { findTask, parseTasks, serializeTasks, type Task } from '../../../src/core/spec';
import { readFixture, toCrlf } from './fixtures';

const summary = (t: Task) => ({ id: t.id, status: t.status, optional: t.optional, parentId: t.parentId, depth: t.depth });

describe('parseTasks on the current Kiro style', () => {
  const doc = parseTasks(readFixture('tasks/current-style.md'));

  it('lists every task in document order with its number as id', () => {
    expect(doc.allTasks.map((t) => t.id)).toEqual(['1', '2', '2.1', '2.2', '2.3', '2.4', '3', '4']);
  });

  it('reads each checkbox mark as a status: x and X done, - in progress, ~ queued, space todo', () => {
    expect(Object.fromEntries(doc.allTasks.map((t) => [t.id, t.status]))).toEqual({
      '1': 'done', '2': 'todo', '2.1': 'done', '2.2': 'in_progress', '2.3': 'queued', '2.4': 'todo', '3': 'done', '4': 'todo',
    });
  });

  it('nests sub-tasks under their parent by indentation', () => {
    const parent = findTask(doc, '2')!;
    expect(parent.children.map((t) => t.id)).toEqual(['2.1', '2.2', '2.3', '2.4']);
    expect(summary(findTask(doc, '2.2')!)).toEqual({ id: '2.2', status: 'in_progress', optional: false, parentId: '2', depth: 1 });
    expect(doc.tasks.map((t) => t.id)).toEqual(['1', '2', '3', '4']);
  });

  it('marks a task written "- [ ]*" as optional', () => {
    expect(doc.allTasks.filter((t) => t.optional).map((t) => t.id)).toEqual(['2.4']);
  });

  it('keeps the title without the number and the detail lines without blanks', () => {
    const task = findTask(doc, '1')!;
    expect(task.title).toBe('Set up project structure');
    expect(task.details).toEqual(['- Create the `src/` and `test/` folders', '- _Requirements: 1.1, 1.2_']);
  });

  it('collects requirement references from _Requirements:_ and **Validates:** lines', () => {
    expect(findTask(doc, '2.2')!.requirements).toEqual(['2.2', '2.3']);
    expect(findTask(doc, '2.4')!.requirements).toEqual(['2.1', '2.2']);
    expect(findTask(doc, '2.4')!.references.map((r) => r.kind)).toEqual(['validates', 'validates']);
  });

  it('recognises checkpoint tasks', () => {
    expect(doc.allTasks.filter((t) => t.checkpoint).map((t) => t.id)).toEqual(['3']);
  });

  it('gives each task the 1-based line and column of its bullet', () => {
    expect(findTask(doc, '2.1')).toMatchObject({ line: 14, column: 3 });
  });

  it('spans a parent task over its sub-tasks and a leaf over its details', () => {
    expect(findTask(doc, '2')!.range.end.line).toBe(23);
    expect(findTask(doc, '1')!.range).toMatchObject({ start: { line: 9, column: 1 }, end: { line: 11 } });
  });

  it('points the mark range at the single character between the brackets', () => {
    const text = readFixture('tasks/current-style.md');
    const task = findTask(doc, '2.3')!;
    expect(text.slice(task.markRange.start.offset - 1, task.markRange.end.offset + 1)).toBe('[~]');
  });

  it('reports nothing for a well-formed file', () => {
    expect(doc.diagnostics).toEqual([]);
  });
});

describe('parseTasks on unnumbered checkboxes', () => {
  const doc = parseTasks(readFixture('tasks/unnumbered.md'));

  it('gives top-level unnumbered tasks the ids u1, u2, … in document order, across headings', () => {
    expect(doc.tasks.filter((t) => t.parentId === null).map((t) => t.id)).toEqual(['u1', 'u2', 'u3', '7']);
  });

  it('gives unnumbered sub-tasks their parent id plus .u and their position among unnumbered siblings', () => {
    expect(findTask(doc, 'u3')!.children.map((t) => t.id)).toEqual(['u3.u1', 'u3.u2']);
    expect(findTask(doc, '7')!.children.map((t) => t.id)).toEqual(['7.u1', '7.1', '7.u2']);
  });

  it('flags derived ids so callers can tell them from written numbers', () => {
    expect(findTask(doc, '7.u2')!.derivedId).toBe(true);
    expect(findTask(doc, '7.1')!.derivedId).toBe(false);
  });

  it('ends a task list at a heading, so tasks after it are not children of tasks before it', () => {
    expect(findTask(doc, '7')!.parentId).toBeNull();
  });
});

describe('parseTasks and code fences', () => {
  const doc = parseTasks(readFixture('tasks/fences.md'));

  it('does not read checkbox lines inside ``` or ~~~ fences as tasks', () => {
    expect(doc.allTasks.map((t) => t.id)).toEqual(['1', '2', '3']);
  });

  it('does not read a _Requirements:_ line inside a task\'s code block as a reference', () => {
    const doc = parseTasks('- [ ] 1. Document the format\n  ```md\n  - _Requirements: 9.9_\n  ```\n  - _Requirements: 1.1_\n');
    expect(doc.allTasks[0]!.requirements).toEqual(['1.1']);
  });

  it('does not read checkbox lines inside HTML comments as tasks', () => {
    expect(doc.allTasks.map((t) => t.title)).not.toContain('not a task: inside an HTML comment');
    expect(doc.allTasks.find((t) => t.id === '3')!.line).toBe(26);
  });

  it('warns about an HTML comment that is never closed', () => {
    expect(parseTasks('<!-- draft\n- [ ] 1. Hidden\n').diagnostics.map((d) => d.code)).toEqual(['unclosed-html-comment']);
  });

  it('keeps a fence indented under a task as part of that task', () => {
    const task = findTask(doc, '1')!;
    expect(task.details).toContain('- [ ] 9. not a task: inside a backtick fence');
    expect(task.requirements).toEqual(['1.1']);
  });

  it('warns about a fence that is never closed, since it hides every task after it', () => {
    const malformed = parseTasks(readFixture('tasks/malformed.md'));
    expect(malformed.allTasks.map((t) => t.title)).not.toContain('hidden by the unclosed fence');
    expect(malformed.diagnostics.map((d) => d.code)).toContain('unclosed-code-fence');
  });
});

describe('parseTasks on numbering, indentation and optional variants', () => {
  it('accepts N without a dot, N.M. with a trailing dot and three levels of tab indentation', () => {
    const doc = parseTasks(readFixture('tasks/deep-numbering.md'));
    expect(doc.allTasks.map(summary)).toEqual([
      { id: '1', status: 'done', optional: false, parentId: null, depth: 0 },
      { id: '1.1', status: 'done', optional: false, parentId: '1', depth: 1 },
      { id: '1.1.1', status: 'todo', optional: false, parentId: '1.1', depth: 2 },
      { id: '303.1', status: 'todo', optional: false, parentId: null, depth: 0 },
    ]);
    expect(findTask(doc, '1.1.1')!.requirements).toEqual(['1.1']);
  });

  it('reads "- [ ]*", "- [ ] *" and "- [x]*" as optional but not bold or italic titles', () => {
    const doc = parseTasks(readFixture('tasks/optional-variants.md'));
    expect(doc.allTasks.map((t) => [t.title, t.optional])).toEqual([
      ['Star right after the box', true],
      ['Star after a space', true],
      ['Done and optional', true],
      ['**4. Bold is not optional**', false],
      ['*5. Italic is not optional*', false],
    ]);
  });

  it('reads the same tasks from a CRLF file with a BOM, columns not counting the BOM', () => {
    const lf = parseTasks(readFixture('tasks/current-style.md'));
    const crlf = parseTasks('\uFEFF' + toCrlf(readFixture('tasks/current-style.md')));
    expect(crlf.allTasks.map(summary)).toEqual(lf.allTasks.map(summary));
    expect(crlf.allTasks.map((t) => t.title)).toEqual(lf.allTasks.map((t) => t.title));
    expect(parseTasks('\uFEFF- [ ] 1. First').allTasks[0]).toMatchObject({ line: 1, column: 1 });
  });
});

describe('parseTasks on malformed input', () => {
  const doc = parseTasks(readFixture('tasks/malformed.md'));

  it('reports a number it cannot address as a malformed id and gives the task a derived id', () => {
    const diagnostic = doc.diagnostics.find((d) => d.code === 'malformed-task-id');
    expect(diagnostic).toMatchObject({ severity: 'error', line: 6 });
    expect(doc.allTasks.find((t) => t.line === 6)!.id).toBe('u1');
  });

  it('warns about an unknown checkbox mark and does not read that line as a task', () => {
    expect(doc.diagnostics.find((d) => d.code === 'unknown-checkbox-mark')).toMatchObject({ severity: 'warning', line: 7, column: 4 });
    expect(doc.allTasks.some((t) => t.line === 7)).toBe(false);
  });

  it('reads an empty file as no tasks and gives it back unchanged', () => {
    const empty = parseTasks('');
    expect(empty.allTasks).toEqual([]);
    expect(serializeTasks(empty)).toBe('');
  });
});
