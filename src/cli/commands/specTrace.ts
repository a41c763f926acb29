import { parseArgs } from 'node:util';
import { runStateDir } from '../../core/checkpoints';
import { loadSpec } from '../../core/spec';
import {
  acceptTaskDrift,
  describeDrift,
  linkTaskFiles,
  loadTraceInputs,
  parseLinkArgument,
  specDrift,
  traceDirOf,
  traceSpec,
  workspaceTraceSources,
  type CriterionTrace,
  type TimedDrift,
  type TraceStatus,
} from '../../core/trace';
import { asUsageError, ExitCode, formatTable, painter, UsageError, type CliContext, type Colour } from '../io';
import { cliOwnWrites } from './checkpoint';

export const specTraceUsage = `  specwright spec trace NAME [--json]               criterion → tasks → files → tests, and each criterion's status
  specwright spec drift NAME [--json]               tasks whose files or criteria changed after they were done
  specwright spec drift NAME --accept TASK          take the task as it is now as its new baseline
  specwright spec link NAME TASK [FILE[:A-B]…]      add files to the task's "_Files:" line (none: the files its runs wrote)

JSON shapes:
  trace  {"spec","criteria":[{"id","text","tasks":[{"id","title","status","line"}],
           "files":[{"path","tasks":[ID],"source":"run|link","lines"?:{"start","end"}}],
           "tests":[{"file","line","name","source":"name|comment|verification","via"?}],
           "status":"covered|untested|unimplemented"}]}
  drift  {"spec","tasks":[{"id","title","since","reasons":[{"kind","message","file"?,"lines"?,
           "taskLines"?,"criterion"?,"before"?,"now"?,"commit"?,"modifiedAt"?,"uncommitted"?}]}]}

Exit codes: trace 0; drift 0 when nothing drifts, 1 when a task drifts; 2 usage or I/O error.`;

function parse(args: string[], command: string, options: Record<string, { type: 'boolean' | 'string' }>) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message.split('\n')[0]}`);
  }
}

const statusColour: Record<TraceStatus, Colour> = { covered: 'green', untested: 'yellow', unimplemented: 'red' };

export async function traceCommand(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parse(args, 'spec trace', { json: { type: 'boolean' } });
  const [name, extra] = positionals;
  if (!name || extra) throw new UsageError('spec trace needs exactly one spec name: specwright spec trace NAME');
  const spec = await asUsageError(loadSpec(ctx.workspace, name));
  const report = traceSpec(spec, await loadTraceInputs(workspaceTraceSources(ctx.workspace)));
  if (values.json) {
    ctx.stdout(JSON.stringify({ spec: report.spec, criteria: report.criteria.map(({ id, text, tasks, files, tests, status }) => ({ id, text, tasks, files, tests, status })) }) + '\n');
    return ExitCode.ok;
  }
  const paint = painter(ctx);
  if (!report.criteria.length) {
    ctx.stdout(`${name} has no acceptance criteria to trace (requirements.md has no "### Requirement N" with criteria).\n`);
    return ExitCode.ok;
  }
  const count = (s: TraceStatus) => report.criteria.filter((c) => c.status === s).length;
  ctx.stdout(`${paint('bold', name)}  ${report.criteria.length} ${report.criteria.length === 1 ? 'criterion' : 'criteria'}: ${paint('green', `${count('covered')} covered`)}, ${paint('yellow', `${count('untested')} untested`)}, ${paint('red', `${count('unimplemented')} unimplemented`)}\n`);
  for (const c of report.criteria) ctx.stdout(renderCriterion(c, paint));
  return ExitCode.ok;
}

function renderCriterion(c: CriterionTrace, paint: ReturnType<typeof painter>): string {
  const text = c.text.length > 100 ? `${c.text.slice(0, 99)}…` : c.text;
  const rows: string[][] = [];
  if (c.tasks.length) rows.push(['    tasks', c.tasks.map((t) => `${t.id}${t.status === 'done' ? ' [x]' : ''} ${t.title}`).join('; ')]);
  if (c.files.length) rows.push(['    files', c.files.map((f) => `${f.path}${f.lines ? `:${f.lines.start}-${f.lines.end}` : ''}`).join(', ')]);
  for (const [i, t] of c.tests.entries()) rows.push([i === 0 ? '    tests' : '', `${t.file}:${t.line} ${t.name}${t.via ? paint('dim', ` (${t.via})`) : t.source === 'verification' ? paint('dim', ' (ran in the task’s verification)') : ''}`]);
  const head = `\n  ${paint('bold', c.id.padEnd(5))} ${paint(statusColour[c.status], c.status.padEnd(13))} ${text}\n`;
  return head + (rows.length ? formatTable(rows.map((r) => [paint('dim', r[0]!), r[1]!])) + '\n' : '');
}

export async function driftCommand(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parse(args, 'spec drift', { json: { type: 'boolean' }, accept: { type: 'string' } });
  const [name, extra] = positionals;
  if (!name || extra) throw new UsageError('spec drift needs exactly one spec name: specwright spec drift NAME');
  const traceDir = traceDirOf(runStateDir(ctx.workspace));
  const accept = values.accept;
  if (typeof accept === 'string') {
    const accepted = await asUsageError(acceptTaskDrift(ctx.workspace, name, accept, { traceDir }));
    if (!accepted) throw new UsageError(`task ${accept} of ${name} has no trace record to accept (it was never run or linked); link its files with "specwright spec link ${name} ${accept} FILE…"`);
    ctx.stdout(`Task ${accept}: its files and criteria as they are now are its new baseline.\n`);
    return ExitCode.ok;
  }
  const spec = await asUsageError(loadSpec(ctx.workspace, name));
  const drift = await specDrift(ctx.workspace, spec, await loadTraceInputs(workspaceTraceSources(ctx.workspace)));
  if (values.json) {
    ctx.stdout(JSON.stringify({ spec: name, tasks: drift.map(driftJson) }) + '\n');
    return drift.length ? ExitCode.failure : ExitCode.ok;
  }
  const paint = painter(ctx);
  if (!drift.length) {
    ctx.stdout(`No task of ${name} is drifting.\n`);
    return ExitCode.ok;
  }
  for (const d of drift) {
    ctx.stdout(`${paint('yellow', 'drifting')} ${paint('bold', `task ${d.taskId}`)} ${d.title} ${paint('dim', `(done ${d.since})`)}\n`);
    d.reasons.forEach((r, i) => ctx.stdout(`  - ${describeDrift(r, d.timing[i])}\n`));
  }
  ctx.stdout(paint('dim', `\nCheck the code against the criteria, then: specwright spec drift ${name} --accept ID\n`));
  return ExitCode.failure;
}

function driftJson(d: TimedDrift) {
  return {
    id: d.taskId,
    title: d.title,
    since: d.since,
    reasons: d.reasons.map((r, i) => {
      const timing = d.timing[i];
      return {
        ...r,
        message: describeDrift(r, timing),
        ...(timing?.commit ? { commit: timing.commit } : {}),
        ...(timing?.modifiedAt ? { modifiedAt: timing.modifiedAt } : {}),
        ...(timing?.uncommitted ? { uncommitted: true } : {}),
      };
    }),
  };
}

export async function linkCommand(args: string[], ctx: CliContext): Promise<number> {
  const { positionals } = parse(args, 'spec link', {});
  const [name, taskId, ...files] = positionals;
  if (!name || !taskId) throw new UsageError('spec link needs NAME TASK [FILE…], e.g. "specwright spec link todo-cli 2.1 src/todo.js:10-40"');
  const links = files.length ? files.map((f) => {
    try {
      return parseLinkArgument(ctx.workspace, f);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }) : ('from-runs' as const);
  const inputs = links === 'from-runs' ? await loadTraceInputs(workspaceTraceSources(ctx.workspace)) : undefined;
  const result = await asUsageError(
    linkTaskFiles(ctx.workspace, name, taskId, links, { traceDir: traceDirOf(runStateDir(ctx.workspace)), ...(inputs ? { inputs } : {}), ownWrites: cliOwnWrites(ctx) }),
  );
  ctx.stdout(result.added.length ? `Linked ${result.added.join(', ')} to task ${taskId} (its "_Files:" line in tasks.md).\n` : `Task ${taskId} already links ${links === 'from-runs' ? 'those files' : files.join(', ')}; its baseline is recorded.\n`);
  return ExitCode.ok;
}
