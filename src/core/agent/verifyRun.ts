import * as path from 'node:path';
import type { ActivityEvent, ActivityStream, CriterionVerdict, StepUsage } from '../activity';
import type { ApprovalGate } from '../approvals';
import { RunLog } from '../runs';
import { findTask, loadSpec, SPEC_FILE_NAMES, SpecFileMissingError, TaskNotFoundError } from '../spec';
import type { SteeringCatalog } from '../steering';
import { loadTraceInputs, taskCriteria, traceSpec, type TraceSources } from '../trace';
import { verifyPrompt, VERDICT_TOOL } from '../verify';
import { BudgetWatch, zeroUsage, type Budget } from './budget';
import type { ActionPolicy, ToolBox } from './ports';
import { readOnlyMcpPolicy } from './verifyPolicy';
import type { PreparedAgent } from './prepare';
import { toolsFor } from './profile';
import { runPrompt } from './promptRun';
import { composeToolBoxes } from './tools';
import { VerdictRecorder } from './verdictTool';

export interface VerifyRequest {
  spec: string;
  /** Only the criteria this task implements; default every criterion of the spec. */
  taskId?: string;
  signal?: AbortSignal;
  /** Who answers the run's questions (a test command the policy asks about); default the host's. */
  approvals?: ApprovalGate;
  /** Where runs and trace records are read from; default the folder holding the host's run logs. */
  traceSources?: TraceSources;
  /** Model turns for the whole check; default `agent.maxTurns`. */
  maxTurns?: number;
  /** Limits for the whole check (it is one task's worth of work) over the settings' and the host's, as a run's flags. */
  budget?: Budget;
  /** Every event of the check, as it is logged. */
  onEvent?: (event: ActivityEvent) => void;
}

export interface VerifyResult {
  runId: string;
  logFile: string;
  outcome: 'completed' | 'failed' | 'stopped' | 'budget_exceeded';
  /** One per criterion asked about, in spec order; `unknown` where the model gave none. */
  verdicts: CriterionVerdict[];
  summary: string;
  usage: StepUsage;
}

/** A spec or task with nothing to verify, or an unknown task: said before any model call. */
export class VerifyScopeError extends Error {}

export interface VerifyServices {
  runsDir: string;
  /** The run's built-in tools (its sandbox, its timeouts). */
  builtinTools(prepared: PreparedAgent): Promise<ToolBox>;
  policy: ActionPolicy;
  approvals: ApprovalGate;
  steering(): Promise<SteeringCatalog>;
  /** The settings' and the host's standing limits, the lower of each (the request's own win over them). */
  budget: Budget;
  /** What is on record as spent today before this check, for the daily limit. */
  spentTodayUsd(): Promise<number>;
}

/** Only reading and running: a verification changes nothing, so the write tool is not offered. */
const READ_AND_RUN = new Set(['fs_read', 'glob', 'grep', 'execute_bash', 'knowledge']);

/**
 * `spec verify`: the model checks the code as it is now against each criterion (the trace's files
 * and tests as its lead), running tests through the policy and the sandbox like any run; each
 * verdict is a `criterion_verdict` event in the run's log. Releases `prepared` when it ends.
 */
export async function executeVerify(services: VerifyServices, prepared: PreparedAgent, request: VerifyRequest, stream: ActivityStream, signal: AbortSignal): Promise<VerifyResult> {
  try {
    return await verify(services, prepared, request, stream, signal);
  } finally {
    await prepared.release();
  }
}

async function verify(services: VerifyServices, prepared: PreparedAgent, request: VerifyRequest, stream: ActivityStream, signal: AbortSignal): Promise<VerifyResult> {
  const { workspace } = prepared;
  const spec = await loadSpec(workspace, request.spec);
  const sources = request.traceSources ?? { workspace, stateDirs: [path.dirname(services.runsDir)] };
  let criteria = traceSpec(spec, await loadTraceInputs(sources)).criteria;
  let task: { id: string; title: string } | undefined;
  if (request.taskId !== undefined) {
    if (!spec.tasks) throw new SpecFileMissingError(spec.name, SPEC_FILE_NAMES.tasks);
    const found = findTask(spec.tasks, request.taskId);
    if (!found) throw new TaskNotFoundError(request.taskId, path.join('.kiro', 'specs', spec.name, SPEC_FILE_NAMES.tasks), spec.tasks.allTasks.map((t) => t.id));
    const ids = new Set(taskCriteria(spec, found));
    criteria = criteria.filter((c) => ids.has(c.id));
    task = { id: found.id, title: found.title };
    if (!criteria.length) throw new VerifyScopeError(`Task ${found.id} of ${spec.name} cites no acceptance criterion (no "_Requirements:" line naming one), so there is nothing to verify it against.`);
  }
  if (!criteria.length) throw new VerifyScopeError(`${spec.name} has no acceptance criteria to verify (requirements.md has no "### Requirement N" with numbered criteria).`);

  const log = new RunLog(services.runsDir, stream.runId);
  const recorder = new VerdictRecorder(workspace, spec.name, new Map(criteria.map((c) => [c.id, c.text])));
  stream.subscribe((event) => {
    log.append(event);
    recorder.observe(event);
    request.onEvent?.(event);
  });
  const budget: Budget = { ...services.budget, ...request.budget };
  // Read before this check spends anything, so it is not counted twice.
  const dayUsd = budget.maxCostUsdPerDay === undefined ? 0 : await services.spentTodayUsd();
  const watch = new BudgetWatch(budget, dayUsd);
  stream.emit({
    type: 'run_started',
    workspace,
    model: prepared.model.model,
    autonomy: prepared.policy.autonomyLevel,
    mode: prepared.policy.mode,
    tasks: [],
    verify: { spec: spec.name, ...(task ? { task: task.id } : {}) },
    sandbox: prepared.sandbox.status,
  });
  // The workspace's MCP servers, as a task run has them: a check may need the same sources (an issue
  // tracker, a database's schema); a tool the server does not mark read-only is asked before each call.
  const runMcp = await prepared.mcp;
  // What the servers reported while starting is logged now, after run_started, and live from then on.
  runMcp?.hub.setActivitySink((event) => stream.emit(event));
  const mcpTools = runMcp ? [toolsFor(prepared.profile, runMcp.tools)] : [];
  const offered = (name: string) => READ_AND_RUN.has(name) || name === VERDICT_TOOL || mcpTools.some((box) => box.handles?.(name) === true);
  const readOnly = toolsFor({ name: 'verifier', allowsTool: offered }, composeToolBoxes(toolsFor(prepared.profile, await services.builtinTools(prepared)), ...mcpTools, recorder.toolBox));
  let status: VerifyResult['outcome'] = 'failed';
  let usage = zeroUsage();
  let answer = '';
  try {
    const result = await runPrompt({
      workspace,
      prompt: verifyPrompt(spec.name, criteria, task),
      model: prepared.model,
      tools: readOnly,
      policy: runMcp ? readOnlyMcpPolicy(services.policy) : services.policy,
      approvals: request.approvals ?? services.approvals,
      stream,
      signal,
      maxTurns: request.maxTurns ?? prepared.settings.agent.maxTurns,
      budget,
      spentElsewhere: { runUsd: 0, dayUsd },
      onSpent: (total) => {
        for (const warning of watch.observe(total.costUsd)) stream.emit({ type: 'budget_warning', ...warning });
      },
      steering: await services.steering(),
      ...(prepared.profile ? { profile: prepared.profile } : {}),
    });
    status = result.status === 'done' ? 'completed' : result.status;
    usage = result.usage;
    answer = result.output;
  } catch (error) {
    stream.emit({ type: 'error', message: (error as Error).message });
    status = signal.aborted ? 'stopped' : 'failed';
  }
  const given = new Set(recorder.recorded().map((v) => v.criterion));
  const why = status === 'completed' ? 'The model gave no verdict on it.' : `The verification ended (${status.replace('_', ' ')}) before the model gave a verdict on it.`;
  for (const c of criteria) {
    if (!given.has(c.id)) stream.emit({ type: 'criterion_verdict', spec: spec.name, criterion: c.id, text: c.text, verdict: 'unknown', summary: why, evidence: { files: [], tests: [] } });
  }
  const verdicts = recorder.recorded();
  const count = (v: CriterionVerdict['verdict']) => verdicts.filter((x) => x.verdict === v).length;
  const summary = `${verdicts.length} ${verdicts.length === 1 ? 'criterion' : 'criteria'}: ${count('pass')} pass, ${count('fail')} fail, ${count('unknown')} unknown.${answer ? ` ${answer.split('\n')[0]!.slice(0, 200)}` : ''}`;
  stream.emit({ type: 'run_finished', outcome: status, summary, completedTasks: [] });
  return { runId: stream.runId, logFile: log.file, outcome: status, verdicts, summary, usage };
}
