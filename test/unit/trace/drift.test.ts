import { describe, expect, it } from 'vitest';
import { parseRequirements } from '../../../src/core/spec';
import { criterionDrift, fileDrift, taskDrift } from '../../../src/core/trace/drift';
import { lineEdits, mapLines } from '../../../src/core/trace/lineChanges';
import { fileRecord } from '../../../src/core/trace/recorder';
import type { TaskTraceRecord } from '../../../src/core/trace/records';

const lines = (...l: string[]) => l.map((x) => `${x}\n`).join('');

describe('following lines through edits', () => {
  it('moves untouched lines, and reports an edit that replaces a tracked line or inserts inside a tracked block', () => {
    const before = lines('a', 'b', 'c', 'd', 'e');
    const after = lines('header', 'a', 'b', 'C', 'd', 'e');
    const mapped = mapLines(new Set([2, 3, 4]), lineEdits(before, after)!);
    expect([...mapped.kept].sort()).toEqual([3, 5]);
    expect(mapped.touching.map((t) => t.lines)).toEqual([[3]]);
    // Inserting inside the block b..d touches it; inserting right after it does not.
    expect(mapLines(new Set([2, 3, 4]), lineEdits(before, lines('a', 'b', 'x', 'c', 'd', 'e'))!).touching.map((t) => t.lines)).toEqual([[2, 3]]);
    expect(mapLines(new Set([2, 3, 4]), lineEdits(before, lines('a', 'b', 'c', 'd', 'x', 'e'))!).touching).toEqual([]);
  });
});

const START = lines('// header', 'export {};');
const END = lines('// header', 'export function sum(a, b) {', '  return a + b;', '}');

function record(taskId: string, finishedAt: string, files: TaskTraceRecord['files'], criteria: TaskTraceRecord['criteria'] = []): TaskTraceRecord {
  return { version: 1, spec: 'maths', taskId, title: `Task ${taskId}`, runId: 'r', finishedAt, criteria, files };
}

describe('file drift', () => {
  const entry = fileRecord('src/sum.js', START, END);

  it('records the lines the task wrote', () => {
    expect(entry.lines).toEqual([[2, 4]]);
  });

  it('is nothing while the file is as the task left it, or changed only outside its lines', () => {
    expect(fileDrift(entry, [], END)).toEqual([]);
    expect(fileDrift(entry, [], END.replace('// header', '// maths'))).toEqual([]);
    expect(fileDrift(entry, [], END + '// appended\n')).toEqual([]);
  });

  it('names the lines now and the task lines a change touched', () => {
    expect(fileDrift(entry, [], lines('// header', '// new', 'export function sum(a, b) {', '  return b + a;', '}'))).toEqual([
      { kind: 'file-changed', file: 'src/sum.js', lines: [[4, 4]], taskLines: [[3, 3]] },
    ]);
  });

  it('says when the file was deleted', () => {
    expect(fileDrift(entry, [], null)).toEqual([{ kind: 'file-deleted', file: 'src/sum.js' }]);
  });

  it('lets a later task take the lines over without calling it drift, and still sees a person\'s edit between the two tasks', () => {
    const later = lines('// header', 'export function sum(a, b) {', '  return Number(a) + Number(b);', '}');
    const laterTask = { taskId: '2', entry: fileRecord('src/sum.js', END, later) };
    expect(fileDrift(entry, [laterTask], later)).toEqual([]);
    // Someone changed the task's `}` line to `};` before task 2 started from that state.
    const edited = END.replace('}\n', '};\n');
    const after2 = edited.replace('return a + b;', 'return Number(a) + Number(b);');
    expect(fileDrift(entry, [{ taskId: '2', entry: fileRecord('src/sum.js', edited, after2) }], after2)).toEqual([
      { kind: 'file-changed', file: 'src/sum.js', lines: [[4, 4]], taskLines: [[4, 4]], beforeTask: '2' },
    ]);
  });

  it('compares a file too large to keep by its blob only', () => {
    const big = { ...entry, content: undefined, lines: null };
    expect(fileDrift(big, [], END)).toEqual([]);
    expect(fileDrift(big, [], END + 'x\n')).toEqual([{ kind: 'file-replaced', file: 'src/sum.js' }]);
  });

  it('skips files that are not in the current-files map', () => {
    expect(taskDrift(record('1', '2024-01-01', [entry]), [], {}, new Map()).reasons).toEqual([]);
  });
});

describe('criterion drift', () => {
  const requirements = parseRequirements('# R\n\n## Requirements\n\n### Requirement 1: Sum\n\n#### Acceptance Criteria\n\n1. WHEN sum is called, THE library SHALL   return the sum.\n');

  it('ignores whitespace, and reports an edited or removed criterion with what it said', () => {
    const r = record('1', '2024-01-01', [], [{ id: '1.1', text: 'WHEN sum is called, THE library SHALL return the sum.' }]);
    expect(criterionDrift(r, { requirements })).toEqual([]);
    const edited = record('1', '2024-01-01', [], [{ id: '1.1', text: 'WHEN sum is called, THE library SHALL return the total.' }, { id: '1.2', text: 'gone' }]);
    expect(criterionDrift(edited, { requirements })).toEqual([
      { kind: 'criterion-edited', criterion: '1.1', before: 'WHEN sum is called, THE library SHALL return the total.', now: 'WHEN sum is called, THE library SHALL   return the sum.' },
      { kind: 'criterion-removed', criterion: '1.2', before: 'gone' },
    ]);
  });
});
