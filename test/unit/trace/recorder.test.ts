import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ActivityStream } from '../../../src/core/activity';
import { describeChange } from '../../../src/core/agent/tools/fileDiff';
import { readTraceRecords, TraceRecorder } from '../../../src/core/trace';
import { startContent } from '../../../src/core/trace/recorder';
import { makeWorkspace } from '../../support/workspace';

const REQUIREMENTS = '# R\n\n## Requirements\n\n### Requirement 1: Sum\n\n#### Acceptance Criteria\n\n1. WHEN sum is called, THE library SHALL add.\n2. WHEN sum is called with text, THE library SHALL refuse it.\n';
const TASKS = '- [x] 1. Sum\n  - _Requirements: 1_\n';

describe('recording what a done task wrote', () => {
  it('gets the content before a write back from the content after it and the diff', () => {
    const before = 'a\nb\nc\n';
    const after = 'a\nB\nc\nd\n';
    expect(startContent(after, describeChange('f', before, after).diff)).toBe(before);
    expect(startContent(after, '--- f\n+++ f\n(diff too large to compute: 3 lines replaced by 4)\n')).toBeUndefined();
  });

  it('records, when the task is done, its criteria and for each file it wrote the content and its lines', async () => {
    const ws = makeWorkspace({ '.kiro/specs/maths/requirements.md': REQUIREMENTS, '.kiro/specs/maths/tasks.md': TASKS, 'src/sum.js': '// header\nexport {};\n', 'test/.keep': '' });
    const traceDir = path.join(ws, '.kiro/.specwright/trace');
    const recorder = new TraceRecorder({ workspace: ws, traceDir });
    const stream = new ActivityStream('run-1');
    stream.subscribe((e) => recorder.observe(e));
    const task = { spec: 'maths', id: '1', title: 'Sum' };
    stream.emit({ type: 'task_started', task });
    const write = (file: string, before: string, after: string, change: 'created' | 'modified') => {
      writeFileSync(path.join(ws, file), after);
      stream.emit({ type: 'file_written', path: file, change, ...describeChange(file, before, after) });
    };
    write('src/sum.js', '// header\nexport {};\n', '// header\nexport const sum = (a, b) => a + b;\n', 'modified');
    write('src/sum.js', '// header\nexport const sum = (a, b) => a + b;\n', '// header\nexport const sum = (a, b) => a + b;\nexport default sum;\n', 'modified');
    write('test/sum.test.js', '', "it('1.1: adds', () => {});\n", 'created');
    // A hook's agent writing during the task is not the task's work.
    stream.emit({ type: 'file_written', path: 'CHANGELOG.md', change: 'created', added: 1, removed: 0, diff: '', parentId: 'hook:changelog' });
    stream.emit({ type: 'task_finished', task, status: 'done', summary: 'done' });

    const [record] = await readTraceRecords([traceDir]);
    expect(record).toMatchObject({
      spec: 'maths',
      taskId: '1',
      runId: 'run-1',
      criteria: [
        { id: '1.1', text: 'WHEN sum is called, THE library SHALL add.' },
        { id: '1.2', text: 'WHEN sum is called with text, THE library SHALL refuse it.' },
      ],
    });
    expect(record!.files.map(({ path: file, lines, source }) => ({ file, lines, source }))).toEqual([
      { file: 'src/sum.js', lines: [[2, 3]], source: 'run' },
      { file: 'test/sum.test.js', lines: [[1, 1]], source: 'run' },
    ]);
    expect(record!.files[0]!.content).toBe('// header\nexport const sum = (a, b) => a + b;\nexport default sum;\n');
  });

  it('records nothing for a task that did not finish', async () => {
    const ws = makeWorkspace({ '.kiro/specs/maths/tasks.md': TASKS });
    const traceDir = path.join(ws, 'trace');
    const recorder = new TraceRecorder({ workspace: ws, traceDir });
    const stream = new ActivityStream('run-2');
    stream.subscribe((e) => recorder.observe(e));
    const task = { spec: 'maths', id: '1', title: 'Sum' };
    stream.emit({ type: 'task_started', task });
    stream.emit({ type: 'task_finished', task, status: 'failed', summary: 'no' });
    expect(await readTraceRecords([traceDir])).toEqual([]);
  });

  it('refuses a record (say one that came with a repository) naming a file outside the workspace', async () => {
    const ws = makeWorkspace({});
    const traceDir = path.join(ws, 'trace');
    mkdirSync(path.join(traceDir, 'maths'), { recursive: true });
    const record = (file: string) => JSON.stringify({ version: 1, spec: 'maths', taskId: '1', title: 'Sum', runId: null, finishedAt: '2024-01-01T00:00:00.000Z', criteria: [], files: [{ path: file, blob: null, lines: [], source: 'link' }] });
    writeFileSync(path.join(traceDir, 'maths', '1.json'), record('../outside.txt'));
    writeFileSync(path.join(traceDir, 'maths', '2.json'), record('/etc/passwd').replace('"taskId":"1"', '"taskId":"2"'));
    writeFileSync(path.join(traceDir, 'maths', '3.json'), record('src/inside.js').replace('"taskId":"1"', '"taskId":"3"'));
    const bad: string[] = [];
    const records = await readTraceRecords([traceDir], (file) => bad.push(path.basename(file)));
    expect(records.map((r) => r.taskId)).toEqual(['3']);
    expect(bad.sort()).toEqual(['1.json', '2.json']);
  });
});
