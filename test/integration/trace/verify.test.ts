import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { activityEventSchema } from '../../../src/core/activity';
import { startFakeAnthropic, type FakeAnthropic, type ScriptedTurn } from '../../support/fakeAnthropic';
import { mathsFiles, WORKING_SUM } from '../../support/mathsProject';
import { makeWorkspace, runSpecwright } from '../../support/workspace';

const API_KEY = 'sk-ant-test-verify-9z8y7x';
let fake: FakeAnthropic | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const REQUIREMENTS = `# Requirements Document

## Requirements

### Requirement 1: Sum

**User Story:** As a developer, I want to add two numbers, so that I can total things.

#### Acceptance Criteria

1. WHEN sum is called with two numbers, THE library SHALL return their sum.
2. IF sum is called with something other than a number, THEN THE library SHALL throw a TypeError.
`;

const TASKS = `# Implementation Plan

- [x] 1. Implement sum
  - _Requirements: 1.1, 1.2_

- [ ] 2. Document sum
  - _Requirements: 1.1_
`;

const tool = (name: string, input: Record<string, unknown>): ScriptedTurn => ({ content: [{ type: 'tool_use', name, input }] });
const say = (text: string): ScriptedTurn => ({ content: [{ type: 'text', text }] });

function workspace(): string {
  return makeWorkspace(mathsFiles({ 'src/sum.js': WORKING_SUM, '.kiro/specs/maths/requirements.md': REQUIREMENTS, '.kiro/specs/maths/tasks.md': TASKS }), { git: true });
}

const logEvents = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((line) => activityEventSchema.parse(JSON.parse(line)));

const env = () => ({ env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake!.url } });

describe('spec verify on a real run against the fake Messages API', () => {
  it('logs one verdict per criterion with the real test output, exits 1 on a failed one, and appends a task for it', async () => {
    const ws = workspace();
    fake = await startFakeAnthropic(
      [
        tool('fs_read', { operations: [{ mode: 'Line', path: 'src/sum.js' }] }),
        tool('execute_bash', { command: 'npm test', summary: 'run the tests' }),
        tool('record_verdict', { criterion: '1.1', verdict: 'pass', summary: 'sum returns a + b and its test passes.', files: [{ path: 'src/sum.js', start_line: 1, end_line: 3 }], test_commands: ['npm test'] }),
        // Evidence must be real: a command that never ran is refused, and the model tries again.
        tool('record_verdict', { criterion: '1.2', verdict: 'fail', summary: 'No check.', test_commands: ['npm run typecheck'] }),
        tool('record_verdict', { criterion: '1.2', verdict: 'fail', summary: 'sum never checks its arguments: sum("1", 2) returns "12".', files: [{ path: 'src/sum.js', start_line: 2, end_line: 2 }] }),
        say('1.1 passes, 1.2 fails.'),
      ],
      { apiKey: API_KEY },
    );
    const run = await runSpecwright(['--workspace', ws, 'spec', 'verify', 'maths', '--json', '--yes', '--add-tasks'], env());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const body = JSON.parse(run.stdout) as { runId: string; logFile: string; outcome: string; criteria: Array<Record<string, unknown>>; addedTasks: unknown[] };
    expect(body.outcome).toBe('completed');
    expect(body.criteria).toEqual([
      {
        id: '1.1',
        text: 'WHEN sum is called with two numbers, THE library SHALL return their sum.',
        verdict: 'pass',
        summary: 'sum returns a + b and its test passes.',
        evidence: { files: [{ path: 'src/sum.js', lines: { start: 1, end: 3 } }], tests: [{ command: 'npm test', exitCode: 0, output: expect.stringMatching(/# pass 1/) }] },
      },
      {
        id: '1.2',
        text: 'IF sum is called with something other than a number, THEN THE library SHALL throw a TypeError.',
        verdict: 'fail',
        summary: 'sum never checks its arguments: sum("1", 2) returns "12".',
        evidence: { files: [{ path: 'src/sum.js', lines: { start: 2, end: 2 } }], tests: [] },
      },
    ]);
    expect(body.addedTasks).toEqual([{ id: '3', criterion: '1.2', title: 'Make criterion 1.2 hold: IF sum is called with something other than a number, THEN THE library SHALL throw a TypeError.' }]);
    expect(readFileSync(path.join(ws, '.kiro/specs/maths/tasks.md'), 'utf8')).toBe(
      TASKS +
        '\n- [ ] 3. Make criterion 1.2 hold: IF sum is called with something other than a number, THEN THE library SHALL throw a TypeError.\n' +
        '  - Found by spec verify: sum never checks its arguments: sum("1", 2) returns "12".\n' +
        '  - See src/sum.js:2-2\n' +
        '  - _Requirements: 1.2_\n',
    );

    // The verdicts are events of the run's log, valid against the schema, in the workspace's runs folder.
    const logFile = path.join(ws, '.kiro/.specwright/runs', `${body.runId}.jsonl`);
    expect(body.logFile).toBe(logFile);
    const events = readFileSync(logFile, 'utf8').trim().split('\n').map((line) => activityEventSchema.parse(JSON.parse(line)));
    expect(events.filter((e) => e.type === 'criterion_verdict').map((e) => e.type === 'criterion_verdict' && `${e.criterion}:${e.verdict}`)).toEqual(['1.1:pass', '1.2:fail']);
    expect(events.find((e) => e.type === 'tool_result' && e.tool === 'record_verdict' && e.isError)).toMatchObject({ summary: expect.stringContaining('"npm run typecheck" did not run in this verification') });
    expect(events.at(-1)).toMatchObject({ type: 'run_finished', outcome: 'completed', summary: expect.stringContaining('2 criteria: 1 pass, 1 fail, 0 unknown.') });

    // A check changes nothing: the write tool is not offered; the prompt carries the criteria and what is traced to them.
    const first = fake.requests.find((r) => r.path === '/v1/messages')!.body!;
    const offered = first.tools!.map((t) => (t as { name: string }).name);
    expect(offered).toEqual(expect.arrayContaining(['fs_read', 'execute_bash', 'record_verdict']));
    expect(offered).not.toContain('fs_write');
    expect(JSON.stringify(first.messages[0])).toContain('1.2: IF sum is called with something other than a number');

    // The added task is a task like any other: the lint sees it cite 1.2.
    const lint = await runSpecwright(['--workspace', ws, 'spec', 'lint', 'maths', '--json']);
    expect(lint.code).toBe(0);
  });

  it('with --task checks only that task’s criteria; a criterion left without a verdict is unknown and the exit code is 0', async () => {
    const ws = workspace();
    fake = await startFakeAnthropic([say('I could not decide.')], { apiKey: API_KEY });
    const run = await runSpecwright(['--workspace', ws, 'spec', 'verify', 'maths', '--task', '2', '--json'], env());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const body = JSON.parse(run.stdout) as { logFile: string; criteria: Array<{ id: string; verdict: string; summary: string }>; addedTasks: unknown[] };
    expect(body.criteria).toEqual([expect.objectContaining({ id: '1.1', verdict: 'unknown', summary: 'The model gave no verdict on it.' })]);
    expect(body.addedTasks).toEqual([]);
    expect(readFileSync(path.join(ws, '.kiro/specs/maths/tasks.md'), 'utf8')).toBe(TASKS);
    const events = logEvents(body.logFile);
    // The log says what the run checks, so the runs lists can tell a verification from a run with nothing to do.
    expect(events[0]).toMatchObject({ type: 'run_started', tasks: [], verify: { spec: 'maths', task: '2' } });
    expect(events.at(-1)).toMatchObject({ type: 'run_finished', summary: expect.stringMatching(/^1 criterion: 0 pass, 0 fail, 1 unknown\./) });
    const list = await runSpecwright(['--workspace', ws, 'runs', 'list']);
    expect(list.stdout).toMatch(/maths\s+completed\s+verify task 2: 0 pass, 0 fail, 1 unknown/);
    expect(list.stdout).not.toContain('0/0 tasks');
  });

  it('--budget limits the whole check as a run’s flag limits a task: the step that would pass it is not sent', async () => {
    const ws = workspace();
    fake = await startFakeAnthropic(
      [
        { ...tool('fs_read', { operations: [{ mode: 'Line', path: 'src/sum.js' }] }), usage: { input_tokens: 600, output_tokens: 100 } },
        tool('record_verdict', { criterion: '1.1', verdict: 'pass', summary: 'Returns a + b.' }),
        say('Done.'),
      ],
      { apiKey: API_KEY },
    );
    const run = await runSpecwright(['--workspace', ws, 'spec', 'verify', 'maths', '--json', '--budget', '1k'], env());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const body = JSON.parse(run.stdout) as { outcome: string; logFile: string; criteria: Array<{ id: string; verdict: string; summary: string }> };
    expect(body.outcome).toBe('budget_exceeded');
    expect(body.criteria.map((c) => `${c.id}:${c.verdict}`)).toEqual(['1.1:unknown', '1.2:unknown']);
    expect(body.criteria[0]!.summary).toBe('The verification ended (budget exceeded) before the model gave a verdict on it.');
    expect(fake.requests.filter((r) => r.path === '/v1/messages')).toHaveLength(1);
    expect(JSON.stringify(logEvents(body.logFile))).toContain('Token budget reached');

    const bad = await runSpecwright(['--workspace', ws, 'spec', 'verify', 'maths', '--budget', 'lots'], env());
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--budget must be dollars (0.50) or tokens (150k, 200000tok) (got "lots")');
  });

  it('says what is wrong, before any model call, for an unknown task or a task that cites no criterion', async () => {
    const ws = makeWorkspace(mathsFiles({ '.kiro/specs/maths/tasks.md': '# Plan\n\n- [ ] 1. Tidy up\n' }));
    fake = await startFakeAnthropic([], { apiKey: API_KEY });
    const unknown = await runSpecwright(['--workspace', ws, 'spec', 'verify', 'maths', '--task', '7'], env());
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('There is no task "7"');
    const none = await runSpecwright(['--workspace', ws, 'spec', 'verify', 'maths', '--task', '1'], env());
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Task 1 of maths cites no acceptance criterion');
    expect(fake.requests.filter((r) => r.path === '/v1/messages')).toEqual([]);
    expect(readdirSync(path.join(ws, '.kiro/specs/maths'))).toEqual(['requirements.md', 'tasks.md']);
  });
});
