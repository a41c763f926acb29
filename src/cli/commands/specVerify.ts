import { parseArgs } from 'node:util';
import type { ActivityEvent, CriterionVerdict } from '../../core/activity';
import { VerifyScopeError, type VerifyResult } from '../../core/agent';
import { ModelError } from '../../core/model';
import type { AutonomyLevel } from '../../core/policy';
import { SettingsError } from '../../core/settings';
import { loadSpec, TaskNotFoundError } from '../../core/spec';
import { addCriterionTasks, type AddedTask } from '../../core/verify';
import { createActivityPrinter } from '../activityPrinter';
import { cliAgentService } from '../agentHost';
import { cliMcpPorts } from '../mcpHost';
import { ExitCode, painter, UsageError, type CliContext } from '../io';
import { cliRemedyText } from '../remedyText';
import { workspaceSettings } from '../workspaceSettings';
import { cliOwnWrites } from './checkpoint';
import { parseBudget } from './run';

export const specVerifyUsage = `  specwright spec verify NAME [--task ID] [--json] [--add-tasks] [--yes] [--trust] [--autonomy L]
                  [--model M] [--max-turns N] [--budget LIMIT]
                                                    the model checks the code as it is now against each criterion
                                                    (reading the traced files and tests, running tests under the
                                                    policy and sandbox); --add-tasks appends a task per failed criterion;
                                                    --budget LIMIT: the whole check's limit, as run's per task: dollars
                                                    (0.50) or tokens (150k), over agent.budget's limits

  verify {"spec","runId","logFile","outcome":"completed|failed|stopped|budget_exceeded",
           "criteria":[{"id","text","verdict":"pass|fail|unknown","summary",
             "evidence":{"files":[{"path","lines"?:{"start","end"}}],"tests":[{"command","exitCode","output"}]}}],
           "addedTasks":[{"id","criterion","title"}]}

Exit codes: verify 0 no criterion fails, 1 a criterion fails or the check did not finish; 2 usage or configuration error.`;

export async function verifyCommand(args: string[], ctx: CliContext): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        task: { type: 'string' },
        json: { type: 'boolean', default: false },
        'add-tasks': { type: 'boolean', default: false },
        yes: { type: 'boolean', short: 'y', default: false },
        trust: { type: 'boolean', default: false },
        model: { type: 'string' },
        autonomy: { type: 'string' },
        'max-turns': { type: 'string' },
        budget: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError(`spec verify: ${(error as Error).message.split('\n')[0]}`);
  }
  const { values, positionals } = parsed;
  const [name, extra] = positionals;
  if (!name || extra) throw new UsageError('spec verify needs exactly one spec name: specwright spec verify NAME [--task ID]');
  const maxTurns = values['max-turns'] === undefined ? undefined : Number(values['max-turns']);
  if (maxTurns !== undefined && !(Number.isInteger(maxTurns) && maxTurns >= 1)) throw new UsageError(`--max-turns must be a whole number of at least 1 (got "${values['max-turns']}")`);

  const budget = values.budget === undefined ? undefined : parseBudget(values.budget);
  const autonomy = values.autonomy;
  if (autonomy !== undefined && !['cautious', 'balanced', 'full'].includes(autonomy)) throw new UsageError(`--autonomy must be one of cautious, balanced, full (got "${autonomy}")`);
  // The workspace's MCP servers as for a run: a workspace's own starts with --trust or a terminal's yes.
  const agent = cliAgentService(ctx, { yes: values.yes, trust: values.trust, mcp: await cliMcpPorts(ctx, { trust: values.trust }) });
  let prepared;
  try {
    await loadSpec(ctx.workspace, name);
    await workspaceSettings(ctx, { trust: values.trust, ask: !values.json, warnings: false });
    prepared = await agent.prepare({ workspace: ctx.workspace, ...(values.model ? { model: values.model } : {}), ...(autonomy ? { autonomy: autonomy as AutonomyLevel } : {}) });
  } catch (error) {
    throw UsageError.from(error);
  }
  const onEvent = values.json ? (_event: ActivityEvent) => undefined : createActivityPrinter(ctx, {});
  let result: VerifyResult;
  try {
    result = await agent.verify(prepared, { spec: name, signal: ctx.signal, onEvent, ...(values.task !== undefined ? { taskId: values.task } : {}), ...(maxTurns ? { maxTurns } : {}), ...(budget ? { budget } : {}) }).finished;
  } catch (error) {
    if (error instanceof VerifyScopeError || error instanceof TaskNotFoundError || error instanceof SettingsError) throw UsageError.from(error);
    if (error instanceof ModelError && ['no_api_key', 'auth_failed', 'model_not_found', 'endpoint_unreachable', 'invalid_config', 'permission_denied'].includes(error.code)) {
      ctx.stderr(`specwright: ${error.message}${error.remedy ? ` ${cliRemedyText(error.remedy)}` : ''}\n`);
      return ExitCode.usage;
    }
    throw error;
  }
  const failed = result.verdicts.filter((v) => v.verdict === 'fail');
  let added: AddedTask[] = [];
  if (values['add-tasks'] && failed.length) {
    try {
      added = await addCriterionTasks(ctx.workspace, name, failed, { ownWrites: cliOwnWrites(ctx) });
    } catch (error) {
      ctx.stderr(`specwright: the verdicts are in ${result.logFile}, but no task was added: ${(error as Error).message}\n`);
      return ExitCode.usage;
    }
  }
  if (values.json) {
    ctx.stdout(
      JSON.stringify({
        spec: name,
        runId: result.runId,
        logFile: result.logFile,
        outcome: result.outcome,
        criteria: result.verdicts.map(verdictJson),
        addedTasks: added,
      }) + '\n',
    );
  } else {
    ctx.stdout(checklist(ctx, result, added, name, values['add-tasks'] === true));
  }
  return failed.length || result.outcome !== 'completed' ? ExitCode.failure : ExitCode.ok;
}

function verdictJson(v: CriterionVerdict) {
  return { id: v.criterion, text: v.text, verdict: v.verdict, summary: v.summary, evidence: v.evidence };
}

function checklist(ctx: CliContext, result: VerifyResult, added: AddedTask[], spec: string, addTasks: boolean): string {
  const paint = painter(ctx);
  const mark = { pass: paint('green', '[✔] pass   '), fail: paint('red', '[✘] fail   '), unknown: paint('yellow', '[?] unknown') } as const;
  const lines = ['', paint('bold', `Criteria of ${spec}:`)];
  for (const v of result.verdicts) {
    lines.push(`  ${mark[v.verdict]} ${paint('bold', v.criterion)} ${v.summary}`);
    for (const f of v.evidence.files) lines.push(paint('dim', `      ${f.path}${f.lines ? `:${f.lines.start}-${f.lines.end}` : ''}`));
    for (const t of v.evidence.tests) lines.push(paint('dim', `      $ ${t.command} (exit ${t.exitCode ?? '?'})`));
  }
  for (const t of added) lines.push(paint('cyan', `Added task ${t.id} for criterion ${t.criterion} to tasks.md.`));
  const failed = result.verdicts.filter((v) => v.verdict === 'fail');
  if (failed.length && !addTasks) lines.push(paint('dim', `Turn the failed criteria into tasks: specwright spec verify ${spec} --add-tasks (or add them by hand with "_Requirements: ${failed[0]!.criterion}_").`));
  lines.push(`Run log: ${result.logFile}`, '');
  return lines.join('\n');
}
