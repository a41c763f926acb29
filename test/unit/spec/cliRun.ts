import { runCli } from '../../../src/cli/cli';
import type { CliIo } from '../../../src/cli/io';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `specwright` in-process and captures what it prints. */
export async function runSpecwright(argv: string[], options: { isTTY?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    isTTY: options.isTTY ?? false,
    env: options.env ?? {},
    signal: new AbortController().signal,
  };
  const code = await runCli(argv, io, '/');
  return { code, stdout, stderr };
}
