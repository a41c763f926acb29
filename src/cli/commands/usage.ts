import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { formatCost, formatTokens } from '../../core/activity';
import { runStateDir } from '../../core/checkpoints';
import { aggregateUsage, collectUsage, parseSince, totalTokens, USAGE_GROUPINGS, type UsageFigures, type UsageGrouping } from '../../core/usage';
import { ExitCode, formatTable, painter, UsageError, type CommandDefinition } from '../io';

const usage = `Usage: specwright usage [--since 7d] [--by task|spec|day|model] [--state-dir DIR]... [--json]

Tokens and cost of every model call on record: agent runs (each step of each task, and agent hooks
inside runs), and calls outside runs (spec phases, commit messages, hook drafts, agent hooks fired
by the editor), split into fresh input, cache reads, cache writes and output.

  --since       a duration back from now (90min, 24h, 7d, 2w) or a date (2026-03-01); default all
  --by          rows per day (default), task, spec or model
  --state-dir   read this state folder too (the VS Code extension's storage folder of this
                workspace holds its own runs/ and usage.jsonl); .kiro/.specwright is always read

JSON: {"since","by","rows":[{"key","label","calls","inputTokens","cacheReadTokens","cacheWriteTokens","outputTokens","costUsd"}],
       "total":{"calls","inputTokens","cacheReadTokens","cacheWriteTokens","outputTokens","costUsd"},"files","unreadable":[{"file","lines"}]}`;

export const usageCommand: CommandDefinition = {
  name: 'usage',
  summary: 'tokens and cost of runs, hooks and spec writing, by day, task, spec or model',
  usage,
  run: async (args, ctx) => {
    let values;
    try {
      ({ values } = parseArgs({
        args,
        options: { since: { type: 'string' }, by: { type: 'string' }, 'state-dir': { type: 'string', multiple: true }, json: { type: 'boolean' } },
        strict: true,
      }));
    } catch (error) {
      throw new UsageError(`usage: ${(error as Error).message.split('\n')[0]}`);
    }
    const by = (values.by ?? 'day') as UsageGrouping;
    if (!USAGE_GROUPINGS.includes(by)) throw new UsageError(`--by must be one of ${USAGE_GROUPINGS.join(', ')} (got "${values.by}")`);
    const since = values.since === undefined ? undefined : parseSince(values.since);
    if (since === null) throw new UsageError(`--since takes a duration such as 24h, 7d or 2w, or a date such as 2026-03-01 (got "${values.since}")`);
    const dirs = [runStateDir(ctx.workspace), ...(values['state-dir'] ?? []).map((d) => path.resolve(ctx.workspace, d))];
    const collected = await collectUsage(dirs, since ? { since } : {});
    const report = aggregateUsage(collected.records, { by });

    if (values.json) {
      ctx.stdout(JSON.stringify({ since: since?.toISOString() ?? null, by, rows: report.rows, total: report.total, files: collected.files, unreadable: collected.unreadable }) + '\n');
      return ExitCode.ok;
    }
    const paint = painter(ctx);
    if (!report.rows.length) {
      ctx.stdout(since ? `No model calls since ${since.toISOString().slice(0, 16).replace('T', ' ')}.\n` : 'No model calls on record yet.\n');
      return ExitCode.ok;
    }
    const cells = (f: UsageFigures) => [String(f.calls), formatTokens(f.inputTokens), formatTokens(f.cacheReadTokens), formatTokens(f.cacheWriteTokens), formatTokens(f.outputTokens), formatTokens(totalTokens(f)), formatCost(f.costUsd)];
    const header = [by.toUpperCase(), 'CALLS', 'INPUT', 'CACHE READ', 'CACHE WRITE', 'OUTPUT', 'TOKENS', 'COST'].map((c) => paint('bold', c));
    const rows = report.rows.map((row) => [row.label, ...cells(row)]);
    ctx.stdout(formatTable([header, ...rows, [paint('bold', 'total'), ...cells(report.total).map((c) => paint('bold', c))]]) + '\n');
    for (const { file, lines } of collected.unreadable) ctx.stderr(paint('yellow', `! ${file}: ${lines} line${lines === 1 ? '' : 's'} could not be read and are not counted`) + '\n');
    return ExitCode.ok;
  },
};
