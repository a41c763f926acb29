import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ActivityEventInput } from '../src/core/activity';
import { startWorkspaceHooks, type CommandPolicy } from '../src/core/hooks';
import { prepareSandbox, unsandboxed } from '../src/core/sandbox';

/**
 * Hook figures, printed (not asserted):
 * 1. save → action start latency over ~30 saves, with debounce 0 and the default 300 ms; both to the
 *    moment the dispatcher starts the command and to the moment the hook's shell is running.
 *    Target: p95 ≤ 150 ms beyond the debounce.
 * 2. a watcher over a generated 100,000-file tree: time to ready, RSS, and CPU used over 5 s idle.
 *    Targets: ~0 % CPU when idle; RSS growth in the tens of MB (one fs.watch per folder, not per file).
 */
export async function benchHooks(): Promise<void> {
  console.log('hooks: save → action start (real chokidar watcher, real bash)');
  for (const debounceMs of [0, 300]) await benchLatency(debounceMs, 30);
  await benchIdleWatcher(100_000);
}

const allow: CommandPolicy = () => ({ decision: 'allow', reason: 'bench' });

async function benchLatency(debounceMs: number, saves: number): Promise<void> {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'sw-bench-hooks-'));
  mkdirSync(path.join(workspace, '.kiro', 'hooks'), { recursive: true });
  writeFileSync(path.join(workspace, 'watched.ts'), '');
  // The command prints the wall clock in ms the moment the shell runs it.
  writeFileSync(
    path.join(workspace, '.kiro', 'hooks', 'bench.json'),
    JSON.stringify({ version: 'v1', hooks: [{ name: 'bench', trigger: 'PostFileSave', matcher: '^watched\\.ts$', action: { type: 'command', command: 'echo "$(($(date +%s%N)/1000000))"' } }] }),
  );
  let onEvent: (event: ActivityEventInput, at: number) => void = () => {};
  // Hook commands run sandboxed, as they do for users: the figure includes starting the sandbox.
  const sandbox = await prepareSandbox({ workspace });
  const hooks = await startWorkspaceHooks({ workspace, trusted: true, debounceMs, sandbox, commandPolicy: allow, emit: (e) => onEvent(e, Date.now()) });
  const toDispatch: number[] = [];
  const toShell: number[] = [];
  try {
    for (let i = 0; i < saves; i++) {
      const run = new Promise<{ started: number; shellAt: number }>((resolve) => {
        let started = 0;
        let shellAt = 0;
        onEvent = (event, at) => {
          if (event.type === 'command_started') started = at;
          if (event.type === 'command_output' && !shellAt) shellAt = Number(event.text.trim());
          if (event.type === 'hook_finished') resolve({ started, shellAt });
        };
      });
      const savedAt = Date.now();
      writeFileSync(path.join(workspace, 'watched.ts'), `export const n = ${i};\n`);
      const { started, shellAt } = await run;
      toDispatch.push(started - savedAt - debounceMs);
      toShell.push(shellAt - savedAt - debounceMs);
      await hooks.dispatcher.whenIdle();
      // A pause between saves, so each is its own run and not coalesced with the last.
      await sleep(60);
    }
  } finally {
    await hooks.close();
    await sandbox.dispose();
    rmSync(workspace, { recursive: true, force: true });
  }
  console.log(`  debounce ${debounceMs} ms, ${saves} saves, latency beyond the debounce:`);
  console.log(`    to command start: p50 ${percentile(toDispatch, 50)} ms, p95 ${percentile(toDispatch, 95)} ms, max ${Math.max(...toDispatch)} ms`);
  console.log(`    to shell running: p50 ${percentile(toShell, 50)} ms, p95 ${percentile(toShell, 95)} ms, max ${Math.max(...toShell)} ms`);
}

async function benchIdleWatcher(files: number): Promise<void> {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'sw-bench-tree-'));
  const perFolder = 100;
  const generatedAt = Date.now();
  for (let i = 0; i < files; i++) {
    const dir = path.join(workspace, `pkg${Math.floor(i / 10_000)}`, `mod${Math.floor(i / perFolder) % 100}`);
    if (i % perFolder === 0) mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `file${i % perFolder}.ts`), '');
  }
  console.log(`hooks: idle watcher over ${files.toLocaleString('en')} files in ${Math.ceil(files / perFolder).toLocaleString('en')} folders (generated in ${((Date.now() - generatedAt) / 1000).toFixed(1)} s)`);
  const rssBefore = process.memoryUsage().rss;
  const readyStart = Date.now();
  const errors: string[] = [];
  // Nothing runs here, so no sandbox is needed to watch.
  const hooks = await startWorkspaceHooks({ workspace, trusted: true, commandPolicy: allow, sandbox: unsandboxed({ state: 'off', reason: 'no commands run in this bench', allowedDomains: [] }), onWatchError: (e) => errors.push(e.message) });
  try {
    const readyMs = Date.now() - readyStart;
    await sleep(1000);
    const cpuStart = process.cpuUsage();
    const wallStart = process.hrtime.bigint();
    await sleep(5000);
    const cpu = process.cpuUsage(cpuStart);
    const wallMs = Number(process.hrtime.bigint() - wallStart) / 1e6;
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const rss = process.memoryUsage().rss;
    console.log(`  ready in ${(readyMs / 1000).toFixed(1)} s`);
    console.log(`  idle CPU over ${(wallMs / 1000).toFixed(1)} s: ${cpuMs.toFixed(1)} ms (${((cpuMs / wallMs) * 100).toFixed(2)} % of one core)`);
    console.log(`  RSS: ${mb(rss)} MB with the watcher (${mb(rssBefore)} MB before it, +${mb(rss - rssBefore)} MB)`);
    if (errors.length) console.log(`  watcher errors: ${errors.length} (first: ${errors[0]})`);
  } finally {
    await hooks.close();
    rmSync(workspace, { recursive: true, force: true });
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
