import { readFileSync } from 'node:fs';
import { expect, vi } from 'vitest';

/**
 * True while `pid` is a live process. A zombie (exited, not yet reaped by init) counts as gone:
 * it runs nothing, and in containers whose init reaps lazily it can linger for a moment.
 */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return process.platform !== 'linux';
  }
}

/** The numbers a command printed one per line (the test commands echo $! for each process they start). */
export function printedPids(output: string): number[] {
  return output
    .split('\n')
    .map((line) => /^pid:(\d+)$/.exec(line.trim())?.[1])
    .filter((pid): pid is string => pid !== undefined)
    .map(Number);
}

/** Starts two background sleeps, one of them under a nested shell, and waits: a small process tree. */
export const PROCESS_TREE_COMMAND = `bash -c 'sleep 100 & echo "pid:$!"; wait' & sleep 100 & echo "pid:$!"; wait`;

/**
 * Asserts that every pid is gone. Polls briefly: a killed process closes its pipes (which ends the
 * command) a moment before the kernel finishes tearing it down.
 */
export async function expectAllGone(pids: number[]): Promise<void> {
  expect(pids.length, 'the command printed no pids to check').toBeGreaterThan(0);
  await vi.waitFor(() => {
    for (const pid of pids) expect(isRunning(pid), `process ${pid} is still running`).toBe(false);
  }, { timeout: 5_000, interval: 20 });
}
