/**
 * Spec tasks side by side: wall time of N independent tasks (`_Depends: none_`) on the fake Messages
 * server with a fixed latency per request, one after another vs `--parallel`, as a ratio (goal ≥ 4×
 * for 6 tasks at 2 s), and side by side again with two of them writing one file, so the one merged
 * second is re-run; and what a task's own worktree costs: creating it and merging it back, in a
 * workspace of 500 files, and a conflict's share of a re-run (finding it, the fresh copy).
 * Prints; asserts nothing.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TaskWorktree } from '../src/core/checkpoints';
import { startFakeAnthropic, type ScriptedTurn } from '../test/support/fakeAnthropic';
import { testAgentService } from '../test/support/agentHost';

const TASKS = 6;
const LATENCY_MS = 2_000;
const API_KEY = 'bench-key';

function writeAll(root: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
}

/** A workspace whose spec has N tasks that depend on nothing, and `extra` files beside it. */
function workspace(extraFiles = 0): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'sw-bench-parallel-'));
  const tasks = ['# Implementation Plan', ''];
  for (let i = 1; i <= TASKS; i++) tasks.push(`- [ ] ${i}. Write module m${i}`, '  - _Depends: none_', '');
  const files: Record<string, string> = {
    'package.json': '{ "name": "bench", "private": true }\n',
    '.kiro/specs/bench/requirements.md': '# Requirements\n',
    '.kiro/specs/bench/tasks.md': tasks.join('\n'),
    '.kiro/settings.json': JSON.stringify({ agent: { verifyCommand: 'node --version' } }),
  };
  for (let i = 0; i < extraFiles; i++) files[`src/lib/file${i}.js`] = `export const v${i} = ${i};\n`.repeat(20);
  writeAll(root, files);
  return root;
}

/** Modules that write one file beside their own when `conflict` is asked for: the one merged second runs again. */
const SHARING = ['m1', 'm6'];

async function wallTime(parallel: boolean, conflict = false): Promise<number> {
  const fake = await startFakeAnthropic(async (request): Promise<ScriptedTurn> => {
    await new Promise((resolve) => setTimeout(resolve, LATENCY_MS));
    const module = /Write module (m\d+)/.exec(JSON.stringify(request.body?.messages[0]?.content ?? ''))?.[1] ?? 'mx';
    const file = conflict && SHARING.includes(module) ? 'src/shared.js' : `src/${module}.js`;
    if (request.body!.messages.length === 1) return { content: [{ type: 'tool_use', name: 'fs_write', input: { command: 'create', path: file, file_text: `export const ${module} = 1;\n` } }] };
    return { content: [{ type: 'text', text: `Wrote ${module}.` }] };
  }, { apiKey: API_KEY });
  const ws = workspace();
  const home = mkdtempSync(path.join(os.tmpdir(), 'sw-bench-parallel-home-'));
  try {
    const agent = testAgentService({ env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url }, home, trustWorkspaceSettings: true });
    const started = performance.now();
    const outcome = await agent.start(await agent.prepare({ workspace: ws }), { spec: 'bench', selection: { kind: 'all' }, ...(parallel ? { parallel: { limit: TASKS } } : {}) }).finished;
    const elapsed = performance.now() - started;
    if (outcome.completed.length !== TASKS) throw new Error(`only ${outcome.completed.length} of ${TASKS} tasks were done (${outcome.outcome})`);
    const reruns = readFileSync(outcome.logFile, 'utf8').split('"type":"task_rerun"').length - 1;
    if (reruns !== (conflict ? 1 : 0)) throw new Error(`${reruns} re-runs where ${conflict ? 1 : 0} was expected`);
    return elapsed;
  } finally {
    await fake.close();
    rmSync(ws, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  }
}

async function worktreeCost(): Promise<void> {
  const ws = workspace(500);
  try {
    const create: number[] = [];
    const merge: number[] = [];
    for (let i = 1; i <= TASKS; i++) {
      let t = performance.now();
      const copy = await TaskWorktree.create(ws, path.join(ws, '.kiro/.specwright/worktrees', `bench-${i}`));
      create.push(performance.now() - t);
      writeFileSync(path.join(copy.dir, `src/m${i}.js`), `export const m${i} = 1;\n`);
      t = performance.now();
      const merged = await copy.mergeInto();
      merge.push(performance.now() - t);
      if (merged.kind !== 'merged') throw new Error('unexpected conflict');
      await copy.remove();
    }
    const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    console.log(`worktree per task (500 files): create median ${median(create).toFixed(0)} ms, merge back median ${median(merge).toFixed(0)} ms`);

    // A re-run's overhead beyond the task's own work again: the merge that finds the conflict (and
    // writes nothing), then a fresh copy of the merged workspace.
    const found: number[] = [];
    const fresh: number[] = [];
    for (let i = 1; i <= TASKS; i++) {
      const first = await TaskWorktree.create(ws, path.join(ws, '.kiro/.specwright/worktrees', `bench-a${i}`));
      const second = await TaskWorktree.create(ws, path.join(ws, '.kiro/.specwright/worktrees', `bench-b${i}`));
      writeFileSync(path.join(first.dir, 'src/lib/file0.js'), `export const first = ${i};\n`);
      writeFileSync(path.join(second.dir, 'src/lib/file0.js'), `export const second = ${i};\n`);
      if ((await first.mergeInto()).kind !== 'merged') throw new Error('unexpected conflict');
      let t = performance.now();
      if ((await second.mergeInto()).kind !== 'conflict') throw new Error('expected a conflict');
      found.push(performance.now() - t);
      t = performance.now();
      const again = await TaskWorktree.create(ws, path.join(ws, '.kiro/.specwright/worktrees', `bench-c${i}`));
      fresh.push(performance.now() - t);
      await Promise.all([first.remove(), second.remove(), again.remove()]);
    }
    console.log(`a conflict's share of a re-run (500 files): finding it median ${median(found).toFixed(0)} ms, the fresh copy median ${median(fresh).toFixed(0)} ms`);
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
}

export async function benchParallelTasks(): Promise<void> {
  console.log(`\n## Spec tasks side by side (${TASKS} independent tasks, ${LATENCY_MS / 1000} s per model request, 2 requests each)`);
  const serial = await wallTime(false);
  const parallel = await wallTime(true);
  const ratio = serial / parallel;
  console.log(`one after another: ${(serial / 1000).toFixed(1)} s`);
  console.log(`side by side (--parallel ${TASKS}): ${(parallel / 1000).toFixed(1)} s`);
  console.log(`speed-up: ${ratio.toFixed(2)}× (goal ≥ 4×: ${ratio >= 4 ? 'met' : 'not met'})`);
  const withRerun = await wallTime(true, true);
  console.log(`side by side, two tasks writing one file (the one merged second re-run): ${(withRerun / 1000).toFixed(1)} s (+${((withRerun - parallel) / 1000).toFixed(1)} s)`);
  await worktreeCost();
}
