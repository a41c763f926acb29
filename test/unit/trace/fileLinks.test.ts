import { describe, expect, it } from 'vitest';
import { parseTasks } from '../../../src/core/spec';
import { addFileLinksInText, fileLinksOf } from '../../../src/core/trace/fileLinks';

const TASKS = '# Plan\n\n- [x] 1. Store notes\n  - Write src/store.js\n  - _Requirements: 1.1_\n  - [x] 1.1 Sub-task\n    - _Files: src/sub.js_\n- [ ] 2. Read notes\n';

const links = (text: string, id: string) => {
  const doc = parseTasks(text);
  return fileLinksOf(doc, doc.allTasks.find((t) => t.id === id)!).map(({ path, lines }) => ({ path, ...(lines ? { lines } : {}) }));
};
const add = (text: string, id: string, entries: Array<{ path: string; lines?: { start: number; end: number } }>) => {
  const doc = parseTasks(text);
  return addFileLinksInText(doc, doc.allTasks.find((t) => t.id === id)!, entries);
};

describe('a task\'s _Files: line', () => {
  it('is read with its line ranges, in backticks or not, and only from the task\'s own lines', () => {
    const text = '- [x] 1. Store\n  - **Files:** `src/a.ts:10-20`, src/b.ts:7, docs/c.md\n  - [ ] 1.1 Sub\n    - _Files: src/sub.js_\n';
    expect(links(text, '1')).toEqual([{ path: 'src/a.ts', lines: { start: 10, end: 20 } }, { path: 'src/b.ts', lines: { start: 7, end: 7 } }, { path: 'docs/c.md' }]);
    expect(links(text, '1.1')).toEqual([{ path: 'src/sub.js' }]);
  });

  it('leaves out entries that climb out of the workspace or are absolute', () => {
    expect(links('- [x] 1. T\n  - _Files: ../secret.txt, /etc/passwd, ./src/ok.js, src/../../x_\n', '1')).toEqual([{ path: 'src/ok.js' }]);
  });

  it('is added under the _Requirements: line, indented like it, and nothing else changes', () => {
    expect(add(TASKS, '1', [{ path: 'src/store.js' }])).toBe(TASKS.replace('  - _Requirements: 1.1_\n', '  - _Requirements: 1.1_\n  - _Files: src/store.js_\n'));
  });

  it('is extended when the task has one, without repeating an entry', () => {
    expect(add(TASKS, '1.1', [{ path: 'src/sub.js' }, { path: 'src/other.js', lines: { start: 3, end: 9 } }])).toBe(TASKS.replace('_Files: src/sub.js_', '_Files: src/sub.js, src/other.js:3-9_'));
    expect(add(TASKS, '1.1', [{ path: 'src/sub.js' }])).toBe(TASKS);
  });

  it('goes right under the title of a task with no details, on the last line of a file without a final newline, and keeps CRLF', () => {
    expect(add('- [ ] 2. Read notes', '2', [{ path: 'src/read.js' }])).toBe('- [ ] 2. Read notes\n  - _Files: src/read.js_');
    const crlf = TASKS.replace(/\n/g, '\r\n');
    expect(add(crlf, '2', [{ path: 'src/read.js' }])).toBe(crlf + '  - _Files: src/read.js_\r\n');
  });
});
