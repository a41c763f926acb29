import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { commands } from './commands';
import { ExitCode, UsageError, type CliIo } from './io';
import { cliErrorText } from './remedyText';
import { VERSION } from './version';

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  return [
    'Usage: specwright [--workspace DIR] <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Global options:',
    '  --workspace DIR  the workspace root (default: the current directory)',
    '  --help           show help for a command',
    '  --version        print the version',
    '',
    'Exit codes: 0 ok, 1 failures found, 2 usage or I/O error.',
  ].join('\n');
}

/** Runs the CLI in-process; returns the exit code. */
export async function runCli(argv: string[], io: CliIo, cwd = process.cwd()): Promise<number> {
  try {
    const { workspace, rest } = takeWorkspace(argv, cwd);
    const [name, ...args] = rest;
    if (!name || name === '--help' || name === '-h' || name === 'help') {
      io.stdout(helpText() + '\n');
      return name ? ExitCode.ok : ExitCode.usage;
    }
    if (name === '--version' || name === '-v') {
      io.stdout(VERSION + '\n');
      return ExitCode.ok;
    }
    const command = commands.find((c) => c.name === name);
    if (!command) throw new UsageError(`unknown command "${name}"; run "specwright --help" to see the commands`);
    if (args.includes('--help') || args.includes('-h')) {
      io.stdout(command.usage + '\n');
      return ExitCode.ok;
    }
    if (!existsSync(workspace) || !statSync(workspace).isDirectory()) {
      throw new UsageError(`workspace ${workspace} is not a folder`);
    }
    return await command.run(args, { ...io, workspace });
  } catch (error) {
    io.stderr(`specwright: ${cliErrorText(error)}\n`);
    return ExitCode.usage;
  }
}

function takeWorkspace(argv: string[], cwd: string): { workspace: string; rest: string[] } {
  const rest: string[] = [];
  let workspace = cwd;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--workspace' || arg === '-w') {
      const value = argv[++i];
      if (!value) throw new UsageError('--workspace needs a folder');
      workspace = path.resolve(cwd, value);
    } else if (arg.startsWith('--workspace=')) {
      workspace = path.resolve(cwd, arg.slice('--workspace='.length));
    } else {
      rest.push(arg);
    }
  }
  return { workspace, rest };
}


