import { spawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import type { CommandWrapper, WrappedCommand } from '../sandbox';
import { CappedOutput } from './cappedOutput';
import { OutputBatcher, type OutputStream } from './outputBatcher';

/**
 * Set for every command: nothing may wait for a keypress or a password, since nobody is at the
 * terminal. Colours are switched off because the output is read as plain text.
 */
export const NON_INTERACTIVE_ENV: Readonly<Record<string, string>> = {
  CI: '1',
  PAGER: 'cat',
  GIT_PAGER: 'cat',
  GIT_TERMINAL_PROMPT: '0',
  NO_COLOR: '1',
  FORCE_COLOR: '0',
};

export interface RunCommandOptions {
  /** Passed to `bash -c` as is. */
  command: string;
  cwd: string;
  /** Added over the inherited environment and NON_INTERACTIVE_ENV; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  /** Whole-tree kill after this long; no limit when omitted. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Output as it arrives, coalesced into chunks (not one call per pipe read). */
  onOutput?: (chunk: { stream: OutputStream; text: string }) => void;
  /** Budget for `output` (head and tail kept). Default 100,000 characters. */
  outputLimitChars?: number;
  /** Time between SIGTERM and SIGKILL when stopping the tree. Default 2,000 ms. */
  killGraceMs?: number;
  /**
   * The sandbox that turns the command into what really runs. Without it the command runs as is:
   * only for what a person approved to run outside the sandbox, and for Specwright's own commands.
   */
  sandbox?: CommandWrapper;
  /** Given on stdin, which is otherwise closed. */
  stdin?: string;
}

export interface CommandResult {
  /** null when the shell was ended by a signal. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  aborted: boolean;
  /** True when processes the command left running in the background were stopped after it ended. */
  stoppedLeftovers: boolean;
  /** stdout and stderr interleaved in arrival order, capped. */
  output: string;
  durationMs: number;
  /** Whether it ran inside the sandbox. */
  sandboxed: boolean;
}

const DEFAULT_OUTPUT_LIMIT = 100_000;
const DEFAULT_KILL_GRACE_MS = 2_000;

/**
 * Runs `bash -c command` in its own process group, so that a timeout or an abort stops the whole
 * tree (test runners, dev servers, their workers), not just the shell. When the shell ends, anything
 * it left in the background is stopped too: such processes would otherwise hold the output pipes
 * open and outlive the run. Rejects only when bash cannot be started at all.
 *
 * Sandboxed, the process group is bubblewrap's (or sandbox-exec's): stopping it ends the sandbox, and
 * with it every process inside, which the kernel kills with the sandbox's pid namespace.
 */
export async function runCommand(options: RunCommandOptions): Promise<CommandResult> {
  const started = Date.now();
  if (options.signal?.aborted) {
    return { exitCode: null, signal: null, timedOut: false, aborted: true, stoppedLeftovers: false, output: '', durationMs: 0, sandboxed: false };
  }
  const env = buildEnv(options.env);
  const launch: WrappedCommand = options.sandbox
    ? await options.sandbox.wrap({ command: options.command, cwd: options.cwd, env })
    : { file: 'bash', args: ['-c', options.command], env, sandboxed: false, release: () => {} };
  try {
    return await runLaunched(options, launch, started);
  } finally {
    launch.release();
  }
}

function runLaunched(options: RunCommandOptions, launch: WrappedCommand, started: number): Promise<CommandResult> {
  const limit = options.outputLimitChars ?? DEFAULT_OUTPUT_LIMIT;
  const grace = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  return new Promise((resolve, reject) => {
    const child = spawn(launch.file, launch.args, {
      cwd: options.cwd,
      env: launch.env,
      detached: true,
      stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    if (options.stdin !== undefined && child.stdin) {
      // A command that does not read its input closes the pipe early: that is not a failure.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.stdin);
    }
    const captured = new CappedOutput(limit);
    const batcher = new OutputBatcher((stream, text) => options.onOutput?.({ stream, text }));
    let timedOut = false;
    let aborted = false;
    let stoppedLeftovers = false;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    let killTimer: NodeJS.Timeout | undefined;
    let closeFallbackTimer: NodeJS.Timeout | undefined;
    let settled = false;

    const stopTree = () => {
      if (killTimer || child.pid === undefined) return;
      signalGroup(child.pid, 'SIGTERM');
      killTimer = setTimeout(() => signalGroup(child.pid!, 'SIGKILL'), grace);
    };
    const timeoutTimer = options.timeoutMs === undefined ? undefined : setTimeout(() => {
      timedOut = true;
      stopTree();
    }, options.timeoutMs);
    const onAbort = () => {
      aborted = true;
      stopTree();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });

    for (const stream of ['stdout', 'stderr'] as const) {
      const decoder = new StringDecoder('utf8');
      const source = child[stream]!;
      source.on('data', (data: Buffer) => take(stream, decoder.write(data)));
      source.on('end', () => take(stream, decoder.end()));
    }
    function take(stream: OutputStream, text: string) {
      if (!text) return;
      captured.append(text);
      batcher.push(stream, text);
    }

    // The SIGKILL timer is left running on purpose: a process that ignores SIGTERM but closed its
    // pipes must still be stopped after the grace period.
    const cleanUp = () => {
      clearTimeout(timeoutTimer);
      clearTimeout(closeFallbackTimer);
      options.signal?.removeEventListener('abort', onAbort);
    };

    child.on('error', (error) => {
      if (settled) return;
      settled = true;
      cleanUp();
      batcher.flush();
      reject(new Error(`Could not start ${launch.sandboxed ? 'the sandbox' : 'bash'} in ${options.cwd}: ${error.message}`));
    });

    child.on('exit', (code, signal) => {
      exit = { code, signal };
      if (child.pid !== undefined && signalGroup(child.pid, 0)) {
        stoppedLeftovers = !timedOut && !aborted;
        stopTree();
      }
      // A process that left the group (setsid) can keep the pipes open forever: stop waiting for it.
      closeFallbackTimer = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish();
      }, grace + 1_000);
    });

    child.on('close', finish);

    function finish() {
      if (settled || !exit) return;
      settled = true;
      cleanUp();
      batcher.flush();
      resolve({
        exitCode: exit.code,
        signal: exit.signal,
        timedOut,
        aborted,
        stoppedLeftovers,
        output: captured.text(),
        durationMs: Date.now() - started,
        sandboxed: launch.sandboxed,
      });
    }
  });
}

/**
 * Never handed to commands: the model's key must not be one `echo $ANTHROPIC_API_KEY` away from the
 * model, the run log or a hook's output. CDPATH would make `cd x` land somewhere the policy did not judge.
 */
export const WITHHELD_ENV = ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'SPECWRIGHT_API_KEY', 'CDPATH'] as const;

function buildEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...NON_INTERACTIVE_ENV };
  for (const key of WITHHELD_ENV) delete env[key];
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  // bash runs ~/.bashrc even for `bash -c` when its stdin is a socket (as Node's pipes are, so a hook
  // given its event on stdin) and SHLVL says it is a top-level shell: the user's start-up file would
  // run in every such command and print into its output. A nested level skips it.
  if (!(Number(env.SHLVL) >= 1)) env.SHLVL = '1';
  return env;
}

/** Sends `signal` to every process in the group led by `pid`; false when the group is gone. */
function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}
