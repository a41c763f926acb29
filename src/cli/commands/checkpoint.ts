import {
  CheckpointNotFoundError,
  hasWorkspaceCheckpoints,
  openWorkspaceCheckpointStore,
  workspaceOwnWrites,
  type Checkpoint,
  type CheckpointStore,
  type RestoreResult,
} from '../../core/checkpoints';
import type { OwnWriteRecorder } from '../../core/fs';
import { cliRemedyText } from '../remedyText';
import { ExitCode, formatTable, painter, UsageError, type CliContext, type CommandDefinition } from '../io';

const usage = [
  'Usage: specwright checkpoint <list|diff|restore> [options]',
  '',
  '  list [--json]                     the checkpoints taken during runs, oldest first',
  '  diff ID                           what changed in the workspace since checkpoint ID',
  '  restore ID [--dry-run] [--force]  put the files the agent changed back as they were at ID',
  '',
  'Restore only touches files that differ from the checkpoint, never your .git. It refuses (exit 1,',
  'nothing changed) when one of those files was also edited by a person or another program: changes',
  'neither the agent nor Specwright made (task marks and spec documents it wrote are its own). --force',
  'overwrites them. --dry-run shows what would change. ID may be any unique prefix of 4+ characters.',
].join('\n');

export const checkpointCommand: CommandDefinition = {
  name: 'checkpoint',
  summary: 'list, diff and restore the checkpoints taken during runs',
  usage,
  run: async (args, ctx) => {
    const [sub, ...rest] = args;
    switch (sub) {
      case 'list':
        return list(parseFlags(rest, ['--json'], 0), ctx);
      case 'diff':
        return diff(parseFlags(rest, [], 1), ctx);
      case 'restore':
        return restore(parseFlags(rest, ['--force', '--dry-run'], 1), ctx);
      default:
        throw new UsageError(sub ? `unknown checkpoint command "${sub}"; use list, diff or restore` : 'checkpoint needs a command: list, diff or restore');
    }
  },
};

interface Parsed {
  flags: Set<string>;
  positional: string[];
}

function parseFlags(args: string[], allowed: string[], positionals: number): Parsed {
  const flags = new Set<string>();
  const positional: string[] = [];
  for (const arg of args) {
    if (arg.startsWith('-')) {
      if (!allowed.includes(arg)) throw new UsageError(`unknown option ${arg}${allowed.length ? ` (expected ${allowed.join(', ')})` : ''}`);
      flags.add(arg);
    } else positional.push(arg);
  }
  if (positional.length !== positionals) {
    throw new UsageError(positionals ? 'expected one checkpoint ID; run "specwright checkpoint list" to see them' : `unexpected argument ${positional[0]}`);
  }
  return { flags, positional };
}

/**
 * Where commands that write files themselves (`tasks set`, `spec new|next`, `hooks new`) record
 * those writes as Specwright's, so a later `checkpoint restore` does not take them for the user's.
 */
export function cliOwnWrites(ctx: CliContext): OwnWriteRecorder {
  return workspaceOwnWrites(ctx.workspace, { onNotice: (message) => ctx.stderr(`specwright: note: ${message}\n`) });
}

async function openStore(ctx: CliContext): Promise<CheckpointStore | null> {
  if (!hasWorkspaceCheckpoints(ctx.workspace)) return null;
  return openWorkspaceCheckpointStore(ctx.workspace, { onNotice: (message) => ctx.stderr(`specwright: note: ${message}\n`) });
}

async function list({ flags }: Parsed, ctx: CliContext): Promise<number> {
  const store = await openStore(ctx);
  const checkpoints = store ? await store.list() : [];
  if (flags.has('--json')) {
    ctx.stdout(JSON.stringify({ checkpoints: checkpoints.map(({ id, task, createdAt, files }) => ({ id, task, createdAt, files })) }, null, 2) + '\n');
    return ExitCode.ok;
  }
  const paint = painter(ctx);
  if (checkpoints.length === 0) ctx.stdout('No checkpoints yet: a run takes one before each task.\n');
  else {
    const rows = checkpoints.map((c) => [paint('yellow', c.id), localTime(c.createdAt), String(c.files), describe(c)]);
    ctx.stdout(formatTable([['ID', 'CREATED', 'FILES', 'TASK'].map((h) => paint('bold', h)), ...rows]) + '\n');
  }
  const lost = store ? await store.lost() : [];
  if (lost.length > 0) ctx.stderr(`specwright: note: ${lost.length} older checkpoint(s) were lost when the damaged checkpoint store was rebuilt\n`);
  return ExitCode.ok;
}

async function diff({ positional }: Parsed, ctx: CliContext): Promise<number> {
  const id = positional[0]!;
  const store = await requireStore(ctx, id);
  const files = await translateNotFound(() => store.diff(id));
  const paint = painter(ctx);
  if (files.length === 0) {
    ctx.stdout(`No differences: the workspace matches checkpoint ${id}.\n`);
    return ExitCode.ok;
  }
  for (const file of files) {
    const lines = file.patch.split('\n').map((line) => {
      if (line.startsWith('+') && !line.startsWith('+++')) return paint('green', line);
      if (line.startsWith('-') && !line.startsWith('---')) return paint('red', line);
      if (line.startsWith('@@')) return paint('cyan', line);
      return line;
    });
    ctx.stdout(lines.join('\n'));
  }
  return ExitCode.ok;
}

async function restore({ flags, positional }: Parsed, ctx: CliContext): Promise<number> {
  const id = positional[0]!;
  const store = await requireStore(ctx, id);
  const dryRun = flags.has('--dry-run');
  const result = await translateNotFound(() => store.restore(id, { force: flags.has('--force'), dryRun }));
  printPlan(result, ctx);
  for (const warning of result.warnings) ctx.stderr(`specwright: warning: ${warning}\n`);
  switch (result.outcome) {
    case 'dry-run':
      ctx.stdout('Dry run: nothing was changed.\n');
      return ExitCode.ok;
    case 'refused':
      ctx.stderr(`specwright: ${result.message ?? 'restore refused'}${result.remedy ? ` ${cliRemedyText(result.remedy)}` : ''}\n`);
      return ExitCode.failure;
    case 'restored':
      if (result.changes.length === 0) ctx.stdout(`Nothing to restore: the workspace already matches checkpoint ${result.checkpoint.id}.\n`);
      else {
        ctx.stdout(`Restored ${result.changes.length} file(s) from checkpoint ${result.checkpoint.id}.`);
        ctx.stdout(result.safetyCheckpointId ? ` To undo: specwright checkpoint restore ${result.safetyCheckpointId}\n` : '\n');
      }
      return ExitCode.ok;
  }
}

function printPlan(result: RestoreResult, ctx: CliContext): void {
  if (result.changes.length === 0) return;
  const paint = painter(ctx);
  const conflicts = new Map(result.conflicts.map((c) => [c.path, c.reason]));
  const colour = { modify: 'yellow', create: 'green', delete: 'red' } as const;
  ctx.stdout(`${result.outcome === 'restored' ? 'Restoring' : 'Restore would change'} (checkpoint ${result.checkpoint.id}, ${describe(result.checkpoint)}):\n`);
  const rows = result.changes.map((c) => {
    const lines = c.added !== undefined ? `+${c.added} -${c.removed ?? 0}` : '';
    const conflict = conflicts.get(c.path);
    return ['  ' + paint(colour[c.action], c.action), c.path, lines, conflict ? paint('magenta', `conflict: ${conflict}`) : ''];
  });
  ctx.stdout(formatTable(rows).replace(/ +$/gm, '') + '\n');
}

async function requireStore(ctx: CliContext, id: string): Promise<CheckpointStore> {
  const store = await openStore(ctx);
  if (!store) throw new UsageError(`no checkpoint "${id}": this workspace has no checkpoints yet`);
  return store;
}

async function translateNotFound<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof CheckpointNotFoundError) throw new UsageError(`${error.message} (specwright checkpoint list)`);
    throw error;
  }
}

function describe(c: Checkpoint): string {
  return c.task ?? `(${c.reason})`;
}

function localTime(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
