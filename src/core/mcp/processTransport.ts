import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import * as path from 'node:path';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { WITHHELD_ENV } from '../process';
import { findProgram, HiddenByPrivateTmpError, type ServerWrapper, type WrappedCommand } from '../sandbox';
import type { McpRemedy } from './errors';

export interface ProcessTransportOptions {
  command: string;
  args: string[];
  /** Set over the inherited environment (from which the model's key is withheld). */
  env: Record<string, string>;
  /** What the server inherits; default process.env. */
  inheritedEnv?: NodeJS.ProcessEnv;
  cwd: string;
  /** The server's stderr as it arrives (its log). */
  onStderr?: (text: string) => void;
  /** Between closing stdin, SIGTERM and SIGKILL. Default 2,000 ms. */
  killGraceMs?: number;
  /** Starts the server inside the OS sandbox, with a server's profile; without it, it runs as it is. */
  sandbox?: ServerWrapper;
  /** Whose mcp.json the server came from (the sandbox lets only a user's server write to its own folder). */
  scope?: 'user' | 'workspace';
}

/** How the server's process ended, for the crash message and the log. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The program could not be started at all (not installed, not executable, missing folder). */
export class ServerSpawnError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    /** What the person can do, when it is more than reading the server's log. */
    readonly remedy: McpRemedy = 'check-server',
  ) {
    super(message);
    this.name = 'ServerSpawnError';
  }
}

/**
 * MCP over a child process's stdin/stdout, like the SDK's stdio transport, except that the server
 * runs in a process group of its own: `npx`, `uvx` and shell wrappers start the real server as a
 * grandchild, and closing stops the whole tree rather than leaving it running.
 */
export class ProcessTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private child: ChildProcess | undefined;
  private readonly buffer = new ReadBuffer();
  private closing = false;
  private exitInfo: ProcessExit | null = null;
  private exited: Promise<void> = Promise.resolve();
  private starting = false;
  private launched: WrappedCommand | undefined;

  constructor(private readonly options: ProcessTransportOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Set once the process has ended. */
  get exit(): ProcessExit | null {
    return this.exitInfo;
  }

  async start(): Promise<void> {
    if (this.child || this.starting) throw new Error('ProcessTransport already started');
    this.starting = true;
    const launch = await this.launch();
    return new Promise((resolve, reject) => {
      const child = spawn(launch.file, launch.args, {
        cwd: this.options.cwd,
        env: launch.env,
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: process.platform !== 'win32',
        windowsHide: true,
      });
      this.child = child;
      this.exited = new Promise((done) => child.once('close', () => done()));
      child.once('error', (error: NodeJS.ErrnoException) => {
        const failure = spawnFailure(this.options, error);
        if (child.pid === undefined) {
          launch.release();
          reject(failure);
        } else this.onerror?.(failure);
      });
      child.once('spawn', () => resolve());
      child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
      });
      child.once('close', () => {
        launch.release();
        this.buffer.clear();
        this.onclose?.();
      });
      child.stdout!.on('data', (chunk: Buffer) => {
        this.buffer.append(chunk);
        this.drain();
      });
      child.stderr!.setEncoding('utf8');
      child.stderr!.on('data', (text: string) => this.options.onStderr?.(text));
      // Writing to a server that died is reported by the exit; the pipe error itself adds nothing.
      child.stdin!.on('error', () => undefined);
    });
  }

  /** Whether the server runs inside the OS sandbox (known once started). */
  get sandboxed(): boolean {
    return this.launched?.sandboxed ?? false;
  }

  /** What to spawn: the program itself, or the sandbox around it. */
  private async launch(): Promise<WrappedCommand> {
    const inherited = serverEnvironment({}, this.options.inheritedEnv);
    const { command, args, cwd, env } = this.options;
    let launch: WrappedCommand;
    if (!this.options.sandbox) {
      launch = { file: command, args, env: { ...inherited, ...env }, sandboxed: false, release: () => {} };
    } else {
      // Checked here: inside the sandbox a missing program or folder would only be bubblewrap's exit code.
      const missing = missingProgram(this.options, { ...inherited, ...env });
      if (missing) throw missing;
      try {
        launch = await this.options.sandbox.wrapServer({ command, args, cwd, inheritedEnv: inherited, env, scope: this.options.scope ?? 'workspace' });
      } catch (error) {
        if (!(error instanceof HiddenByPrivateTmpError)) throw error;
        const own = this.options.scope === 'user' ? ', or, since it is a server of your own mcp.json, set "sandbox": false on it' : '';
        throw new ServerSpawnError(`cannot start "${command}" in the sandbox: ${error.message}. Move it out of /tmp (into the workspace or a folder of your home) and point the entry at it${own}`, 'EHIDDEN', 'move-out-of-tmp');
      }
    }
    this.launched = launch;
    return launch;
  }

  send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.child?.stdin;
    if (!stdin || this.exitInfo || this.closing) return Promise.reject(new Error('the server is not running'));
    return new Promise((resolve) => {
      if (stdin.write(serializeMessage(message))) resolve();
      else stdin.once('drain', () => resolve());
    });
  }

  /**
   * Closes stdin (servers exit on end of input); then whatever is left of the process group gets
   * SIGTERM and, after the grace period, SIGKILL. Resolves once the group is gone (or was killed).
   */
  async close(): Promise<void> {
    const child = this.child;
    if (!child || this.closing) return this.exited;
    this.closing = true;
    const grace = this.options.killGraceMs ?? 2_000;
    child.stdin?.end();
    await settlesWithin(this.exited, grace / 2);
    await stopGroup(child, grace);
    await settlesWithin(this.exited, grace);
  }

  private drain(): void {
    for (;;) {
      let message: JSONRPCMessage | null;
      try {
        message = this.buffer.readMessage();
      } catch (error) {
        // A line that is not JSON-RPC (a stray print to stdout) is reported, not fatal.
        this.onerror?.(error instanceof Error ? error : new Error(String(error)));
        continue;
      }
      if (!message) return;
      this.onmessage?.(message);
    }
  }
}

/** The inherited environment without the model's key, plus the server's own variables. */
export function serverEnvironment(extra: Record<string, string>, inherited: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...inherited };
  for (const key of WITHHELD_ENV) delete env[key];
  return { ...env, ...extra };
}

/** The error spawning would give, found before the sandbox starts: no folder, no such program, not executable. */
function missingProgram(options: ProcessTransportOptions, env: NodeJS.ProcessEnv): ServerSpawnError | null {
  if (!existsSync(options.cwd)) return spawnFailure(options, Object.assign(new Error('not found'), { code: 'ENOENT' }));
  const program = options.command.includes('/') ? path.resolve(options.cwd, options.command) : findProgram(options.command, env);
  if (!program || !existsSync(program)) return spawnFailure(options, Object.assign(new Error('not found'), { code: 'ENOENT' }));
  try {
    accessSync(program, constants.X_OK);
  } catch {
    return spawnFailure(options, Object.assign(new Error('permission denied'), { code: 'EACCES' }));
  }
  return null;
}

function spawnFailure(options: ProcessTransportOptions, error: NodeJS.ErrnoException): ServerSpawnError {
  if (error.code === 'ENOENT') {
    if (!existsSync(options.cwd)) return new ServerSpawnError(`cannot start "${options.command}": its folder ${options.cwd} does not exist (see "cwd")`, error.code);
    return new ServerSpawnError(`cannot start "${options.command}": no such program (is it installed and on PATH?)`, error.code);
  }
  if (error.code === 'EACCES') return new ServerSpawnError(`cannot start "${options.command}": permission denied (is it executable?)`, error.code);
  return new ServerSpawnError(`cannot start "${options.command}": ${error.message}`, error.code);
}

function signalTree(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    if (process.platform === 'win32') {
      if (signal === 'SIGKILL' || signal === 'SIGTERM') spawn('taskkill', ['/pid', String(child.pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
    } else {
      process.kill(-child.pid, signal);
    }
  } catch {
    // Already gone.
  }
}

/** SIGTERM to every process left in the group, SIGKILL to those still there after `grace`. */
async function stopGroup(child: ChildProcess, grace: number): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  if (process.platform === 'win32') {
    if (child.exitCode === null && child.signalCode === null) signalTree(child, 'SIGKILL');
    return;
  }
  if (!groupAlive(pid)) return;
  signalTree(child, 'SIGTERM');
  const deadline = Date.now() + grace;
  while (groupAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
  if (groupAlive(pid)) signalTree(child, 'SIGKILL');
}

function groupAlive(pid: number): boolean {
  if (process.platform === 'win32') return false;
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function settlesWithin(promise: Promise<void>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    timer.unref();
    void promise.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
