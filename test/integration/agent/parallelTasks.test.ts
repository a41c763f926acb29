import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../../../src/core/activity';
import type { ApprovalGate } from '../../../src/core/approvals';
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

function workspaceWith(tasks: string, files: Record<string, string> = {}): { ws: string; home: string; store: CheckpointStore } {
  const ws = mathsWorkspace({ '.kiro/specs/maths/tasks.md': tasks, '.kiro/settings.json': JSON.stringify({ agent: { verifyCommand: 'node --version' } }), ...files });
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

/** Four tasks side by side: alpha and delta (and in one test gamma) each add their name to a shared list. */
const CREW_TASKS = `# Implementation Plan

- [ ] 1. Write alpha
  - Add alpha to src/list.js

- [ ] 2. Write beta
  - _Depends: none_

- [ ] 3. Write gamma
  - Add gamma to src/list.js
  - _Depends: none_

- [ ] 4. Write delta
  - Add delta to src/list.js
  - _Depends: none_
`;

/** The shared list, and a proof gate that checks it: an array, each name once. */
const LIST_FILES = {
  'src/list.js': 'module.exports = [];\n',
  'test/list.check.js': "const list = require('../src/list.js');\nif (!Array.isArray(list) || new Set(list).size !== list.length) process.exit(1);\n",
  '.kiro/settings.json': JSON.stringify({ agent: { verifyCommand: 'node test/list.check.js' } }),
};

const contents = (ws: string, file: string) => readFileSync(path.join(ws, file), 'utf8');
const runLogs = (ws: string) => {
  const dir = path.join(ws, '.kiro/.specwright/runs');
  return existsSync(dir) ? readdirSync(dir).map((name) => contents(dir, name)).join('') : '';
};

function deferred() {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Waits for a state the run reaches (polled), up to `ms`: the test then fails on what it finds rather than hangs. */
async function until(condition: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

/**
 * The model's side of the crew: each task writes its own file; the tasks in \`list\` then read
 * src/list.js in their copy and write it back with their name added to what they read, so an edit
 * made on a stale copy is one the merge must catch. \`hold\` delays an attempt's last answer (the
 * task then finishes, is verified and merged) until a state of the run is reached.
 */
function listCrew(options: { list: string[]; together: string[] }) {
  const together = barrier(options.together.map((n) => `Write ${n}`));
  const holds = new Map<string, () => Promise<void>>();
  const started = new Map<string, number>();
  const seen = new Map<string, string[][]>();
  const crew = {
    ws: '',
    together,
    seen,
    attempts: (name: string) => started.get(name) ?? 0,
    hold(name: string, attempt: number, until: () => Promise<void>) {
      holds.set(`${name}#${attempt}`, until);
    },
    async answer(request: RecordedRequest): Promise<ScriptedTurn> {
      const name = /Write (alpha|beta|gamma|delta)/.exec(JSON.stringify(request.body?.messages[0]?.content ?? ''))?.[1];
      if (!name) return say('?');
      const turn = turnOf(request);
      const edits = options.list.includes(name);
      if (turn === 1) {
        started.set(name, crew.attempts(name) + 1);
        if (crew.attempts(name) === 1 && options.together.includes(name)) await together.wait(`Write ${name}`);
        return write(`src/${name}.js`, `module.exports = '${name}';\n`);
      }
      if (turn === 3 && edits) return read('src/list.js');
      if (turn === 5 && edits) {
        const listed = /module\.exports = \[([^\]]*)\]/.exec(JSON.stringify(request.body!.messages.at(-1)))![1]!;
        const list = listed.split(',').map((item) => item.trim().replace(/^'|'$/g, '')).filter(Boolean);
        seen.set(name, [...(seen.get(name) ?? []), list]);
        return write('src/list.js', `module.exports = [${[...list, name].map((n) => `'${n}'`).join(', ')}];\n`);
      }
      await holds.get(`${name}#${crew.attempts(name)}`)?.();
      return say(`Wrote ${name}.`);
    },
  };
  return crew;
}

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

  it('runs a task whose work conflicts again on top of the merged workspace once the tasks beside it are done, proof-gated, and merges it', async () => {
    const crew = listCrew({ list: ['alpha', 'delta'], together: ['alpha', 'beta', 'gamma', 'delta'] });
    const rerunLogged = deferred();
    crew.hold('delta', 1, () => until(() => contents(crew.ws, 'src/list.js').includes("'alpha'")));
    // Gamma is still at work when delta conflicts: delta's re-run must wait for its merge.
    crew.hold('gamma', 1, () => rerunLogged.promise);
    fake = await startFakeAnthropic(crew.answer, { apiKey: API_KEY });
    const { ws, home, store } = workspaceWith(CREW_TASKS, LIST_FILES);
    crew.ws = ws;
    const agent = testAgentService({ env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url }, home, checkpoints: store, trustWorkspaceSettings: true });
    const onEvent = (event: ActivityEvent) => event.type === 'task_rerun' && rerunLogged.resolve();
    const outcome = await agent.start(await agent.prepare({ workspace: ws }), { spec: 'maths', selection: { kind: 'all' }, parallel: { limit: 4 }, onEvent }).finished;

    expect(crew.together.allTogether).toBe(true);
    expect(outcome.outcome).toBe('completed');
    // Both tasks' edits of the shared list are in, each once; every task's own file as written.
    expect(contents(ws, 'src/list.js')).toBe("module.exports = ['alpha', 'delta'];\n");
    for (const name of ['alpha', 'beta', 'gamma', 'delta']) expect(contents(ws, `src/${name}.js`)).toBe(`module.exports = '${name}';\n`);
    expect(contents(ws, '.kiro/specs/maths/tasks.md')).toBe(CREW_TASKS.replace(/- \[ \]/g, '- [x]'));
    expect(readdirSync(path.join(ws, '.kiro/.specwright/worktrees'))).toEqual([]);

    const log = logged(outcome.logFile);
    // The run's header says it runs side by side, and how many at once (the panel's lanes rest on it).
    expect(log[0]).toMatchObject({ type: 'run_started', sideBySide: { limit: 4 } });
    const reruns = log.filter((e): e is Extract<ActivityEvent, { type: 'task_rerun' }> => e.type === 'task_rerun');
    expect(reruns.map((e) => [e.task.id, e.files])).toEqual([['4', ['src/list.js']]]);
    expect(reruns[0]!.summary).toMatch(/Task 4 conflicts with changes merged into the workspace meanwhile, in src\/list\.js: nothing of it was merged/);
    // The re-run started only after gamma, at work when delta conflicted, was merged and done.
    const at = (match: (e: ActivityEvent) => boolean) => log.findIndex(match);
    const deltaStarts = log.flatMap((e, i) => (e.type === 'task_started' && e.task.id === '4' ? [i] : []));
    expect(deltaStarts).toHaveLength(2);
    expect(at((e) => e.type === 'task_rerun')).toBeLessThan(at((e) => e.type === 'task_finished' && e.task.id === '3'));
    expect(at((e) => e.type === 'task_finished' && e.task.id === '3')).toBeLessThan(deltaStarts[1]!);
    // The re-run worked in a fresh copy holding alpha's merged edit, and passed its proof gate there.
    expect(crew.seen.get('delta')).toEqual([[], ['alpha']]);
    expect(log.filter((e) => e.type === 'verification').map((e) => (e as { passed: boolean }).passed)).toEqual([true, true, true, true, true]);
    const finished = log.filter((e): e is Extract<ActivityEvent, { type: 'task_finished' }> => e.type === 'task_finished');
    expect(finished.map((e) => [e.task.id, e.status]).sort()).toEqual([['1', 'done'], ['2', 'done'], ['3', 'done'], ['4', 'done']]);
  });

  it('stops a task waiting for its re-run on Stop: its box open again, nothing of it merged, its copy gone', async () => {
    const crew = listCrew({ list: ['alpha', 'delta'], together: ['alpha', 'beta', 'gamma', 'delta'] });
    crew.hold('delta', 1, () => until(() => contents(crew.ws, 'src/list.js').includes("'alpha'")));
    // Gamma never finishes by itself: delta waits for it, and the person stops the run meanwhile.
    crew.hold('gamma', 1, () => new Promise(() => undefined));
    fake = await startFakeAnthropic(crew.answer, { apiKey: API_KEY });
    const { ws, home, store } = workspaceWith(CREW_TASKS, LIST_FILES);
    crew.ws = ws;
    const agent = testAgentService({ env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url }, home, checkpoints: store, trustWorkspaceSettings: true });
    const person = { stop: () => undefined as void };
    const handle = agent.start(await agent.prepare({ workspace: ws }), { spec: 'maths', selection: { kind: 'all' }, parallel: { limit: 4 }, onEvent: (event) => event.type === 'task_rerun' && person.stop() });
    person.stop = () => handle.stop();
    const outcome = await handle.finished;

    expect(outcome.outcome).toBe('stopped');
    expect(crew.attempts('delta')).toBe(1);
    const finished = logged(outcome.logFile).filter((e): e is Extract<ActivityEvent, { type: 'task_finished' }> => e.type === 'task_finished');
    const delta = finished.find((e) => e.task.id === '4')!;
    expect([delta.status, delta.summary]).toEqual(['stopped', 'Stopped before task 4 ran again: nothing of it was merged.']);
    expect(finished.find((e) => e.task.id === '3')?.status).toBe('stopped');
    expect(contents(ws, 'src/list.js')).toBe("module.exports = ['alpha'];\n");
    expect(existsSync(path.join(ws, 'src/delta.js'))).toBe(false);
    expect(contents(ws, '.kiro/specs/maths/tasks.md')).toContain('- [ ] 3. Write gamma');
    expect(contents(ws, '.kiro/specs/maths/tasks.md')).toContain('- [ ] 4. Write delta');
    expect(readdirSync(path.join(ws, '.kiro/.specwright/worktrees'))).toEqual([]);
  });

  it('from the CLI: stops a task that conflicts again after its re-run, names the files, keeps its copy, and merges nothing of it', async () => {
    // Gamma starts after beta, and beta finishes only once delta's first conflict is logged: gamma's
    // edit of the list lands while delta's re-run is at work.
    const tasks = CREW_TASKS.replace('- [ ] 3. Write gamma\n  - Add gamma to src/list.js\n  - _Depends: none_', '- [ ] 3. Write gamma\n  - Add gamma to src/list.js\n  - _Depends: 2_');
    expect(tasks).not.toBe(CREW_TASKS);
    const crew = listCrew({ list: ['alpha', 'gamma', 'delta'], together: ['alpha', 'beta', 'delta'] });
    crew.hold('delta', 1, () => until(() => contents(crew.ws, 'src/list.js').includes("'alpha'")));
    crew.hold('beta', 1, () => until(() => runLogs(crew.ws).includes('"type":"task_rerun"')));
    crew.hold('gamma', 1, () => until(() => crew.attempts('delta') === 2));
    crew.hold('delta', 2, () => until(() => contents(crew.ws, 'src/list.js').includes("'gamma'")));
    fake = await startFakeAnthropic(crew.answer, { apiKey: API_KEY });
    const { ws, home } = workspaceWith(tasks, LIST_FILES);
    crew.ws = ws;
    const run = await runSpecwright(['--workspace', ws, 'run', 'maths', '--all', '--parallel', '4', '--trust'], { env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url, HOME: home } });

    expect(run.code).toBe(1);
    expect(crew.attempts('delta')).toBe(2);
    // The terminal says so at the first conflict and at the second, with every file on a line.
    expect(run.stdout).toMatch(/↻ Task 4 conflicts with changes merged into the workspace meanwhile, in src\/list\.js: nothing of it was merged\. It runs again/);
    expect(run.stdout).toMatch(/Task 4 failed: Task 4 conflicts again, after running again on top of the merged workspace, in src\/list\.js: nothing of task 4 was merged/);
    expect(run.stdout).toContain('  ≠ src/list.js');
    expect(run.stdout).toMatch(/^Specwright · maths · 4 tasks · side by side, 4 at once · /m);
    // The other tasks' work is merged whole; nothing of delta's, not even the file no one else touched.
    expect(contents(ws, 'src/list.js')).toBe("module.exports = ['alpha', 'gamma'];\n");
    for (const name of ['alpha', 'beta', 'gamma']) expect(contents(ws, `src/${name}.js`)).toBe(`module.exports = '${name}';\n`);
    expect(existsSync(path.join(ws, 'src/delta.js'))).toBe(false);
    expect(contents(ws, '.kiro/specs/maths/tasks.md')).toBe(tasks.replace(/- \[ \] ([123])\./g, '- [x] $1.'));

    const logFile = /Run log: (\S+)/.exec(run.stdout)![1]!;
    const log = logged(logFile);
    const delta = log.find((e): e is Extract<ActivityEvent, { type: 'task_finished' }> => e.type === 'task_finished' && e.task.id === '4')!;
    expect(delta.status).toBe('failed');
    expect(delta.conflict?.files).toEqual(['src/list.js']);
    // The re-run's work is kept where the event says, for the person to compare.
    expect(contents(ws, path.join(delta.conflict!.kept, 'src/list.js'))).toBe("module.exports = ['alpha', 'delta'];\n");
    expect(contents(ws, path.join(delta.conflict!.kept, 'src/delta.js'))).toBe("module.exports = 'delta';\n");
    const finished = log.at(-1) as Extract<ActivityEvent, { type: 'run_finished' }>;
    expect(finished.outcome).toBe('failed');
    expect(finished.completedTasks.sort()).toEqual(['1', '2', '3']);
    expect(finished.summary).toContain(`Task 4 was not merged: it conflicts with the other tasks' work in src/list.js (its work is kept in ${delta.conflict!.kept})`);
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

  it('remembers "always allow" across the tasks side by side: a secrets file allowed for good in one task is not asked again in another', async () => {
    const alphaRead = deferred();
    fake = await startFakeAnthropic(
      async (request) => {
        const task = taskOf(request);
        const turn = turnOf(request);
        if (task === 'Write alpha') {
          if (turn === 1) return read('.env');
          alphaRead.resolve();
          return say('Read it.');
        }
        // beta reads the same file only once alpha's read was allowed for good.
        if (turn === 1) {
          await alphaRead.promise;
          return read('.env');
        }
        return say('Read it too.');
      },
      { apiKey: API_KEY },
    );
    const tasks = TASKS.replace(/\n- \[ \] 3\.[\s\S]*$/, '\n');
    const { ws, home, store } = workspaceWith(tasks, { '.env': 'TOKEN=parallel\n' });
    const asked: string[] = [];
    const approvals: ApprovalGate = {
      request: async (request) => {
        asked.push(request.reason);
        return { outcome: asked.length === 1 ? 'always' : 'approved' };
      },
    };
    const agent = testAgentService({ env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url }, home, checkpoints: store, trustWorkspaceSettings: true, approvals });
    const outcome = await agent.start(await agent.prepare({ workspace: ws }), { spec: 'maths', selection: { kind: 'all' }, parallel: {} }).finished;

    expect(outcome.outcome).toBe('completed');
    expect(asked).toEqual([expect.stringMatching(/^reading \.env needs your approval: it is a secrets file/)]);
    // Both tasks read it: beta's read was allowed by the grant, in its own copy.
    const results = fake.requests.filter((r) => r.path === '/v1/messages' && turnOf(r) === 3).map((r) => JSON.stringify(r.body!.messages.at(-1)));
    expect(results).toHaveLength(2);
    for (const result of results) expect(result).not.toMatch(/needs your approval|rejected/);
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
