import { describe, expect, it } from 'vitest';
import { criterionLabel, criterionTooltip, driftSummary, driftTooltip, traceSummary, tracedFileDescription, tracedTaskDescription, tracedTestDescription } from '../../../src/extension/views/traceText';

const criterion = (id: string, status: 'covered' | 'untested' | 'unimplemented') => ({ id, text: 'WHEN sum is called with two numbers, THE library SHALL return their sum.', file: 'requirements.md', line: 15, tasks: [], files: [], tests: [], status });

describe('Traceability view labels', () => {
  it('counts a spec’s criteria by the statuses it has, and says when it has none', () => {
    expect(traceSummary({ criteria: [criterion('1.1', 'covered'), criterion('1.2', 'unimplemented'), criterion('1.3', 'covered')] })).toBe('2 covered · 1 unimplemented');
    expect(traceSummary({ criteria: [] })).toBe('no acceptance criteria');
  });

  it('labels a criterion by id and the start of its text, and explains its status in the tooltip', () => {
    expect(criterionLabel(criterion('1.1', 'covered'), 30)).toBe('1.1 WHEN sum is called with two n…');
    expect(criterionTooltip({ ...criterion('1.2', 'untested'), tasks: [{ id: '1', title: 'Implement', status: 'done', line: 3 }] })).toBe(
      '1.2 WHEN sum is called with two numbers, THE library SHALL return their sum.\n\nuntested: implemented (a citing task is done, or a file is linked), but no test covers it.\n1 task, 0 files, 0 tests.',
    );
  });

  it('describes each link: a task’s status, how a file is linked, how a test was found', () => {
    expect(tracedTaskDescription({ status: 'in_progress' })).toBe('task · in progress');
    expect(tracedFileDescription({ source: 'run', tasks: ['1'] })).toBe('file · task 1');
    expect(tracedFileDescription({ source: 'link', tasks: ['1', '2'], lines: { start: 10, end: 40 } })).toBe('linked · lines 10-40 · tasks 1, 2');
    expect(tracedTestDescription({ file: 'test/sum.test.js', line: 5, source: 'name' })).toBe('test · test/sum.test.js:5 · its name names it');
    expect(tracedTestDescription({ file: 'test/sum.test.js', line: 9, source: 'comment', via: 'Property 3' })).toBe('test · test/sum.test.js:9 · Property 3');
    expect(tracedTestDescription({ file: 'test/sum.test.js', line: 1, source: 'verification' })).toBe("test · test/sum.test.js:1 · ran in its task's verification");
  });

  it('words drift for the Specs view, with the quick fix that accepts it', () => {
    expect(driftSummary(0)).toBe('');
    expect(driftSummary(2)).toBe('2 drifting');
    expect(driftTooltip('maths', '1', ['src/sum.js line 2 changed after the task was done (it wrote lines 1-5)'])).toBe(
      'Task 1 is drifting:\n• src/sum.js line 2 changed after the task was done (it wrote lines 1-5)\nOnce the code still meets its criteria, accept the change with the quick fix "Accept drift of task 1".',
    );
  });
});
