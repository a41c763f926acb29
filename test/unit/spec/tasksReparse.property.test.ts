import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTasks, reparseTasks, type TasksDocument } from '../../../src/core/spec';
import { blocksOf } from '../../../src/core/spec/taskBlocks';
import { commonPrefix, commonSuffix } from '../../../src/core/spec/tasksReparse';
import { tasksDocument } from './generators';

/**
 * reparseTasks reads only the blocks an edit touched and moves the rest: whatever the edit, the
 * document (and the blocks the next edit starts from) must be exactly what a full parse gives.
 */

/** Lines that open, close and move blocks: tasks at every depth, unnumbered ones, headings, fences, comments, margin text. */
const lineKinds = [
  '- [ ] 1. Build the parser',
  '- [x] 2. Store notes',
  '- [ ] Unnumbered at the top',
  '- [-]* 3 Optional one',
  '  - [ ] 1.1 A sub-task',
  '  - [x] Unnumbered sub-task',
  '    - [~] 1.1.1 Deeper',
  '\t- [ ] 2.1 Tabbed sub-task',
  '    - Detail line',
  '    - _Requirements: 1.1, 2.3_',
  '    - _Requirements: 1.1,',
  '      2.3_',
  '  _Depends: 1_',
  '- [?] not a status',
  '- [ ] 1a. malformed id',
  '## Phase 2',
  ' ### Indented heading',
  'Free text at the margin',
  '```ts',
  '    ```',
  '```',
  '<!--',
  '-->',
  '<!-- one-line comment -->',
  '- 3. looks like a task',
  '',
  '   ',
  '\u00a0',
];
const eols = ['\n', '\n', '\n', '\r\n', '\r'];
const generatedLines = fc
  .array(fc.tuple(fc.constantFrom(...lineKinds), fc.constantFrom(...eols)), { minLength: 1, maxLength: 40 })
  .map((lines) => lines.map(([l, eol]) => l + eol).join(''));
const anyText = fc.oneof(
  generatedLines,
  tasksDocument.map((d) => d.text),
);

/** What a keystroke, a paste or a deletion does: replace a span with a snippet. */
const snippets = [' ', 'x', '\t', '\n', '\r', '\r\n', '- [ ] ', '- [ ] 7. New task\n', '  - [x] 1.9 Sub\n', '```', '```\n', '<!--', '-->', '#', '## Heading\n', '_Requirements: 2.1_', '1', '.', '', '\n\n'];
const edit = fc.record({ at: fc.nat(), remove: fc.integer({ min: 0, max: 30 }), insert: fc.constantFrom(...snippets) });

function applyEdit(text: string, e: { at: number; remove: number; insert: string }): string {
  const at = text.length ? e.at % (text.length + 1) : 0;
  return text.slice(0, at) + e.insert + text.slice(Math.min(text.length, at + e.remove));
}

function expectSameAsFullParse(doc: TasksDocument, text: string): void {
  const full = parseTasks(text);
  expect(doc).toEqual(full);
  expect(blocksOf(doc)).toEqual(blocksOf(full));
}

/** Types `edits` into `start` one after another, each re-parse compared with a full parse of the text then. */
function followEditsOneByOne(start: string, edits: Parameters<typeof applyEdit>[1][]): void {
  let text = start;
  let doc = parseTasks(text);
  for (const e of edits) {
    text = applyEdit(text, e);
    doc = reparseTasks(doc, text);
    expectSameAsFullParse(doc, text);
  }
}

describe('reparseTasks', () => {
  it('gives what a full parse gives after any series of edits', () => {
    fc.assert(
      fc.property(anyText, fc.array(edit, { minLength: 1, maxLength: 8 }), followEditsOneByOne),
      { numRuns: 400 },
    );
  });

  it('gives what a full parse gives in documents long enough to be compared a chunk at a time', () => {
    const long = fc.tuple(generatedLines, fc.integer({ min: 20, max: 120 })).map(([text, times]) => text.repeat(times));
    fc.assert(
      fc.property(long, fc.array(edit, { minLength: 1, maxLength: 4 }), followEditsOneByOne),
      { numRuns: 60 },
    );
  });

  it('finds where an edit starts and ends in long texts as a character-by-character comparison does', () => {
    const naivePrefix = (a: string, b: string) => {
      let i = 0;
      while (i < Math.min(a.length, b.length) && a[i] === b[i]) i++;
      return i;
    };
    const naiveSuffix = (a: string, b: string, prefix: number) => {
      let i = 0;
      while (i < Math.min(a.length, b.length) - prefix && a[a.length - 1 - i] === b[b.length - 1 - i]) i++;
      return i;
    };
    const long = fc.tuple(fc.string({ unit: fc.constantFrom('a', 'b', '\n'), minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 800 })).map(([t, n]) => t.repeat(n));
    // Edits anywhere, and near every power-of-two distance from either end, where a comparison by chunks turns.
    const nearBoundary = fc.record({ fromEnd: fc.boolean(), power: fc.integer({ min: 6, max: 14 }), times: fc.integer({ min: 1, max: 3 }), off: fc.integer({ min: -9, max: 9 }) });
    fc.assert(
      fc.property(long, edit, fc.option(nearBoundary), (before, e, near) => {
        const distance = near ? Math.max(0, near.times * 2 ** near.power + near.off) : 0;
        const at = near ? (near.fromEnd ? before.length - distance : distance) : e.at;
        const after = applyEdit(before, { ...e, at: Math.max(0, Math.min(before.length, at)), remove: near ? e.remove % 3 : e.remove, insert: e.insert || 'c' });
        const prefix = commonPrefix(before, after);
        expect(prefix).toBe(naivePrefix(before, after));
        expect(commonSuffix(before, after, prefix)).toBe(naiveSuffix(before, after, prefix));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the tasks above an edit and moves the ones below it', () => {
    const plan = ['# Implementation Plan', ''];
    for (let t = 1; t <= 200; t++) plan.push(`- [ ] ${t}. Task ${t}`, `  - [x] ${t}.1 Sub-task`, '    - _Requirements: 1.1_', '');
    const text = plan.join('\n');
    const before = parseTasks(text);
    const line = text.indexOf('- [ ] 100.');
    const edited = `${text.slice(0, line)}- [ ] 100. Task 100 and a new line\n  with more${text.slice(line + '- [ ] 100. Task 100'.length)}`;
    const after = reparseTasks(before, edited);
    expectSameAsFullParse(after, edited);
    // Above the edited task and the one before it: the very same objects. Below: copies, one line further down.
    expect(after.allTasks[0]).toBe(before.allTasks[0]);
    expect(after.allTasks[195]).toBe(before.allTasks[195]);
    const moved = after.allTasks.find((t) => t.id === '150')!;
    const was = before.allTasks.find((t) => t.id === '150')!;
    expect(moved).not.toBe(was);
    expect(moved.line).toBe(was.line + 1);
    expect(moved.titleRange.start.column).toBe(was.titleRange.start.column);
  });

  it('keeps the tasks below an edit that changed no length, such as a status mark', () => {
    const plan = ['# Implementation Plan', ''];
    for (let t = 1; t <= 50; t++) plan.push(`- [ ] ${t}. Task ${t}`, `  - [ ] ${t}.1 Sub-task`, '');
    const text = plan.join('\n');
    const before = parseTasks(text);
    const mark = before.allTasks.find((t) => t.id === '20.1')!.markRange.start.offset;
    const edited = `${text.slice(0, mark)}x${text.slice(mark + 1)}`;
    const after = reparseTasks(before, edited);
    expectSameAsFullParse(after, edited);
    expect(after.allTasks.find((t) => t.id === '20.1')!.status).toBe('done');
    expect(after.allTasks.find((t) => t.id === '40')).toBe(before.allTasks.find((t) => t.id === '40'));
  });

  it('parses the whole text again for a document it did not parse itself', () => {
    const text = '- [ ] 1. One\n- [ ] 2. Two\n';
    const foreign: TasksDocument = { ...parseTasks(text) };
    const after = reparseTasks(foreign, `${text}- [ ] 3. Three\n`);
    expectSameAsFullParse(after, `${text}- [ ] 3. Three\n`);
    expect(after.allTasks[0]).not.toBe(foreign.allTasks[0]);
  });
});
