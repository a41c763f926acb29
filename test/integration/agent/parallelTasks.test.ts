import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../../../src/core/activity';
import { CheckpointStore } from '../../../src/core/checkpoints';
import { testAgentService } from '../../support/agentHost';
import { runSpecwright } from '../../support/workspace';
import { startFakeAnthropic, type FakeAnthropic, type RecordedRequest, type ScriptedTurn } from '../../support/fakeAnthropic';
import { mathsWorkspace } from './fixture';

const API_KEY = 'sk-ant-test-parallel-7c1e';
let fake: FakeAnthropic | undefined;
const made: string[] = [];

afterEach(async () => {
  await fake?.close();
  fake = undefined;
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const say = (text: string): ScriptedTurn => ({ content: [{ type: 'text', text }] });
const write = (file: string, text: string): ScriptedTurn => ({ content: [{ type: 'tool_use', name: 'fs_write', input: { command: 'create', path: file, file_text: text } }] });
const read = (file: string): ScriptedTurn => ({ content: [{ type: 'tool_use', name: 'fs_read', input: { operations: [{ mode: 'Line', path: file }] } }] });

/** Which task a request works on: the title in its first message. */
const taskOf = (request: RecordedRequest) => /Write (alpha|beta)|Combine them/.exec(JSON.stringify(request.body?.messages[0]?.content ?? ''))?.[0] ?? null;
const turnOf = (request: RecordedRequest) => request.body!.messages.length;

/**
 * Holds the first request of each named task until all of them arrived (or `ms` passed): they can
 * only all arrive if the runner sent them at the same time.
 */
function barrier(names: string[], ms = 15_000) {
  const arrived = new Set<string>();
  const waiting: Array<() => void> = [];
  let allTogether = false;
  return {
    get allTogether() {
      return allTogether;
    },
    async wait(name: string): Promise<void> {
      arrived.add(name);
      if (names.every((n) => arrived.has(n))) {
        allTogether = true;
        for (const release of waiting.splice(0)) release();
        return;
      }
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        setTimeout(resolve, ms);
      });
    },
  };
}

function workspaceWith(tasks: string): { ws: string; home: string; store: CheckpointStore } {
  const ws = mathsWorkspace({ '.kiro/specs/maths/tasks.md': tasks, '.kiro/settings.json': JSON.stringify({ agent: { verifyCommand: 'node --version' } }) });
  const home = mkdtempSync(path.join(tmpdir(), 'sw-parallel-home-'));
  made.push(ws, home);
  return { ws, home, store: new CheckpointStore({ workspace: ws, gitDir: path.join(home, 'checkpoints') }) };
}

const logged = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as ActivityEvent);

const TASKS = `# Implementation Plan

- [ ] 1. Write alpha
  - Create src/alpha.js

- [ ] 2. Write beta
  - Create src/beta.js
  - _Depends: none_

- [ ] 3. Combine them
  - _Depends: 1, 2_
`;

describe('spec tasks side by side (run --all --parallel)', () => {
  it('runs two independent tasks at once in copies of their own, merges both, and starts the dependent task only after both are merged', async () => {
    const together = barrier(['Write alpha', 'Write beta']);
    let combineSaw: { alpha: boolean; beta: boolean } | null = null;
    let ws = '';
    fake = await startFakeAnthropic(
      async (request) => {
        const task = taskOf(request);
        const turn = turnOf(request);
        if (task === 'Write alpha' || task === 'Write beta') {
          const name = task === 'Write alpha' ? 'alpha' : 'beta';
          if (turn === 1) {
            await together.wait(task);
            return write(`src/${name}.js`, `module.exports = '${name}';\n`);
          }
          return say(`Wrote ${name}.`);
        }
        if (task === 'Combine them') {
          if (turn === 1) {
            combineSaw = { alpha: existsSync(path.join(ws, 'src/alpha.js')), beta: existsSync(path.join(ws, 'src/beta.js')) };
            return read('src/alpha.js');
          }
          if (turn === 3) return write('src/index.js', "module.exports = [require('./alpha'), require('./beta')];\n");
          return say('Combined.');
        }
        return say('?');
      },
      { apiKey: API_KEY },
    );
    const setup = workspaceWith(TASKS);
    ws = setup.ws;
    const agent = testAgentService({ env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url }, home: setup.home, checkpoints: setup.store, trustWorkspaceSettings: true });
    const prepared = await agent.prepare({ workspace: ws });
    const outcome = await agent.start(prepared, { spec: 'maths', selection: { kind: 'all' }, parallel: { limit: 4 } }).finished;

    expect(outcome.outcome).toBe('completed');
    // Both first requests were held until the other arrived: the tasks worked at the same time.
    expect(together.allTogether).toBe(true);
    // The dependent task started on the merged work of both, and read it in its own copy.
    expect(combineSaw).toEqual({ alpha: true, beta: true });
    const combine = fake.requests.filter((r) => r.path === '/v1/messages' && taskOf(r) === 'Combine them');
    expect(JSON.stringify(combine[1]!.body!.messages.at(-1))).toContain("module.exports = 'alpha'");

    // Every task's work is in the workspace; the status marks are exactly the runner's.
    expect(readFileSync(path.join(ws, 'src/alpha.js'), 'utf8')).toBe("module.exports = 'alpha';\n");
    expect(readFileSync(path.join(ws, 'src/beta.js'), 'utf8')).toBe("module.exports = 'beta';\n");
    expect(readFileSync(path.join(ws, 'src/index.js'), 'utf8')).toContain("require('./alpha')");
    expect(readFileSync(path.join(ws, '.kiro/specs/maths/tasks.md'), 'utf8')).toBe(TASKS.replace(/- \[ \]/g, '- [x]'));
    // The copies are gone once merged.
    expect(readdirSync(path.join(ws, '.kiro/.specwright/worktrees'))).toEqual([]);

    // A checkpoint before each merge: restoring it takes back exactly that task's work.
    const log = logged(outcome.logFile);
    const checkpoints = log.filter((e): e is Extract<ActivityEvent, { type: 'checkpoint_created' }> => e.type === 'checkpoint_created');
    expect(checkpoints.map((c) => c.task).sort()).toEqual(['1', '2', '3']);
    const beforeCombine = checkpoints.find((c) => c.task === '3')!;
    const plan = await setup.store.restore(beforeCombine.checkpointId, { dryRun: true });
    expect(plan.changes.map((c) => c.path)).toContain('src/index.js');
    expect(plan.changes.map((c) => c.path)).not.toContain('src/alpha.js');
    // Each task's steps ran in its copy: no file was written in the workspace before its merge.
    const started = log.filter((e) => e.type === 'task_started').map((e) => (e as { task: { id: string } }).task.id);
    expect(started.slice(0, 2).sort()).toEqual(['1', '2']);
    expect(started[2]).toBe('3');
  });

  it('stops a task whose work conflicts with a task merged before it: names the files, merges nothing of it, keeps its copy, and leaves its box open', async () => {
    const together = barrier(['Write alpha', 'Write beta']);
    let firstDone: string | null = null;
    fake = await startFakeAnthropic(
      async (request) => {
        const task = taskOf(request);
        const turn = turnOf(request);
        const name = task === 'Write alpha' ? 'alpha' : 'beta';
        if (turn === 1) {
          await together.wait(task!);
          return write('src/sum.js', `module.exports = '${name}';\n`);
        }
        // Alpha answers at once, beta a little later: alpha's merge comes first.
        if (name === 'beta') await new Promise((resolve) => setTimeout(resolve, 300));
        firstDone ??= name;
        return say(`Wrote ${name}.`);
      },
      { apiKey: API_KEY },
    );
    const tasks = TASKS.replace(/\n- \[ \] 3\.[\s\S]*$/, '\n');
    const { ws, home, store } = workspaceWith(tasks);
    const agent = testAgentService({ env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url }, home, checkpoints: store, trustWorkspaceSettings: true });
    const prepared = await agent.prepare({ workspace: ws });
    const outcome = await agent.start(prepared, { spec: 'maths', selection: { kind: 'all' }, parallel: {} }).finished;

    expect(together.allTogether).toBe(true);
    expect(outcome.outcome).toBe('failed');
    expect(firstDone).toBe('alpha');
    // The first merge stands whole; the second wrote nothing.
    expect(readFileSync(path.join(ws, 'src/sum.js'), 'utf8')).toBe("module.exports = 'alpha';\n");
    expect(readFileSync(path.join(ws, '.kiro/specs/maths/tasks.md'), 'utf8')).toBe(tasks.replace('- [ ] 1.', '- [x] 1.'));
    const finished = logged(outcome.logFile).filter((e): e is Extract<ActivityEvent, { type: 'task_finished' }> => e.type === 'task_finished');
    const beta = finished.find((e) => e.task.id === '2')!;
    expect(beta.status).toBe('failed');
    expect(beta.summary).toMatch(/Task 2 conflicts with changes merged into the workspace meanwhile, in src\/sum\.js: nothing of task 2 was merged/);
    // Its work is kept where the message says, for the person to look at.
    const folder = /kept in (\S+);/.exec(beta.summary)![1]!;
    expect(readFileSync(path.join(ws, folder, 'src/sum.js'), 'utf8')).toBe("module.exports = 'beta';\n");
  });

  it('stops every task under way on Stop: nothing merged, every box open again, the copies gone', async () => {
    const together = barrier(['Write alpha', 'Write beta']);
    // Set once the run has a handle: the model's second answer is where the person presses Stop.
    const person = { stop: () => undefined as void };
    fake = await startFakeAnthropic(
      async (request) => {
        const task = taskOf(request)!;
        if (turnOf(request) === 1) {
          await together.wait(task);
          return write(`src/${task.split(' ')[1]}.js`, '1;\n');
        }
        // Both have written in their copies: the person stops the run while the model thinks.
        person.stop();
        return { fault: 'hang' };
      },
      { apiKey: API_KEY },
    );
    const tasks = TASKS.replace(/\n- \[ \] 3\.[\s\S]*$/, '\n');
    const { ws, home, store } = workspaceWith(tasks);
    const agent = testAgentService({ env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url }, home, checkpoints: store, trustWorkspaceSettings: true });
    const handle = agent.start(await agent.prepare({ workspace: ws }), { spec: 'maths', selection: { kind: 'all' }, parallel: {} });
    person.stop = () => handle.stop();
    const outcome = await handle.finished;
    expect(together.allTogether).toBe(true);
    expect(outcome.outcome).toBe('stopped');
    expect(readFileSync(path.join(ws, '.kiro/specs/maths/tasks.md'), 'utf8')).toBe(tasks);
    expect(existsSync(path.join(ws, 'src/alpha.js')) || existsSync(path.join(ws, 'src/beta.js'))).toBe(false);
    expect(readdirSync(path.join(ws, '.kiro/.specwright/worktrees'))).toEqual([]);
    const finished = logged(outcome.logFile).filter((e): e is Extract<ActivityEvent, { type: 'task_finished' }> => e.type === 'task_finished');
    expect(finished.map((e) => [e.task.id, e.status]).sort()).toEqual([['1', 'stopped'], ['2', 'stopped']]);
  });

  it('keeps a plain tasks.md sequential: without _Depends:_ each task waits for the one before it', async () => {
    const spans: Array<{ task: string; start: number; end: number }> = [];
    fake = await startFakeAnthropic(
      async (request) => {
        const task = taskOf(request)!;
        const start = Date.now();
        await new Promise((resolve) => setTimeout(resolve, 150));
        spans.push({ task, start, end: Date.now() });
        return turnOf(request) === 1 ? write(`src/${task.split(' ')[1]}.js`, '1;\n') : say('done');
      },
      { apiKey: API_KEY },
    );
    const tasks = '# Implementation Plan\n\n- [ ] 1. Write alpha\n\n- [ ] 2. Write beta\n';
    const { ws, home, store } = workspaceWith(tasks);
    const agent = testAgentService({ env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url }, home, checkpoints: store, trustWorkspaceSettings: true });
    const outcome = await agent.start(await agent.prepare({ workspace: ws }), { spec: 'maths', selection: { kind: 'all' }, parallel: { limit: 6 } }).finished;
    expect(outcome.outcome).toBe('completed');
    const alphaEnd = Math.max(...spans.filter((s) => s.task === 'Write alpha').map((s) => s.end));
    const betaStart = Math.min(...spans.filter((s) => s.task === 'Write beta').map((s) => s.start));
    expect(betaStart).toBeGreaterThanOrEqual(alphaEnd);
  });

  it('refuses a _Depends:_ line naming a task that is not there, before anything runs', async () => {
    fake = await startFakeAnthropic([say('never')], { apiKey: API_KEY });
    const { ws, home } = workspaceWith('# Plan\n\n- [ ] 1. Write alpha\n  - _Depends: 7_\n');
    const agent = testAgentService({ env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url }, home, trustWorkspaceSettings: true });
    await expect(agent.start(await agent.prepare({ workspace: ws }), { spec: 'maths', selection: { kind: 'all' }, parallel: {} }).finished).rejects.toThrow(/Task 1 depends on task 7, which is not in tasks\.md/);
    expect(fake.requests.filter((r) => r.path === '/v1/messages')).toHaveLength(0);
  });

  it('from the CLI: --parallel N runs them side by side and exits 0; --parallel with --task is a usage error', async () => {
    const together = barrier(['Write alpha', 'Write beta']);
    fake = await startFakeAnthropic(
      async (request) => {
        const task = taskOf(request)!;
        if (turnOf(request) > 1) return say('done');
        await together.wait(task);
        return write(`src/${task.split(' ')[1]}.js`, '1;\n');
      },
      { apiKey: API_KEY },
    );
    const tasks = TASKS.replace(/\n- \[ \] 3\.[\s\S]*$/, '\n');
    const { ws, home } = workspaceWith(tasks);
    const env = { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url, HOME: home };
    const refused = await runSpecwright(['--workspace', ws, 'run', 'maths', '--task', '1', '--parallel'], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--parallel runs several top-level tasks side by side');
    const run = await runSpecwright(['--workspace', ws, 'run', 'maths', '--all', '--parallel', '2', '--trust', '--json'], { env });
    expect(run.code).toBe(0);
    expect(together.allTogether).toBe(true);
    expect(readFileSync(path.join(ws, '.kiro/specs/maths/tasks.md'), 'utf8')).toBe(tasks.replace(/- \[ \]/g, '- [x]'));
    expect(existsSync(path.join(ws, 'src/alpha.js')) && existsSync(path.join(ws, 'src/beta.js'))).toBe(true);
  });
});
