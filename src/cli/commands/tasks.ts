import { isTaskStatus, loadSpec, SpecFileMissingError, TASK_STATUSES, updateTaskStatus, type TaskStatus } from '../../core/spec';
import { asUsageError, ExitCode, formatTable, painter, UsageError, type CliContext, type Colour, type CommandDefinition } from '../io';
import { cliOwnWrites } from './checkpoint';
import { parseJsonFlag } from './spec';

const usage = `Usage:
  specwright tasks list NAME [--json]                      the tasks of spec NAME, in document order
  specwright tasks set NAME ID todo|in_progress|queued|done  set one task's checkbox (only that character changes)

JSON shape:
  list  {"spec":NAME,"tasks":[{"id","title","status","optional","requirements":["1.2"],"line","parent":ID|null}]}

A checkbox without a number gets the id <parent>.u<n> (u<n> at the top level): n counts the
unnumbered checkboxes under the same parent. Exit codes: 0 ok, 2 usage or I/O error (including a
tasks.md that changed on disk while being updated).`;

export const tasksCommand: CommandDefinition = {
  name: 'tasks',
  summary: "list a spec's tasks, set a task's status",
  usage,
  run: async (args, ctx) => {
    const [sub, ...rest] = args;
    if (sub === 'list') return listTasks(rest, ctx);
    if (sub === 'set') return setTask(rest, ctx);
    throw new UsageError(sub ? `unknown subcommand "tasks ${sub}"; use "tasks list" or "tasks set"` : 'tasks needs a subcommand: "tasks list NAME" or "tasks set NAME ID STATUS"');
  },
};

const statusLook: Record<TaskStatus, { box: string; colour: Colour }> = {
  todo: { box: '[ ]', colour: 'reset' },
  in_progress: { box: '[-]', colour: 'cyan' },
  queued: { box: '[~]', colour: 'magenta' },
  done: { box: '[x]', colour: 'green' },
};

async function listTasks(args: string[], ctx: CliContext): Promise<number> {
  const { json, positionals } = parseJsonFlag(args, 'tasks list', 1);
  const [name] = positionals;
  if (!name) throw new UsageError('tasks list needs a spec name; run "specwright spec list" to see them');
  const spec = await asUsageError(loadSpec(ctx.workspace, name));
  if (!spec.tasks) throw new UsageError(new SpecFileMissingError(name, 'tasks.md').message);
  const tasks = spec.tasks.allTasks;
  if (json) {
    const rows = tasks.map((t) => ({ id: t.id, title: t.title, status: t.status, optional: t.optional, requirements: t.requirements, line: t.line, parent: t.parentId }));
    ctx.stdout(JSON.stringify({ spec: name, tasks: rows }) + '\n');
    return ExitCode.ok;
  }
  if (!tasks.length) {
    ctx.stdout(`${name}/tasks.md has no tasks yet.\n`);
    return ExitCode.ok;
  }
  const paint = painter(ctx);
  const rows = tasks.map((t) => {
    const look = statusLook[t.status];
    const title = `${'  '.repeat(t.depth)}${t.title}${t.optional ? paint('dim', ' (optional)') : ''}`;
    const row = [paint(look.colour, look.box), t.id, title];
    // No trailing padding on rows without references.
    if (t.requirements.length) row.push(paint('dim', t.requirements.join(', ')));
    return row;
  });
  const done = tasks.filter((t) => t.status === 'done').length;
  ctx.stdout(`${formatTable(rows)}\n${paint('dim', `${done}/${tasks.length} done`)}\n`);
  return ExitCode.ok;
}

async function setTask(args: string[], ctx: CliContext): Promise<number> {
  const { positionals } = parseJsonFlag(args, 'tasks set', 3);
  const [name, id, status] = positionals;
  if (!name || !id || !status) throw new UsageError('tasks set needs NAME ID STATUS, e.g. "specwright tasks set todo-cli 1.2 done"');
  if (!isTaskStatus(status)) throw new UsageError(`"${status}" is not a task status; use one of ${TASK_STATUSES.join(', ')}`);
  const update = await asUsageError(updateTaskStatus(ctx.workspace, name, id, status, { ownWrites: cliOwnWrites(ctx) }));
  const paint = painter(ctx);
  const outcome = update.changed ? `${update.previous} → ${paint(statusLook[status].colour, status)}` : `already ${status}`;
  ctx.stdout(`${name} ${id} ${update.title}: ${outcome}\n`);
  return ExitCode.ok;
}
