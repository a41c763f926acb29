/**
 * Usage figures: `specwright usage` over 1,000 generated run logs (about 40 KB each: a run of three
 * tasks with steps, tool calls, command output and diffs, as RunLog writes them) and a ledger of
 * 2,000 calls: time to read and aggregate everything, and with --since (older logs left unread).
 * Prints; asserts nothing.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { aggregateUsage, collectUsage, UsageLedger } from '../src/core/usage';

const RUN_LOGS = 1_000;
/** Target: the whole history summed in well under a second, so a view can refresh it on demand. */
const TARGET_MS = 500;

export async function benchUsage(): Promise<void> {
  const state = mkdtempSync(path.join(os.tmpdir(), 'sw-bench-usage-'));
  try {
    const bytes = writeRunLogs(state);
    const ledger = new UsageLedger(state);
    const usage = { inputTokens: 2_000, outputTokens: 600, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0.015 };
    for (let i = 0; i < 2_000; i++) ledger.append({ time: new Date(Date.UTC(2026, 0, 1 + (i % 90))).toISOString(), source: i % 2 ? 'spec' : 'commit-message', model: 'claude-sonnet-5-5', spec: `spec-${i % 20}`, task: null, hook: null, runId: null, usage });
    console.log(`usage: ${RUN_LOGS} run logs (${(bytes / 1024 / 1024).toFixed(1)} MB) and a ledger of 2,000 calls; load average ${loadAverage()}`);
    for (const by of ['day', 'task'] as const) {
      const times: number[] = [];
      let records = 0;
      for (let round = 0; round < 5; round++) {
        const t = performance.now();
        const collected = await collectUsage([state]);
        aggregateUsage(collected.records, { by });
        times.push(performance.now() - t);
        records = collected.records.length;
      }
      const median = [...times].sort((a, b) => a - b)[2]!;
      console.log(`  read and aggregate by ${by}: median ${median.toFixed(0)} ms over 5 rounds, ${records.toLocaleString('en-US')} calls (target ≤ ${TARGET_MS} ms, ratio ${(median / TARGET_MS).toFixed(2)})`);
    }
    const t = performance.now();
    const recent = await collectUsage([state], { since: new Date(Date.UTC(2026, 2, 1)) });
    console.log(`  --since (the last month of 90 days): ${(performance.now() - t).toFixed(0)} ms, ${recent.files} files read`);
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
}

export function loadAverage(): string {
  return `${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`;
}

/** Run logs spread over 90 days, each file's mtime its last event, as on a real disk. */
function writeRunLogs(state: string): number {
  const runs = path.join(state, 'runs');
  mkdirSync(runs, { recursive: true });
  let bytes = 0;
  const output = 'PASS test/sum.test.js\n  ✓ adds (2 ms)\n'.repeat(12);
  const diff = ['--- a/src/sum.js', '+++ b/src/sum.js', '@@ -1,3 +1,5 @@', ...Array.from({ length: 30 }, (_, i) => `+export const value${i} = compute(${i});`)].join('\n');
  for (let r = 0; r < RUN_LOGS; r++) {
    const start = Date.UTC(2026, 0, 1) + (r / RUN_LOGS) * 90 * 86_400_000;
    const runId = `run-${r}`;
    const lines: string[] = [];
    let seq = 0;
    const event = (type: string, fields: Record<string, unknown>) => lines.push(JSON.stringify({ runId, seq: seq++, time: new Date(start + seq * 1000).toISOString(), type, ...fields }));
    const tasks = [1, 2, 3].map((id) => ({ spec: `spec-${r % 20}`, id: String(id), title: `Task ${id} of run ${r}` }));
    event('run_started', { workspace: '/w', model: 'claude-sonnet-5-5', autonomy: 'balanced', mode: 'autonomous', tasks });
    for (const task of tasks) {
      event('task_started', { task });
      for (let step = 1; step <= 4; step++) {
        event('assistant_text', { text: 'Reading the module, then writing the change and running the tests.' });
        event('tool_call', { toolUseId: `t${step}`, tool: 'execute_bash', input: { command: 'npm test' }, summary: 'Running: npm test' });
        event('command_output', { commandId: `c${step}`, stream: 'stdout', text: output });
        event('file_written', { path: 'src/sum.js', change: 'modified', added: 30, removed: 0, diff });
        event('usage', { step, usage: { inputTokens: 300, outputTokens: 400, cacheReadTokens: 12_000 * step, cacheWriteTokens: 1_500, costUsd: 0.02 }, total: { inputTokens: 300 * step, outputTokens: 400 * step, cacheReadTokens: 12_000 * step, cacheWriteTokens: 1_500 * step, costUsd: 0.02 * step } });
      }
      event('task_finished', { task, status: 'done', summary: 'Done.' });
    }
    event('run_finished', { outcome: 'completed', summary: 'Done.', completedTasks: ['1', '2', '3'] });
    const text = lines.join('\n') + '\n';
    const file = path.join(runs, `${runId}.jsonl`);
    writeFileSync(file, text);
    const last = new Date(start + seq * 1000);
    utimesSync(file, last, last);
    bytes += text.length;
  }
  return bytes;
}
