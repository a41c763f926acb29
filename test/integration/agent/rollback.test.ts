import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testAgentService } from '../../support/agentHost';
import { CheckpointStore } from '../../../src/core/checkpoints';
import { startFakeAnthropic, type FakeAnthropic, type Script, type ScriptedTurn } from '../../support/fakeAnthropic';
import { runSpecwright } from '../../support/workspace';
import { treeState } from '../checkpoints/workspaceFixture';
import { mathsWorkspace, TASKS, WORKING_SUM } from './fixture';

const API_KEY = 'sk-ant-test-rollback-5c1e';
let fake: FakeAnthropic | undefined;
const made: string[] = [];

afterEach(async () => {
  await fake?.close();
  fake = undefined;
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const write = (file: string, text: string): ScriptedTurn => ({ content: [{ type: 'tool_use', name: 'fs_write', input: { command: 'create', path: file, file_text: text } }] });
const bash = (command: string): ScriptedTurn => ({ content: [{ type: 'tool_use', name: 'execute_bash', input: { command, summary: 'run tests' } }] });
const say = (text: string): ScriptedTurn => ({ content: [{ type: 'text', text }] });
/**
 * Task 1 writes sum, task 2 the docs; `agent.verifyCommand` checks each. The agent runs no command
 * itself, so no step makes the whole workspace the agent's: only recorded writes count, and a
 * restore can tell every one of them from a person's edit.
 */
const BOTH_TASKS: ScriptedTurn[] = [write('src/sum.js', WORKING_SUM), say('Sum works.'), write('docs/sum.md', '# sum(a, b)\n\nReturns a + b.\n'), say('Documented.')];
const VERIFIED = { '.kiro/settings.json': JSON.stringify({ agent: { verifyCommand: 'npm test' } }) };

/** The workspace as a person sees it: run state (`.kiro/.specwright`) and the user's own `.git` left out. */
const userFiles = (ws: string) => treeState(ws, ['.git', '.kiro/.specwright']);
const tasksPath = (ws: string) => path.join(ws, '.kiro/specs/maths/tasks.md');

/** A run the way the extension starts one: its checkpoint store in a storage folder outside the workspace. */
async function runInEditor(ws: string, script: Script, selection: { all: true } | { task: string }) {
  fake = await startFakeAnthropic(script, { apiKey: API_KEY });
  const storage = mkdtempSync(path.join(tmpdir(), 'sw-storage-'));
  made.push(storage);
  const store = new CheckpointStore({ workspace: ws, gitDir: path.join(storage, 'checkpoints') });
  // The workspace's verifyCommand is a program it brings: it runs once its settings are trusted.
  const agent = testAgentService({ env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url }, home: storage, runsDir: path.join(storage, 'runs'), checkpoints: store, trustWorkspaceSettings: true });
  const prepared = await agent.prepare({ workspace: ws });
  const outcome = await agent.start(prepared, { spec: 'maths', selection: 'all' in selection ? { kind: 'all' } : { kind: 'task', id: selection.task } }).finished;
  return { outcome, store };
}

describe('rolling back a finished run', () => {
  it('restores the first checkpoint without force: the workspace is byte for byte as before, checkboxes included', async () => {
    const ws = mathsWorkspace(VERIFIED);
    const before = userFiles(ws);
    const { outcome, store } = await runInEditor(ws, BOTH_TASKS, { all: true });
    expect(outcome.outcome).toBe('completed');
    expect(readFileSync(tasksPath(ws), 'utf8')).toBe(TASKS.replace('- [ ] 1.', '- [x] 1.').replace('- [ ] 2.', '- [x] 2.'));

    const [first] = await store.list();
    expect(first).toMatchObject({ reason: 'before-task', task: '1' });
    const result = await store.restore(first!.id);

    expect(result.conflicts).toEqual([]);
    expect(result.outcome).toBe('restored');
    expect(result.changes.map((c) => c.path).sort()).toEqual(['.kiro/specs/maths/tasks.md', 'docs/sum.md', 'src/sum.js']);
    expect(userFiles(ws)).toEqual(before);
    expect(readFileSync(tasksPath(ws), 'utf8')).toBe(TASKS);
  });

  it('restores the checkpoint before the second task: task 1 stays [x], task 2 is back to [ ]', async () => {
    const ws = mathsWorkspace(VERIFIED);
    const { store } = await runInEditor(ws, BOTH_TASKS, { all: true });
    const second = (await store.list()).find((c) => c.task === '2' && c.reason === 'before-task')!;
    const result = await store.restore(second.id);
    expect(result.outcome).toBe('restored');
    expect(readFileSync(tasksPath(ws), 'utf8')).toBe(TASKS.replace('- [ ] 1.', '- [x] 1.'));
    expect(readFileSync(path.join(ws, 'src/sum.js'), 'utf8')).toBe(WORKING_SUM);
  });

  it('also when the agent ran commands of its own (each makes the workspace as it is then the agent’s)', async () => {
    const ws = mathsWorkspace();
    const before = userFiles(ws);
    // The model takes a moment over its last answer, as a real one does.
    const last = { fault: 'stall' as const, afterEvents: 2, pauseMs: 500, content: [{ type: 'text' as const, text: 'Sum works.' }] };
    const { outcome, store } = await runInEditor(ws, [write('src/sum.js', WORKING_SUM), bash('npm test'), last], { task: '1' });
    expect(outcome.outcome).toBe('completed');
    const [first] = await store.list();
    const result = await store.restore(first!.id);
    expect(result.conflicts).toEqual([]);
    expect(userFiles(ws)).toEqual(before);
  });

  it('still refuses, changing nothing, when a person edited tasks.md after the run', async () => {
    const ws = mathsWorkspace(VERIFIED);
    const { store } = await runInEditor(ws, BOTH_TASKS, { all: true });
    appendFileSync(tasksPath(ws), '\n- [ ] 3. Subtract\n');
    const edited = userFiles(ws);
    const [first] = await store.list();

    const result = await store.restore(first!.id);

    expect(result.outcome).toBe('refused');
    expect(result.conflicts.map((c) => c.path)).toEqual(['.kiro/specs/maths/tasks.md']);
    expect(userFiles(ws)).toEqual(edited);
  });

  it('still refuses when a person edited tasks.md while the task ran, even though the runner then marked it [x]', async () => {
    const ws = mathsWorkspace(VERIFIED);
    const note = '\n<!-- keep: sum must also accept strings later -->\n';
    // The person's edit lands while the model writes its last answer.
    const script: Script = (_request, index) => {
      if (index === 1) appendFileSync(tasksPath(ws), note);
      return [write('src/sum.js', WORKING_SUM), say('Sum works.')][index]!;
    };
    const { outcome, store } = await runInEditor(ws, script, { task: '1' });
    expect(outcome.outcome).toBe('completed');
    expect(readFileSync(tasksPath(ws), 'utf8')).toBe(TASKS.replace('- [ ] 1.', '- [x] 1.') + note);
    const [first] = await store.list();

    const result = await store.restore(first!.id);

    expect(result.outcome).toBe('refused');
    expect(result.conflicts.map((c) => c.path)).toEqual(['.kiro/specs/maths/tasks.md']);
    expect(readFileSync(tasksPath(ws), 'utf8')).toContain(note);
  });
});

describe('from the CLI', () => {
  const cli = (ws: string, ...args: string[]) => runSpecwright(['--workspace', ws, ...args], { env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake!.url } });

  it('specwright run, then checkpoint restore of the first id: exit 0 and the workspace as it was', async () => {
    const ws = mathsWorkspace(VERIFIED);
    const before = userFiles(ws);
    fake = await startFakeAnthropic(BOTH_TASKS.slice(0, 2), { apiKey: API_KEY });
    const run = await cli(ws, 'run', 'maths', '--task', '1', '--trust');
    expect(run.code).toBe(0);
    expect(readFileSync(tasksPath(ws), 'utf8')).toContain('- [x] 1. Implement sum');

    const listed = await cli(ws, 'checkpoint', 'list', '--json');
    const [first] = (JSON.parse(listed.stdout) as { checkpoints: Array<{ id: string; task: string }> }).checkpoints;
    const restored = await cli(ws, 'checkpoint', 'restore', first!.id);

    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(userFiles(ws)).toEqual(before);
  });

  it('counts tasks set and spec documents written by the workflow as Specwright’s, a hand edit as the person’s', async () => {
    const ws = mathsWorkspace(VERIFIED);
    const before = userFiles(ws);
    const design = '# Design Document\n\n## Overview\n\nOne function, `sum(a, b)`, in src/sum.js.\n';
    fake = await startFakeAnthropic([...BOTH_TASKS.slice(0, 2), say(design)], { apiKey: API_KEY });
    expect((await cli(ws, 'run', 'maths', '--task', '1', '--trust')).code).toBe(0);
    expect((await cli(ws, 'tasks', 'set', 'maths', '2', 'done')).code).toBe(0);
    const next = await cli(ws, 'spec', 'next', 'maths', '--regenerate', 'design');
    expect(next.stderr).toBe('');
    expect(readFileSync(path.join(ws, '.kiro/specs/maths/design.md'), 'utf8')).toBe(design);
    const [first] = (JSON.parse((await cli(ws, 'checkpoint', 'list', '--json')).stdout) as { checkpoints: Array<{ id: string }> }).checkpoints;

    const dryRun = await cli(ws, 'checkpoint', 'restore', first!.id, '--dry-run');
    expect(dryRun.stdout).not.toMatch(/conflict|did not make/i);
    appendFileSync(path.join(ws, '.kiro/specs/maths/design.md'), '\nMy own note.\n');
    const refused = await cli(ws, 'checkpoint', 'restore', first!.id);
    expect(refused.code).toBe(1);
    const conflicts = refused.stdout.split('\n').filter((line) => line.includes('conflict:'));
    expect(conflicts).toEqual([expect.stringContaining('.kiro/specs/maths/design.md')]);
    expect(refused.stderr).toContain('(.kiro/specs/maths/design.md)');

    const forced = await cli(ws, 'checkpoint', 'restore', first!.id, '--force');
    expect(forced.code).toBe(0);
    expect(userFiles(ws)).toEqual(before);
  });
});
