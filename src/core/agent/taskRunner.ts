import { formatCost, formatTokenCount, type ActivityStream, type SandboxSummary, type StepUsage, type TaskRef } from '../activity';
import { askApproval, type ApprovalGate } from '../approvals';
import type { AgentMode, AutonomyLevel } from '../policy/types';
import { taskStart, type SteeringCatalog } from '../steering';
import { remedyOf } from '../remedy';
import { addUsage, BudgetWatch, totalTokens, zeroUsage, type Budget } from './budget';
import type { ContextDoc } from './context';
import type { ActionPolicy, AgentHooks, ToolBox, TurnModel, UserInput } from './ports';
import type { AgentProfile } from './profile';
import { buildSystemBlocks, taskInstruction, type SpecDocuments } from './prompt';
import { SteeringSession } from './steeringSession';
import { parentsCompletedBy, selectUnits, type RunnableTask, type TaskSelection, type TaskStatus } from './taskSelection';
import type { RunControl } from './runControl';
import { TaskSession, type TaskSessionOptions, type TaskSessionResult, type VerificationOutcome } from './taskSession';

/** The spec as the runner needs it: read fresh before every task, and mark statuses surgically. */
export interface SpecAccess {
  readonly name: string;
  read(): Promise<{ documents: SpecDocuments; tasks: RunnableTask[]; criteria: Map<string, string> }>;
  setStatus(taskId: string, status: TaskStatus): Promise<void>;
}

/** Snapshots the workspace so a task (or a risky step) can be rolled back. */
export interface CheckpointPort {
  create(task: string | null, reason: 'before-task' | 'before-approval'): Promise<{ id: string; files: number }>;
}

export interface TaskRunnerOptions {
  workspace: string;
  /** Said once in the run header: whether commands are sandboxed, and if not why and how to enable it. */
  sandbox?: SandboxSummary;
  spec: SpecAccess;
  model: TurnModel;
  tools: ToolBox;
  policy: ActionPolicy;
  approvals: ApprovalGate;
  /** The workspace's steering: each task starts a SteeringSession of its own from it. None: no steering. */
  steering?: SteeringCatalog;
  /** Context beyond steering for the system prompt, read before each task. */
  contextDocs: (task: TaskRef) => Promise<ContextDoc[]>;
  /** The agent doing the work, when it is not Specwright's default one. */
  profile?: AgentProfile;
  autonomy: AutonomyLevel;
  mode: AgentMode;
  maxTurns: number;
  selfCorrectionAttempts: number;
  budget: Budget;
  /** Cost on record for today before this run (runs, hooks, spec writing), for agent.budget.maxCostUsdPerDay. */
  spentTodayUsd?: number;
  /** The model's context window and when to compact; defaults when unset. */
  context?: TaskSessionOptions['context'];
  verifyCommand?: string;
  runVerification: (command: string, signal: AbortSignal) => Promise<VerificationOutcome>;
  isTestCommand: (command: string) => boolean;
  checkpoints?: CheckpointPort;
  userInput?: UserInput;
  /** Ask before moving on to the next top-level task. */
  pauseBetweenTasks?: boolean;
  includeOptional?: boolean;
  /** Context for a resumed run: what the interrupted attempt did. */
  resumeNote?: string;
  hooks?: AgentHooks;
  /** Where the host reaches the task under way (Compact Conversation). */
  control?: RunControl;
  /** The run's event stream: the host creates it first, to connect the run log and hooks to it. */
  stream: ActivityStream;
}

export type RunOutcomeKind = 'completed' | 'failed' | 'stopped' | 'budget_exceeded';

export interface RunOutcome {
  runId: string;
  outcome: RunOutcomeKind;
  completed: TaskRef[];
  results: Array<{ task: TaskRef; result: TaskSessionResult }>;
  usage: StepUsage;
}

/**
 * Runs the selected tasks of one spec in order; the first task that does not finish ends the run.
 *
 * Once `run_started` is logged, `run_finished` is too, whatever happens: a task that does not finish,
 * a stop (also while a question waits), a hook or a status edit that throws, a crash in a tool or the
 * model. A task left in progress is set back to open and logged as finished first. An unexpected
 * error is rethrown after that; a stop is not an error.
 */
export async function runTasks(options: TaskRunnerOptions, selection: TaskSelection, signal: AbortSignal): Promise<RunOutcome> {
  const { stream, spec } = options;
  const initial = await spec.read();
  const units = selectUnits(initial.tasks, selection, options.includeOptional);
  const ref = (t: RunnableTask): TaskRef => ({ spec: spec.name, id: t.id, title: t.title });
  stream.emit({ type: 'run_started', workspace: options.workspace, model: options.model.model, ...(options.profile ? { agent: options.profile.name } : {}), autonomy: options.autonomy, mode: options.mode, tasks: units.map(ref), ...(options.sandbox ? { sandbox: options.sandbox } : {}) });

  const run: RunState = { completed: [], results: [], usage: zeroUsage(), lastStep: null, outcome: 'completed', current: null, budgetWatch: new BudgetWatch(options.budget, options.spentTodayUsd ?? 0) };
  let failure: unknown = null;
  try {
    await options.hooks?.dispatchAgentEvent({ trigger: 'SessionStart' });
    warnOfBudget(options, run, run.usage.costUsd);
    await runUnits(options, initial.tasks, units.map((unit) => ({ unit, task: ref(unit) })), run, signal);
  } catch (error) {
    run.outcome = signal.aborted ? 'stopped' : 'failed';
    if (!signal.aborted) failure = error;
    await abandonCurrentTask(options, run, error, signal);
  } finally {
    await options.hooks?.dispatchAgentEvent({ trigger: 'Stop' }).catch(() => undefined);
    stream.emit({ type: 'run_finished', outcome: run.outcome, summary: run.summary ?? runSummary(run.outcome, run.completed, units.length, run.usage), completedTasks: run.completed.map((t) => t.id) });
  }
  if (failure) throw failure;
  return { runId: stream.runId, outcome: run.outcome, completed: run.completed, results: run.results, usage: run.usage };
}

interface RunState {
  completed: TaskRef[];
  results: RunOutcome['results'];
  usage: StepUsage;
  /** The run's last model request: the estimate of the next task's first step. */
  lastStep: StepUsage | null;
  outcome: RunOutcomeKind;
  /** The task marked in progress and not yet finished in the log. */
  current: { unit: RunnableTask; task: TaskRef } | null;
  /** Says when the run's spending passes 80% of the run's or the day's budget. */
  budgetWatch: BudgetWatch;
  /** Set when the run ends on an error, to say which task it stopped. */
  summary?: string;
}

async function runUnits(options: TaskRunnerOptions, tasks: RunnableTask[], units: Array<{ unit: RunnableTask; task: TaskRef }>, run: RunState, signal: AbortSignal): Promise<void> {
  const { stream, spec } = options;
  let previousTop: string | null = null;
  for (const { unit, task } of units) {
    const top = topLevelId(tasks, unit);
    if (options.pauseBetweenTasks && previousTop !== null && top !== previousTop && !(await confirmNext(options, unit, signal))) {
      run.outcome = 'stopped';
      return;
    }
    previousTop = top;
    if (signal.aborted) {
      run.outcome = 'stopped';
      return;
    }
    const pre = await options.hooks?.dispatchAgentEvent({ trigger: 'PreTaskExecution', task });
    if (pre?.blocked) {
      const reason = `A PreTaskExecution hook blocked task ${unit.id}: ${pre.reason ?? 'no reason given'}`;
      stream.emit({ type: 'task_finished', task, status: 'failed', summary: reason });
      run.results.push({ task, result: { status: 'failed', summary: reason, filesChanged: [], testsPassing: null, usage: zeroUsage() } });
      run.outcome = 'failed';
      return;
    }
    const checkpoint = (reason: 'before-task' | 'before-approval') => takeCheckpoint(options, unit.id, reason);
    await checkpoint('before-task');
    run.current = { unit, task };
    await spec.setStatus(unit.id, 'in_progress');
    stream.emit({ type: 'task_started', task });
    // Read after marking, so the spec text in the prompt stays the same for every step of the task.
    const current = await spec.read();
    options.policy.startTask?.();
    const steering = options.steering ? new SteeringSession(options.steering, options.workspace) : null;
    const steered = steering ? await steering.begin(taskStart(unit.text, current.documents.design), (event) => stream.emit(event)) : null;
    const session = new TaskSession({
      workspace: options.workspace,
      task,
      instruction: taskInstruction(briefOf(unit, current.criteria), options.resumeNote),
      system: buildSystemBlocks(options.workspace, steered?.text ?? '', await options.contextDocs(task), current.documents, options.profile),
      ...(steering ? { steering } : {}),
      model: options.model,
      tools: options.tools,
      policy: options.policy,
      approvals: options.approvals,
      stream,
      signal,
      mode: options.mode,
      maxTurns: options.maxTurns,
      selfCorrectionAttempts: options.selfCorrectionAttempts,
      budget: options.budget,
      spentElsewhere: { runUsd: run.usage.costUsd, dayUsd: options.spentTodayUsd ?? 0, lastStep: run.lastStep },
      onSpent: (taskTotal) => warnOfBudget(options, run, run.usage.costUsd + taskTotal.costUsd),
      ...(options.context ? { context: options.context } : {}),
      ...(options.verifyCommand ? { verifyCommand: options.verifyCommand } : {}),
      runVerification: options.runVerification,
      isTestCommand: options.isTestCommand,
      checkpoint: () => checkpoint('before-approval'),
      ...(options.userInput ? { userInput: options.userInput } : {}),
      ...(options.hooks ? { hooks: options.hooks } : {}),
    });
    options.control?.attach(session);
    const result = await session.run().finally(() => options.control?.attach(null));
    run.usage = addUsage(run.usage, result.usage);
    run.lastStep = result.lastStep ?? run.lastStep;
    run.results.push({ task, result });
    void options.hooks?.dispatchAgentEvent({ trigger: 'PostTaskExecution', task }).catch(() => undefined);
    if (result.status === 'done') {
      await spec.setStatus(unit.id, 'done');
      run.completed.push(task);
      const doneIds = new Set(run.completed.map((t) => t.id));
      for (const parent of parentsCompletedBy(tasks, unit.id, doneIds)) await spec.setStatus(parent.id, 'done');
      run.current = null;
      stream.emit({ type: 'task_finished', task, status: 'done', summary: completionLine(unit.id, result) });
      continue;
    }
    // Not done: never leave a task looking in progress when nothing is working on it.
    await spec.setStatus(unit.id, 'todo');
    run.current = null;
    stream.emit({ type: 'task_finished', task, status: result.status === 'stopped' ? 'stopped' : 'failed', summary: result.summary, ...(result.remedy ? { remedy: result.remedy } : {}) });
    run.outcome = result.status === 'stopped' ? 'stopped' : result.status === 'budget_exceeded' ? 'budget_exceeded' : 'failed';
    return;
  }
}

function warnOfBudget(options: TaskRunnerOptions, run: RunState, runUsd: number): void {
  for (const warning of run.budgetWatch.observe(runUsd)) options.stream.emit({ type: 'budget_warning', ...warning });
}

/** After a throw or a stop mid-task: the error on record, and the task open again and logged as finished. */
async function abandonCurrentTask(options: TaskRunnerOptions, run: RunState, error: unknown, signal: AbortSignal): Promise<void> {
  const { stream } = options;
  const message = signal.aborted ? 'Stopped by the user.' : error instanceof Error ? error.message : String(error);
  if (!signal.aborted) {
    const code = errorCode(error);
    const remedy = remedyOf(error);
    stream.emit({ type: 'error', message, ...(code ? { code } : {}), ...(remedy ? { remedy } : {}) });
  }
  const current = run.current;
  if (!current) {
    if (!signal.aborted) run.summary = `The run failed: ${message}`;
    return;
  }
  run.current = null;
  // Best effort: the status edit may be what failed.
  await options.spec.setStatus(current.unit.id, 'todo').catch(() => undefined);
  stream.emit({ type: 'task_finished', task: current.task, status: signal.aborted ? 'stopped' : 'failed', summary: message });
  if (!signal.aborted) run.summary = `Task ${current.unit.id} failed: ${message}`;
}

/** A checkpoint that cannot be taken is reported, never fatal: the run goes on without it. */
async function takeCheckpoint(options: TaskRunnerOptions, task: string, reason: 'before-task' | 'before-approval'): Promise<void> {
  if (!options.checkpoints) return;
  try {
    const created = await options.checkpoints.create(task, reason);
    options.stream.emit({ type: 'checkpoint_created', checkpointId: created.id, task, files: created.files });
  } catch (error) {
    options.stream.emit({ type: 'error', code: 'checkpoint_failed', message: `No checkpoint ${reason === 'before-task' ? 'before' : 'for a step of'} task ${task}: ${error instanceof Error ? error.message : String(error)}` });
  }
}

async function confirmNext(options: TaskRunnerOptions, next: RunnableTask, signal: AbortSignal): Promise<boolean> {
  const request = {
    approvalId: `${options.stream.runId}-continue-${next.id}`,
    action: { kind: 'continue', detail: `Continue with task ${next.id}: ${next.title}?` },
    reason: 'Pausing after each top-level task, as asked.',
  };
  const answer = await askApproval((event) => options.stream.emit(event), options.approvals, request, signal);
  return answer.outcome !== 'rejected';
}

function briefOf(task: RunnableTask, criteria: Map<string, string>) {
  return {
    id: task.id,
    title: task.title,
    text: task.text,
    criteria: task.requirements.flatMap((id) => (criteria.has(id) ? [{ id, text: criteria.get(id)! }] : [])),
  };
}

function topLevelId(tasks: RunnableTask[], task: RunnableTask): string {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  let current = task;
  while (current.parentId && byId.has(current.parentId)) current = byId.get(current.parentId)!;
  return current.id;
}

/** "Task 3 complete. 1 file modified, 3 tests passing." */
export function completionLine(id: string, result: TaskSessionResult): string {
  const files = result.filesChanged.length;
  const parts = [`${files} file${files === 1 ? '' : 's'} modified`];
  if (result.testsPassing !== null) parts.push(`${result.testsPassing} test${result.testsPassing === 1 ? '' : 's'} passing`);
  return `Task ${id} complete. ${parts.join(', ')}.`;
}

function runSummary(outcome: RunOutcomeKind, completed: TaskRef[], requested: number, usage: StepUsage): string {
  const cost = formatCost(usage.costUsd);
  const tokens = formatTokenCount(totalTokens(usage));
  const head = requested === 0 ? 'Nothing to do: every selected task is already done.' : `${completed.length} of ${requested} task${requested === 1 ? '' : 's'} done`;
  const tail = outcome === 'completed' ? '' : ` (${outcome.replace('_', ' ')})`;
  return `${head}${requested === 0 ? '' : tail}. ${tokens} tokens, ${cost}.`;
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' ? code : undefined;
}
