import { parseArgs } from 'node:util';
import { listRunLogs, readRunLog, reportFromEvents, runsDirOf, verificationColumn } from '../../core/runs';
import { ExitCode, formatTable, painter, UsageError, type Colour, type CommandDefinition } from '../io';

const usage = `Usage: specwright runs <list|show> [RUN_ID] [--json]

  list [--json]          agent runs (and chats) of this workspace, newest first
  show [RUN_ID] [--json] what a run completed, what it did not, and the files it changed
                         (default: the newest run). Answers "what did you complete?" from the run log.`;

export const runsCommand: CommandDefinition = {
  name: 'runs',
  summary: 'list agent runs and report what each completed',
  usage,
  run: async (args, ctx) => {
    const { values, positionals } = parse(args);
    const [sub, id] = positionals;
    const logs = await listRunLogs(runsDirOf(ctx.workspace));
    if (sub === 'list') {
      const reports = await Promise.all(logs.map(async (log) => reportFromEvents((await readRunLog(log.file)).events)));
      if (values.json) {
        ctx.stdout(JSON.stringify({ runs: reports.map(({ runId, kind, spec, outcome, completed, remaining, verification, steeringDocuments }) => ({ runId, ...(kind === 'chat' ? { kind } : {}), spec, outcome, completed: completed.map((t) => t.id), remaining: remaining.map((t) => t.id), ...(verification ? { verification } : {}), ...(steeringDocuments ? { steering: { documents: steeringDocuments } } : {}) })) }) + '\n');
        return ExitCode.ok;
      }
      if (!reports.length) ctx.stdout('No agent runs yet.\n');
      const paint = painter(ctx);
      const colour = (o: string): Colour => (o === 'completed' ? 'green' : o === 'stopped' || o === 'budget_exceeded' ? 'yellow' : 'red');
      ctx.stdout(formatTable(reports.map((r) => [r.runId, r.kind === 'chat' ? 'chat' : (r.spec ?? ''), paint(colour(r.outcome), r.outcome), r.kind === 'chat' ? '' : r.verification ? verificationColumn(r.verification) : r.steeringDocuments ? `steering: ${r.steeringDocuments.join(', ')}` : `${r.completed.length}/${r.requested.length} tasks`])) + (reports.length ? '\n' : ''));
      return ExitCode.ok;
    }
    if (sub === 'show') {
      const log = id ? logs.find((l) => l.runId === id || l.runId.startsWith(id)) : logs[0];
      if (!log) throw new UsageError(id ? `no run "${id}"; see "specwright runs list"` : 'no agent runs yet');
      const { events, badLines } = await readRunLog(log.file);
      const report = reportFromEvents(events);
      if (values.json) ctx.stdout(JSON.stringify({ ...report, badLines }) + '\n');
      else ctx.stdout(`${report.runId} (${report.kind === 'chat' ? 'chat' : (report.spec ?? 'no spec')}, ${report.outcome})\n${report.summary}\n`);
      return ExitCode.ok;
    }
    throw new UsageError(sub ? `unknown runs command "${sub}"; use list or show` : 'runs needs a command: list or show');
  },
};

function parse(args: string[]) {
  try {
    return parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
