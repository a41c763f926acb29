/**
 * What the command sandbox costs: the time it adds to one command (start, mounts, namespaces,
 * the secrets scan), and the example task run with it and without it. Prints; asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCommand } from '../src/core/process';
import { prepareSandbox } from '../src/core/sandbox';

const COMMANDS = 60;
const TASK_RUNS = 3;
/** Goal for the time the sandbox adds to one command, on Linux. */
const ADDED_MS_GOAL = 30;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function exampleWorkspace(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'sw-bench-sandbox-'));
  cpSync(path.resolve('examples', 'todo-app'), root, { recursive: true });
  return root;
}

async function perCommand(): Promise<void> {
  const workspace = exampleWorkspace();
  const sandbox = await prepareSandbox({ workspace });
  try {
    if (sandbox.status.state !== 'on') {
      console.log(`per command: not measured, the sandbox is ${sandbox.status.state} here (${sandbox.status.reason})`);
      return;
    }
    const plain: number[] = [];
    const boxed: number[] = [];
    for (let i = 0; i < COMMANDS; i++) {
      // Alternate, so load on the machine falls on both alike.
      let started = performance.now();
      await runCommand({ command: 'true', cwd: workspace });
      plain.push(performance.now() - started);
      started = performance.now();
      await runCommand({ command: 'true', cwd: workspace, sandbox });
      boxed.push(performance.now() - started);
    }
    const added50 = percentile(boxed, 50) - percentile(plain, 50);
    const added95 = percentile(boxed, 95) - percentile(plain, 95);
    console.log(`per command (\`true\`, ${COMMANDS} runs, ${sandbox.status.mechanism}): unsandboxed p50 ${percentile(plain, 50).toFixed(1)} ms, p95 ${percentile(plain, 95).toFixed(1)} ms; sandboxed p50 ${percentile(boxed, 50).toFixed(1)} ms, p95 ${percentile(boxed, 95).toFixed(1)} ms`);
    console.log(`  added by the sandbox: p50 ${added50.toFixed(1)} ms (goal ≤ ${ADDED_MS_GOAL} ms: ${(added50 / ADDED_MS_GOAL).toFixed(2)}× the goal), p95 ${added95.toFixed(1)} ms (${(added95 / ADDED_MS_GOAL).toFixed(2)}×)`);
  } finally {
    await sandbox.dispose();
    rmSync(workspace, { recursive: true, force: true });
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
      rmSync(workspace, { recursive: true, force: true });
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
  await perCommand();
  exampleTask();
}
