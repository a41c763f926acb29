import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/cli';

/** A temporary folder with the given files; a real git repository with one commit when `git` is set. */
export function makeWorkspace(files: Record<string, string>, options: { git?: boolean } = {}): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'sw-ws-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  if (options.git) {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'pipe' });
    git('init', '-q', '-b', 'main');
    git('-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', 'add', '-A');
    git('-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', 'commit', '-q', '-m', 'initial');
  }
  return root;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in-process with captured output and no terminal. */
export async function runSpecwright(args: string[], options: { env?: NodeJS.ProcessEnv; signal?: AbortSignal; cwd?: string } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    args,
    {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      isTTY: false,
      env: { PATH: process.env.PATH, HOME: options.env?.HOME ?? os.tmpdir(), ...options.env },
      signal: options.signal ?? new AbortController().signal,
    },
    options.cwd ?? process.cwd(),
  );
  return { code, stdout, stderr };
}
