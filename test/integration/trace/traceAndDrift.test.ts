import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic, type ScriptedTurn } from '../../support/fakeAnthropic';
import { mathsFiles, WORKING_SUM } from '../../support/mathsProject';
import { makeWorkspace, runSpecwright } from '../../support/workspace';

const API_KEY = 'sk-ant-test-trace-1a2b3c';
let fake: FakeAnthropic | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const HEADER = '// maths library, shared by every tool\n';
const SUM = HEADER + WORKING_SUM;
const SUM_TEST = "const test = require('node:test');\nconst assert = require('node:assert');\nconst { sum } = require('../src/sum');\n\ntest('adds two numbers', () => assert.strictEqual(sum(1, 2), 3));\n";

const write = (file: string, text: string): ScriptedTurn => ({ content: [{ type: 'tool_use', name: 'fs_write', input: { command: 'create', path: file, file_text: text } }] });
const bash = (command: string): ScriptedTurn => ({ content: [{ type: 'tool_use', name: 'execute_bash', input: { command, summary: 'run tests' } }] });
const say = (text: string): ScriptedTurn => ({ content: [{ type: 'text', text }] });

/** The maths project with a header line in src/sum.js the task leaves alone, after task 1 ran for real. */
async function workspaceAfterTask1(): Promise<string> {
  const ws = makeWorkspace(mathsFiles({ 'src/sum.js': `${HEADER}module.exports = {};\n` }), { git: true });
  fake = await startFakeAnthropic([write('src/sum.js', SUM), write('test/sum.test.js', SUM_TEST), bash('npm test'), say('Implemented sum with a test.')], { apiKey: API_KEY });
  const run = await runSpecwright(['--workspace', ws, 'run', 'maths', '--task', '1', '--yes', '--json'], { env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url } });
  expect(run.code, run.stderr).toBe(0);
  return ws;
}

const json = async (args: string[]) => {
  const result = await runSpecwright(args);
  return { ...result, body: JSON.parse(result.stdout) as Record<string, unknown> };
};
const git = (ws: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=Person', '-c', 'user.email=person@example.invalid', ...args], { cwd: ws, stdio: 'pipe' }).toString();
const edit = (ws: string, file: string, change: (text: string) => string) => writeFileSync(path.join(ws, file), change(readFileSync(path.join(ws, file), 'utf8')));

describe('spec trace and spec drift after a real run', () => {
  it('traces criterion 1.1 to the task, the files its run wrote and the test its verification ran', async () => {
    const ws = await workspaceAfterTask1();
    const { code, body } = await json(['--workspace', ws, 'spec', 'trace', 'maths', '--json']);
    expect(code).toBe(0);
    expect(body).toEqual({
      spec: 'maths',
      criteria: [
        {
          id: '1.1',
          text: 'WHEN sum is called with two numbers, THE library SHALL return their sum.',
          tasks: [
            { id: '1', title: 'Implement sum', status: 'done', line: 3 },
            { id: '2', title: 'Document sum', status: 'todo', line: 7 },
          ],
          files: [
            { path: 'src/sum.js', tasks: ['1'], source: 'run' },
            { path: 'test/sum.test.js', tasks: ['1'], source: 'run' },
          ],
          tests: [{ file: 'test/sum.test.js', line: 1, name: 'sum.test.js', source: 'verification' }],
          status: 'covered',
        },
      ],
    });
    const text = await runSpecwright(['--workspace', ws, 'spec', 'trace', 'maths']);
    expect(text.stdout).toMatch(/^maths {2}1 criterion: 1 covered, 0 untested, 0 unimplemented$/m);
    const lintText = await runSpecwright(['--workspace', ws, 'spec', 'lint', 'maths']);
    expect(lintText.stdout).toMatch(/^maths {2}1 requirement, 1\/1 criterion in EARS form, 1\/2 tasks done {2}0 errors, 0 warnings, \d+ info/m);
    const lint = await json(['--workspace', ws, 'spec', 'lint', 'maths', '--json']);
    const codes = (lint.body.specs as Array<{ diagnostics: Array<{ code: string }> }>)[0]!.diagnostics.map((d) => d.code);
    expect(codes).not.toContain('done-task-untested');
    expect(codes).not.toContain('task-drifting');
  });

  it('says nothing drifts until someone changes a line the task wrote, then names the file, the lines and the time', async () => {
    const ws = await workspaceAfterTask1();
    expect((await runSpecwright(['--workspace', ws, 'spec', 'drift', 'maths'])).stdout).toBe('No task of maths is drifting.\n');

    // A change elsewhere in the file (the header the task never wrote) is not drift.
    edit(ws, 'src/sum.js', (t) => t.replace('shared by every tool', 'shared by all tools'));
    const elsewhere = await json(['--workspace', ws, 'spec', 'drift', 'maths', '--json']);
    expect(elsewhere.code).toBe(0);
    expect(elsewhere.body).toEqual({ spec: 'maths', tasks: [] });

    edit(ws, 'src/sum.js', (t) => t.replace('return a + b;', 'return Number(a) + Number(b);'));
    const drift = await json(['--workspace', ws, 'spec', 'drift', 'maths', '--json']);
    expect(drift.code).toBe(1);
    const [task] = drift.body.tasks as Array<{ id: string; reasons: Array<Record<string, unknown>> }>;
    expect(task!.id).toBe('1');
    expect(task!.reasons).toEqual([
      expect.objectContaining({ kind: 'file-changed', file: 'src/sum.js', lines: [[3, 3]], taskLines: [[3, 3]], uncommitted: true, modifiedAt: expect.any(String) }),
    ]);
    expect(task!.reasons[0]!.message).toMatch(/^src\/sum\.js line 3 changed after the task was done \(it wrote line 3\) \(uncommitted, modified /);

    // Committed, the reason names the commit instead.
    git(ws, 'commit', '-qam', 'Coerce the operands');
    const committed = await json(['--workspace', ws, 'spec', 'drift', 'maths', '--json']);
    const reason = (committed.body.tasks as Array<{ reasons: Array<{ commit?: { subject: string } }> }>)[0]!.reasons[0]!;
    expect(reason.commit?.subject).toBe('Coerce the operands');

    // The lint says it on the task's line, as the editor shows it.
    const lint = await json(['--workspace', ws, 'spec', 'lint', 'maths', '--json']);
    const drifting = (lint.body.specs as Array<{ diagnostics: Array<{ code: string; line: number; message: string }> }>)[0]!.diagnostics.find((d) => d.code === 'task-drifting');
    expect(drifting).toMatchObject({ line: 3 });
    expect(drifting!.message).toContain('Task 1 is drifting: src/sum.js line 3 changed after the task was done');
    expect(drifting).toMatchObject({ remedy: { kind: 'acceptDrift', spec: 'maths', taskId: '1' } });
    // In the terminal, the remedy is the command to type.
    expect((await runSpecwright(['--workspace', ws, 'spec', 'lint', 'maths'])).stdout).toContain('accept the change: specwright spec drift maths --accept 1');

    // Accepted, the new state is the baseline.
    expect((await runSpecwright(['--workspace', ws, 'spec', 'drift', 'maths', '--accept', '1'])).code).toBe(0);
    expect((await json(['--workspace', ws, 'spec', 'drift', 'maths', '--json'])).body).toEqual({ spec: 'maths', tasks: [] });
  });

  it('reports a criterion edited after its task was done, with what it said before', async () => {
    const ws = await workspaceAfterTask1();
    edit(ws, '.kiro/specs/maths/requirements.md', (t) => t.replace('SHALL return their sum.', 'SHALL return their sum as an integer.'));
    const drift = await json(['--workspace', ws, 'spec', 'drift', 'maths', '--json']);
    const [task] = drift.body.tasks as Array<{ id: string; reasons: Array<Record<string, unknown>> }>;
    expect(task!.reasons).toEqual([
      expect.objectContaining({ kind: 'criterion-edited', criterion: '1.1', before: 'WHEN sum is called with two numbers, THE library SHALL return their sum.', now: 'WHEN sum is called with two numbers, THE library SHALL return their sum as an integer.' }),
    ]);
  });

  it('links the files of a task done by hand, writes them on its _Files: line, and tracks them from then on', async () => {
    const ws = makeWorkspace({ ...mathsFiles(), 'README.md': '# maths\n\nsum(a, b) adds two numbers.\n' }, { git: true });
    expect((await runSpecwright(['--workspace', ws, 'tasks', 'set', 'maths', '2', 'done'])).code).toBe(0);
    const linked = await runSpecwright(['--workspace', ws, 'spec', 'link', 'maths', '2', 'README.md:3']);
    expect(linked.stderr).toBe('');
    expect(linked.stdout).toBe('Linked README.md to task 2 (its "_Files:" line in tasks.md).\n');
    expect(readFileSync(path.join(ws, '.kiro/specs/maths/tasks.md'), 'utf8')).toBe(
      '# Implementation Plan\n\n- [ ] 1. Implement sum\n  - Export sum(a, b) from src/sum.js\n  - _Requirements: 1.1_\n\n- [x] 2. Document sum\n  - _Requirements: 1.1_\n  - _Files: README.md:3_\n',
    );
    const trace = await json(['--workspace', ws, 'spec', 'trace', 'maths', '--json']);
    const criterion = (trace.body.criteria as Array<{ files: unknown[]; status: string }>)[0]!;
    expect(criterion.files).toEqual([{ path: 'README.md', tasks: ['2'], source: 'link', lines: { start: 3, end: 3 } }]);
    // Implemented by hand, and no test names 1.1: untested, and the lint says so on task 2.
    expect(criterion.status).toBe('untested');
    const lint = await json(['--workspace', ws, 'spec', 'lint', 'maths', '--json']);
    const untested = (lint.body.specs as Array<{ diagnostics: Array<{ code: string; line: number; message: string }> }>)[0]!.diagnostics.find((d) => d.code === 'done-task-untested');
    expect(untested).toMatchObject({ line: 7 });
    expect(untested!.message).toBe('Task 2 is done but no test covers criterion 1.1; name the criterion in a test (a test called "1.1: …" or a comment "Requirement 1.1" above it).');

    // A change outside the linked line is not drift; one on it is.
    edit(ws, 'README.md', (t) => t.replace('# maths', '# maths library'));
    expect((await json(['--workspace', ws, 'spec', 'drift', 'maths', '--json'])).body).toEqual({ spec: 'maths', tasks: [] });
    edit(ws, 'README.md', (t) => t.replace('adds two numbers', 'adds numbers'));
    const drift = await json(['--workspace', ws, 'spec', 'drift', 'maths', '--json']);
    expect((drift.body.tasks as Array<{ id: string; reasons: Array<{ lines: unknown }> }>)[0]).toMatchObject({ id: '2', reasons: [{ kind: 'file-changed', file: 'README.md', lines: [[3, 3]] }] });
  });

  it('refuses to link a file outside the workspace or one that does not exist, changing nothing', async () => {
    const ws = makeWorkspace(mathsFiles());
    const before = readFileSync(path.join(ws, '.kiro/specs/maths/tasks.md'), 'utf8');
    const outside = await runSpecwright(['--workspace', ws, 'spec', 'link', 'maths', '2', '../etc/passwd']);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain('is outside the workspace');
    const unrecorded = await runSpecwright(['--workspace', ws, 'spec', 'link', 'maths', '2']);
    expect(unrecorded.code).toBe(2);
    expect(unrecorded.stderr).toContain('no run log or record says which files task 2 changed. Name them: specwright spec link maths 2 FILE…');
    const missing = await runSpecwright(['--workspace', ws, 'spec', 'link', 'maths', '2', 'docs/missing.md']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('docs/missing.md is not a file in the workspace');
    expect(readFileSync(path.join(ws, '.kiro/specs/maths/tasks.md'), 'utf8')).toBe(before);
  });
});
