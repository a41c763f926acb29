import { formatCost, formatTokenCount, type ActivityStream, type SandboxSummary, type StepUsage, type TaskRef } from '../activity';
import { askApproval, type ApprovalGate } from '../approvals';
import type { AgentMode, AutonomyLevel } from '../policy/types';
import type { SteeringCatalog } from '../steering';
import { remedyOf } from '../remedy';
import { totalTokens, type Budget } from './budget';
import type { ContextDoc } from './context';
import { fileList, runGroupsSideBySide, type TaskLanes } from './parallelTasks';
import type { ActionPolicy, AgentHooks, ToolBox, TurnModel, UserInput } from './ports';
import type { AgentProfile } from './profile';
import type { SpecDocuments } from './prompt';
import { planTaskGroups } from './taskGraph';
import { selectUnits, type RunnableTask, type TaskSelection, type TaskStatus } from './taskSelection';
import type { RunControl } from './runControl';
import type { TaskSessionOptions, TaskSessionResult, VerificationOutcome } from './taskSession';
import { finishUnit, newRunState, runUnit, warnOfBudget, workspacePlace, type RunState } from './taskUnit';

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
  /**
   * Run top-level tasks side by side, each in a copy of the workspace of its own, as their
   * `_Depends:_` lines allow (a task without one waits for the one before it).
   */
  sideBySide?: TaskLanes;
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
  // Checked before run_started: a broken _Depends:_ line is a usage error, like an unknown task.
  const groups = options.sideBySide ? planTaskGroups(initial.tasks, units) : null;
  stream.emit({ type: 'run_started', workspace: options.workspace, model: options.model.model, ...(options.profile ? { agent: options.profile.name } : {}), autonomy: options.autonomy, mode: options.mode, tasks: units.map(ref), ...(options.sandbox ? { sandbox: options.sandbox } : {}), ...(groups && options.sideBySide ? { sideBySide: { limit: options.sideBySide.limit } } : {}) });

  const run: RunState = newRunState(options);
  let failure: unknown = null;
  try {
    await options.hooks?.dispatchAgentEvent({ trigger: 'SessionStart' });
    warnOfBudget(options, run, run.usage.costUsd);
    if (groups && options.sideBySide) await runGroupsSideBySide({ ...options, spec: oneEditAtATime(spec) }, options.sideBySide, initial.tasks, groups, run, signal);
    else await runUnits(options, initial.tasks, units.map((unit) => ({ unit, task: ref(unit) })), run, signal);
  } catch (error) {
    run.outcome = signal.aborted ? 'stopped' : 'failed';
    if (!signal.aborted) failure = error;
    await abandonTasksInProgress(options, run, error, signal);
  } finally {
    await options.hooks?.dispatchAgentEvent({ trigger: 'Stop' }).catch(() => undefined);
    stream.emit({ type: 'run_finished', outcome: run.outcome, summary: run.summary ?? runSummary(run.outcome, run.completed, units.length, run.usage) + conflictsNote(run), completedTasks: run.completed.map((t) => t.id) });
  }
  if (failure) throw failure;
  return { runId: stream.runId, outcome: run.outcome, completed: run.completed, results: run.results, usage: run.usage };
}

async function runUnits(options: TaskRunnerOptions, tasks: RunnableTask[], units: Array<{ unit: RunnableTask; task: TaskRef }>, run: RunState, signal: AbortSignal): Promise<void> {
  const place = workspacePlace(options);
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
    const result = await runUnit(options, place, unit, task, run, signal);
    if (!result || !(await finishUnit(options, tasks, unit, task, run, result))) return;
  }
}

/** After a throw or a stop mid-task: the error on record, and the tasks under way open again and logged as finished. */
async function abandonTasksInProgress(options: TaskRunnerOptions, run: RunState, error: unknown, signal: AbortSignal): Promise<void> {
  const { stream } = options;
  const message = signal.aborted ? 'Stopped by the user.' : error instanceof Error ? error.message : String(error);
  if (!signal.aborted) {
    const code = errorCode(error);
    const remedy = remedyOf(error);
    stream.emit({ type: 'error', message, ...(code ? { code } : {}), ...(remedy ? { remedy } : {}) });
  }
  const abandoned = [...run.inProgress.values()];
  run.inProgress.clear();
  if (!abandoned.length) {
    if (!signal.aborted) run.summary = `The run failed: ${message}`;
    return;
  }
  for (const current of abandoned) {
    // Best effort: the status edit may be what failed.
    await options.spec.setStatus(current.unit.id, 'todo').catch(() => undefined);
    stream.emit({ type: 'task_finished', task: current.task, status: signal.aborted ? 'stopped' : 'failed', summary: message });
  }
  if (!signal.aborted) run.summary = `Task ${abandoned.map((c) => c.unit.id).join(', ')} failed: ${message}`;
}

/** Status edits one after another: tasks that run side by side finish at any time, and each edit reads the file it changes. */
function oneEditAtATime(spec: SpecAccess): SpecAccess {
  let last: Promise<unknown> = Promise.resolve();
  return {
    name: spec.name,
    read: () => spec.read(),
    setStatus(taskId, status) {
      const next = last.then(() => spec.setStatus(taskId, status));
      last = next.catch(() => undefined);
      return next;
    },
  };
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

function topLevelId(tasks: RunnableTask[], task: RunnableTask): string {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  let current = task;
  while (current.parentId && byId.has(current.parentId)) current = byId.get(current.parentId)!;
  return current.id;
}

function runSummary(outcome: RunOutcomeKind, completed: TaskRef[], requested: number, usage: StepUsage): string {
  const cost = formatCost(usage.costUsd);
  const tokens = formatTokenCount(totalTokens(usage));
  const head = requested === 0 ? 'Nothing to do: every selected task is already done.' : `${completed.length} of ${requested} task${requested === 1 ? '' : 's'} done`;
  const tail = outcome === 'completed' ? '' : ` (${outcome.replace('_', ' ')})`;
  return `${head}${requested === 0 ? '' : tail}. ${tokens} tokens, ${cost}.`;
}

/** Tasks side by side a merge conflict stopped: the run's last line names them, as each task's own line did. */
function conflictsNote(run: RunState): string {
  return run.conflicts.map((c) => ` Task ${c.task} was not merged: it conflicts with the other tasks' work in ${fileList(c.files)} (its work is kept in ${c.kept}).`).join('');
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' ? code : undefined;
}
