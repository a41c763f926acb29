import { describe, expect, it } from 'vitest';
import { findTaskLikeLines, lintSpec, parseTasks } from '../../../src/core/spec';

const found = (text: string) => findTaskLikeLines(parseTasks(text)).map((l) => [l.index, l.replacement]);

describe('task-like lines the spec engine does not read as tasks', () => {
  it('rewrites a numbered heading as a top-level checkbox task', () => {
    expect(found('# Plan\n\n### 3. Build the parser\n')).toEqual([[2, '- [ ] 3. Build the parser']]);
  });

  it('leaves a numbered heading alone when tasks numbered beneath it make it a group heading', () => {
    expect(found('## 1. Backend\n\n- [ ] 1.1 Store notes\n')).toEqual([]);
  });

  it('rewrites a numbered bullet without a checkbox, keeping its indentation', () => {
    expect(found('- [ ] 2. Parser\n  - 2.3 Read references\n')).toEqual([[1, '  - [ ] 2.3 Read references']]);
  });

  it('leaves a numbered bullet under a task alone when its number does not make it a sub-task', () => {
    expect(found('- [ ] 2. Parser\n  - 1. read the file\n')).toEqual([]);
  });

  it('leaves a bullet starting with a plain count alone', () => {
    expect(found('- 3 retries at most\n')).toEqual([]);
  });

  it('rewrites checkboxes written without a space, without a bullet, empty or after a list number', () => {
    expect(found('-[ ] A\n- [] B\n[x] C\n1. [ ] D\n')).toEqual([
      [0, '- [ ] A'],
      [1, '- [ ] B'],
      [2, '- [x] C'],
      [3, '- [ ] D'],
    ]);
  });

  it('ignores task-like lines inside code fences', () => {
    expect(found('```\n### 3. Example\n-[ ] example\n```\n')).toEqual([]);
  });

  it('leaves lines the engine reads as tasks alone, whatever their bullet', () => {
    expect(found('* [ ] 1. Star bullet\n+ [x] 2. Plus bullet\n')).toEqual([]);
  });
});

describe('the lint reports task-like lines', () => {
  it('as task-not-a-checkbox warnings on tasks.md, with the line and the checkbox form to write', () => {
    const tasks = parseTasks('# Plan\n\n- [ ] 1. Set up\n\n### 2. Build the parser\n', { file: 'tasks.md' });
    const found = lintSpec({ tasks }).filter((d) => d.code === 'task-not-a-checkbox');
    expect(found).toEqual([
      expect.objectContaining({ file: 'tasks.md', line: 5, column: 1, severity: 'warning', message: expect.stringContaining('"- [ ] 2. Build the parser"') }),
    ]);
  });
});
