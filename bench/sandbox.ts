/**
 * What the command sandbox costs: the time it adds to one command (start, mounts, namespaces, the
 * look for secrets files) in a small, a 10,000-file and a 100,000-file workspace, how many directory
 * reads and stats each command pays for that look, and how long the event loop stalls meanwhile
 * (the VS Code extension host runs these); then the example task run with it and without it.
 * Prints; asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { runCommand } from '../src/core/process';
import { prepareSandbox } from '../src/core/sandbox';

const TASK_RUNS = 3;
/** Goal for the time the sandbox adds to one command, on Linux. */
const ADDED_MS_GOAL = 30;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function exampleWorkspace(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-bench-sandbox-'));
  fs.cpSync(path.resolve('examples', 'todo-app'), root, { recursive: true });
  ageFolders(root);
  return root;
}

/**
 * The example workspace plus `files` generated source files, ten to a folder, folders ten to a
 * parent (a 100,000-file tree has about 11,000 folders), with a few secrets files among them.
 */
function generatedWorkspace(files: number): string {
  const root = exampleWorkspace();
  const perDir = 10;
  const leaves = Math.ceil(files / perDir);
  for (let leaf = 0; leaf < leaves; leaf++) {
    const parts: string[] = [];
    for (let n = leaf; ; n = Math.floor(n / 10)) {
      parts.unshift(`d${n % 10}`);
      if (n < 10) break;
    }
    const dir = path.join(root, 'generated', ...parts);
    fs.mkdirSync(dir, { recursive: true });
    for (let f = 0; f < perDir && leaf * perDir + f < files; f++) fs.writeFileSync(path.join(dir, `m${f}.ts`), `export const v${f} = ${leaf};\n`);
    if (leaf % 997 === 0) fs.writeFileSync(path.join(dir, '.env'), 'TOKEN=bench\n');
  }
  ageFolders(root);
  return root;
}

/**
 * Sets every folder's times an hour back, as in a checkout nobody touched in the last seconds (a
 * folder changed within 3 seconds is read again before each command, which a fresh tree would pay for
 * every folder).
 */
function ageFolders(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) ageFolders(path.join(dir, entry.name));
  const old = new Date(Date.now() - 3_600_000);
  fs.utimesSync(dir, old, old);
}

/** Counts the directory reads and stats made through `node:fs` while `fn` runs (sync, callback and promise forms). */
async function countingFsCalls<T>(fn: () => Promise<T>): Promise<{ result: T; readdir: number; stat: number }> {
  const counts = { readdir: 0, stat: 0 };
  const restore: (() => void)[] = [];
  const wrap = (target: Record<string, unknown>, name: string, kind: 'readdir' | 'stat') => {
    const original = target[name] as (...args: unknown[]) => unknown;
    target[name] = function (this: unknown, ...args: unknown[]) {
      counts[kind]++;
      return original.apply(this, args);
    };
    restore.push(() => (target[name] = original));
  };
  // The module object itself (a default import), which every bundled `import { x } from 'node:fs'` reads at call time.
  const sync = fs as unknown as Record<string, unknown>;
  const promises = fs.promises as unknown as Record<string, unknown>;
  for (const name of ['readdirSync', 'readdir', 'opendirSync', 'opendir']) wrap(sync, name, 'readdir');
  for (const name of ['statSync', 'lstatSync', 'stat', 'lstat']) wrap(sync, name, 'stat');
  for (const name of ['readdir', 'opendir']) wrap(promises, name, 'readdir');
  for (const name of ['stat', 'lstat']) wrap(promises, name, 'stat');
  try {
    const result = await fn();
    return { result, ...counts };
  } finally {
    for (const undo of restore) undo();
  }
}

async function perCommand(label: string, workspace: string, commands: number): Promise<void> {
  const sandbox = await prepareSandbox({ workspace });
  try {
    if (sandbox.status.state !== 'on') {
      console.log(`per command: not measured, the sandbox is ${sandbox.status.state} here (${sandbox.status.reason})`);
      return;
    }
    // The first command pays for anything done once per sandbox; it is reported on its own.
    let started = performance.now();
    const first = await countingFsCalls(() => runCommand({ command: 'true', cwd: workspace, sandbox }));
    const firstMs = performance.now() - started;
    const plain: number[] = [];
    const boxed: number[] = [];
    const fsCalls = { readdir: 0, stat: 0 };
    const stall = monitorEventLoopDelay({ resolution: 1 });
    for (let i = 0; i < commands; i++) {
      // Alternate, so load on the machine falls on both alike.
      started = performance.now();
      await runCommand({ command: 'true', cwd: workspace });
      plain.push(performance.now() - started);
      started = performance.now();
      stall.enable();
      const counted = await countingFsCalls(() => runCommand({ command: 'true', cwd: workspace, sandbox }));
      stall.disable();
      boxed.push(performance.now() - started);
      fsCalls.readdir += counted.readdir;
      fsCalls.stat += counted.stat;
    }
    // What Specwright itself spends before bubblewrap starts (the look for secrets, the layout, the environment).
    const wraps: number[] = [];
    let args = 0;
    for (let i = 0; i < Math.min(commands, 20); i++) {
      started = performance.now();
      const wrapped = await sandbox.wrap({ command: 'true', cwd: workspace, env: process.env });
      wraps.push(performance.now() - started);
      wrapped.release();
      args = wrapped.args.length;
    }
    const added50 = percentile(boxed, 50) - percentile(plain, 50);
    const added95 = percentile(boxed, 95) - percentile(plain, 95);
    console.log(`${label} (\`true\`, ${commands} runs, ${sandbox.status.mechanism}): unsandboxed p50 ${percentile(plain, 50).toFixed(1)} ms, p95 ${percentile(plain, 95).toFixed(1)} ms; sandboxed p50 ${percentile(boxed, 50).toFixed(1)} ms, p95 ${percentile(boxed, 95).toFixed(1)} ms`);
    console.log(`  added by the sandbox: p50 ${added50.toFixed(1)} ms (goal ≤ ${ADDED_MS_GOAL} ms: ${(added50 / ADDED_MS_GOAL).toFixed(2)}× the goal), p95 ${added95.toFixed(1)} ms (${(added95 / ADDED_MS_GOAL).toFixed(2)}×)`);
    console.log(`  preparing one command (look for secrets, layout, environment): p50 ${percentile(wraps, 50).toFixed(1)} ms, p95 ${percentile(wraps, 95).toFixed(1)} ms; ${args} bubblewrap arguments`);
    console.log(`  fs calls per command: ${(fsCalls.readdir / commands).toFixed(1)} directory reads, ${(fsCalls.stat / commands).toFixed(1)} stats; first command ${firstMs.toFixed(0)} ms (${first.readdir} reads, ${first.stat} stats); longest event-loop stall while sandboxed ${(stall.max / 1e6).toFixed(1)} ms`);
  } finally {
    await sandbox.dispose();
  }
}

/**
 * The demo's task (examples/todo-app, task 1 on its recorded replay: edits and `npm test` for real),
 * with --yes both ways: without the sandbox the conservative policy asks about the test run.
 */
function exampleTask(): void {
  const cli = path.resolve('dist', 'cli.js');
  const replay = path.resolve('examples', 'replays', 'todo-cli-task-1.json');
  const timings: Record<'on' | 'off', number[]> = { on: [], off: [] };
  for (let i = 0; i < TASK_RUNS; i++) {
    for (const mode of ['on', 'off'] as const) {
      const workspace = exampleWorkspace();
      const started = performance.now();
      const env = { ...process.env, ...(mode === 'off' ? { SPECWRIGHT_SANDBOX: 'off' } : {}) };
      const result = spawnSync(process.execPath, [cli, '--workspace', workspace, 'run', 'todo-cli', '--task', '1', '--replay', replay, '--yes', '--json'], { env, encoding: 'utf8' });
      timings[mode].push(performance.now() - started);
      fs.rmSync(workspace, { recursive: true, force: true });
      if (result.status !== 0) {
        console.log(`example task with the sandbox ${mode}: the run failed (exit ${result.status}); ${result.stderr.trim().split('\n')[0] ?? ''}`);
        return;
      }
    }
  }
  const on = percentile(timings.on, 50);
  const off = percentile(timings.off, 50);
  console.log(`example task (todo-cli task 1, replayed model, ${TASK_RUNS} runs each, median): sandbox on ${(on / 1000).toFixed(2)} s, off ${(off / 1000).toFixed(2)} s (${(on / off).toFixed(2)}×, +${((on - off) / 1000).toFixed(2)} s)`);
}

export async function benchSandbox(): Promise<void> {
  console.log('\n## Command sandbox');
  const workspaces: [string, number, number][] = [
    ['small workspace (the example)', 0, 60],
    ['10,000-file workspace', 10_000, 40],
    ['100,000-file workspace', 100_000, 20],
  ];
  for (const [label, files, commands] of workspaces) {
    const started = performance.now();
    const workspace = files ? generatedWorkspace(files) : exampleWorkspace();
    const made = files ? ` (generated in ${((performance.now() - started) / 1000).toFixed(1)} s)` : '';
    try {
      await perCommand(`per command, ${label}${made}`, workspace, commands);
    } finally {
      fs.rmSync(workspace, { recursive: true, force: true });
    }
  }
  exampleTask();
}
