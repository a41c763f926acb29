import type { ActivityEvent } from '../../../src/core/activity';

/**
 * A long run for volume tests: `count` events cycling through reads, writes with diffs, commands with
 * output, test results, agent text and usage, the mix a real multi-hour run produces. Deterministic.
 */
export function syntheticRun(count: number, runId = 'run-long'): ActivityEvent[] {
  const events: ActivityEvent[] = [];
  const start = Date.parse('2025-11-21T08:00:00.000Z');
  let seq = 0;
  const base = () => ({ runId, seq, time: new Date(start + seq * 400).toISOString() });
  while (seq < count) {
    const n = seq;
    const file = `src/module${n % 97}/file${n % 13}.ts`;
    const cmd = `cmd-${n}`;
    const cycle: ActivityEvent[] = [];
    const push = (make: () => ActivityEvent) => {
      if (seq < count) {
        cycle.push(make());
        seq += 1;
      }
    };
    push(() => ({ ...base(), type: 'file_read', path: file }));
    push(() => ({ ...base(), type: 'assistant_text', text: `Step ${n}: updating ${file} so the handler validates its input before saving.` }));
    push(() => ({
      ...base(),
      type: 'file_written',
      path: file,
      change: 'modified',
      added: 2,
      removed: 1,
      diff: `--- a/${file}\n+++ b/${file}\n@@ -1,3 +1,4 @@\n import { z } from 'zod';\n-export const value = ${n};\n+export const value = ${n + 1};\n+export const checked = true;\n`,
    }));
    push(() => ({ ...base(), type: 'command_started', commandId: cmd, command: 'npm test -- --run', cwd: '/home/dev/app' }));
    push(() => ({ ...base(), type: 'command_output', commandId: cmd, stream: 'stdout', text: ` ✓ test/module${n % 97}.test.ts (4 tests) 8ms\n` }));
    push(() => ({ ...base(), type: 'command_finished', commandId: cmd, exitCode: n % 11 === 0 ? 1 : 0, signal: null, durationMs: 900, timedOut: false }));
    push(() => ({ ...base(), type: 'test_result', command: 'npm test -- --run', passed: 4, failed: n % 11 === 0 ? 1 : 0, skipped: 0 }));
    push(() => ({
      ...base(),
      type: 'usage',
      step: n,
      usage: { inputTokens: 1200, outputTokens: 300, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0.006 },
      total: { inputTokens: 1200 * (n + 1), outputTokens: 300 * (n + 1), cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0.006 * (n + 1) },
    }));
    events.push(...cycle);
  }
  return events;
}
