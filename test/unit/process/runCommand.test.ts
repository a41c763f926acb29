import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../../src/core/process';
import { expectAllGone, printedPids, PROCESS_TREE_COMMAND } from './processProbe';

let dir: string;
beforeEach(() => {
  dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'specwright-process-')));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the tree command and reports once both its sleeps have printed their pids. */
function whenTreeStarted(): { started: Promise<void>; onOutput: (chunk: { text: string }) => void } {
  let seen = '';
  let resolve!: () => void;
  const started = new Promise<void>((r) => (resolve = r));
  return {
    started,
    onOutput: ({ text }) => {
      seen += text;
      if (printedPids(seen).length === 2) resolve();
    },
  };
}

describe('runCommand', () => {
  it('returns the exit code and the output of the command', async () => {
    const result = await runCommand({ command: 'echo hello; exit 3', cwd: dir });
    expect(result).toMatchObject({ exitCode: 3, signal: null, timedOut: false, aborted: false, output: 'hello\n' });
  });

  it('keeps stdout and stderr in the order they were written', async () => {
    const result = await runCommand({ command: 'echo one; echo two >&2; sleep 0.2; echo three', cwd: dir });
    expect(result.output).toBe('one\ntwo\nthree\n');
  });

  it('withholds the model API key and CDPATH from the command', async () => {
    const saved = { key: process.env.ANTHROPIC_API_KEY, cdpath: process.env.CDPATH };
    process.env.ANTHROPIC_API_KEY = 'sk-ant-should-not-leak';
    process.env.CDPATH = '/tmp';
    try {
      const result = await runCommand({ command: 'echo "key=[$ANTHROPIC_API_KEY] cdpath=[$CDPATH]"', cwd: dir });
      expect(result.output.trim()).toBe('key=[] cdpath=[]');
    } finally {
      for (const [name, value] of [['ANTHROPIC_API_KEY', saved.key], ['CDPATH', saved.cdpath]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('runs in the given folder', async () => {
    const result = await runCommand({ command: 'pwd', cwd: dir });
    expect(result.output.trim()).toBe(dir);
  });

  it('closes stdin, so a command that reads input ends instead of waiting', async () => {
    const result = await runCommand({ command: 'cat; echo done', cwd: dir });
    expect(result.output).toBe('done\n');
  });

  it('given stdin, runs no shell start-up file of the user, even when SHLVL is unset', async () => {
    const home = path.join(dir, 'home');
    mkdirSync(home);
    writeFileSync(path.join(home, '.bashrc'), 'echo "the user\'s bashrc ran"\n');
    const saved = process.env.SHLVL;
    delete process.env.SHLVL;
    try {
      const result = await runCommand({ command: 'cat; echo "level $SHLVL"', cwd: dir, stdin: 'the event\n', env: { HOME: home } });
      expect(result.output).toBe('the event\nlevel 2\n');
    } finally {
      if (saved !== undefined) process.env.SHLVL = saved;
    }
  });

  it('sets CI and turns pagers off, and applies extra variables over the inherited ones', async () => {
    process.env.SPECWRIGHT_TEST_INHERITED = 'yes';
    try {
      const result = await runCommand({
        command: 'echo "$CI $PAGER $GIT_PAGER $EXTRA [${SPECWRIGHT_TEST_INHERITED-unset}]"',
        cwd: dir,
        env: { EXTRA: 'extra', SPECWRIGHT_TEST_INHERITED: undefined },
      });
      expect(result.output.trim()).toBe('1 cat cat extra [unset]');
    } finally {
      delete process.env.SPECWRIGHT_TEST_INHERITED;
    }
  });

  it('kills the whole process tree when the command times out', async () => {
    const result = await runCommand({ command: PROCESS_TREE_COMMAND, cwd: dir, timeoutMs: 1_000 });
    const pids = printedPids(result.output);
    expect(result.timedOut).toBe(true);
    expect(pids).toHaveLength(2);
    await expectAllGone(pids);
  });

  it('kills the whole process tree when aborted, and says it was aborted', async () => {
    const abort = new AbortController();
    const tree = whenTreeStarted();
    const running = runCommand({ command: PROCESS_TREE_COMMAND, cwd: dir, signal: abort.signal, onOutput: tree.onOutput });
    await tree.started;
    abort.abort();
    const result = await running;
    expect(result).toMatchObject({ aborted: true, timedOut: false });
    await expectAllGone(printedPids(result.output));
  });

  it('follows up with SIGKILL when the processes ignore SIGTERM', async () => {
    const result = await runCommand({ command: `trap '' TERM; ${PROCESS_TREE_COMMAND}`, cwd: dir, timeoutMs: 1_000, killGraceMs: 200 });
    expect(result.timedOut).toBe(true);
    expect(result.signal).toBe('SIGKILL');
    await expectAllGone(printedPids(result.output));
  });

  it('stops processes the command left in the background once the shell has exited', async () => {
    const result = await runCommand({ command: 'sleep 100 & echo "pid:$!"', cwd: dir });
    expect(result.exitCode).toBe(0);
    expect(result.stoppedLeftovers).toBe(true);
    await expectAllGone(printedPids(result.output));
  });

  it('does not start the command when the signal is already aborted', async () => {
    const abort = new AbortController();
    abort.abort();
    const result = await runCommand({ command: 'touch marker', cwd: dir, signal: abort.signal });
    expect(result.aborted).toBe(true);
    expect(existsSync(path.join(dir, 'marker'))).toBe(false);
  });

  it('rejects with the folder named when the working folder does not exist', async () => {
    await expect(runCommand({ command: 'true', cwd: path.join(dir, 'missing') })).rejects.toThrow(/missing/);
  });

  it('keeps the head and the tail of long output and says how many lines were left out', async () => {
    const result = await runCommand({ command: 'seq 1 10000', cwd: dir, outputLimitChars: 1_000 });
    expect(result.output.startsWith('1\n2\n')).toBe(true);
    expect(result.output.endsWith('9999\n10000\n')).toBe(true);
    expect(result.output).toMatch(/… \d+ lines omitted …/);
    expect(result.output.length).toBeLessThan(1_100);
  });

  it('delivers streamed output whose chunks add up to the whole output', async () => {
    const chunks: string[] = [];
    const result = await runCommand({ command: 'seq 1 2000; seq 1 5 >&2', cwd: dir, onOutput: ({ text }) => chunks.push(text) });
    expect(chunks.join('')).toBe(result.output);
  });
});
