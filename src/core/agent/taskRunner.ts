import type { ActivityStream, SandboxSummary, StepUsage, TaskRef } from '../activity';
import type { AgentMode, AutonomyLevel } from '../policy/types';
import type { SteeringDoc } from '../steering';
import type { ApprovalGate } from './approvals';
import { addUsage, zeroUsage, type Budget } from './budget';
import type { ActionPolicy, AgentHooks, ToolBox, TurnModel, UserInput } from './ports';
import { buildSystemBlocks, taskInstruction, type SpecDocuments } from './prompt';
import { parentsCompletedBy, selectUnits, type RunnableTask, type TaskSelection, type TaskStatus } from './taskSelection';
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
  steering: SteeringDoc[];
  autonomy: AutonomyLevel;
  mode: AgentMode;
  maxTurns: number;
  selfCorrectionAttempts: number;
  budget: Budget;
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
  /** The run's event stream: the host creates it first, to connect the run log and hooks to it. */
  stream: ActivityStream;
}

export interface RunOutcome {
  runId: string;
  outcome: 'completed' | 'failed' | 'stopped' | 'budget_exceeded';
  completed: TaskRef[];
  results: Array<{ task: TaskRef; result: TaskSessionResult }>;
  usage: StepUsage;
}

/** Runs the selected tasks of one spec in order; the first task that does not finish ends the run. */
export async function runTasks(options: TaskRunnerOptions, selection: TaskSelection, signal: AbortSignal): Promise<RunOutcome> {
  const stream = options.stream;
  const runId = stream.runId;
  const spec = options.spec;
  const initial = await spec.read();
  const units = selectUnits(initial.tasks, selection, options.includeOptional);
  const ref = (t: RunnableTask): TaskRef => ({ spec: spec.name, id: t.id, title: t.title });
  stream.emit({ type: 'run_started', workspace: options.workspace, model: options.model.model, autonomy: options.autonomy, mode: options.mode, tasks: units.map(ref), ...(options.sandbox ? { sandbox: options.sandbox } : {}) });
  await options.hooks?.dispatchAgentEvent({ trigger: 'SessionStart' });

  const completed: TaskRef[] = [];
  const results: RunOutcome['results'] = [];
  let usage = zeroUsage();
  let outcome: RunOutcome['outcome'] = 'completed';
  let previousTop: string | null = null;

  for (const unit of units) {
    const top = topLevelId(initial.tasks, unit);
    if (options.pauseBetweenTasks && previousTop !== null && top !== previousTop && !(await confirmNext(options, stream, unit, signal))) {
      outcome = 'stopped';
      break;
    }
    previousTop = top;
    if (signal.aborted) {
      outcome = 'stopped';
      break;
    }
    const task = ref(unit);
    const pre = await options.hooks?.dispatchAgentEvent({ trigger: 'PreTaskExecution', task });
    if (pre?.blocked) {
      const reason = `A PreTaskExecution hook blocked task ${unit.id}: ${pre.reason ?? 'no reason given'}`;
      stream.emit({ type: 'task_finished', task, status: 'failed', summary: reason });
      results.push({ task, result: { status: 'failed', summary: reason, filesChanged: [], testsPassing: null, usage: zeroUsage() } });
      outcome = 'failed';
      break;
    }
    const checkpoint = (reason: 'before-task' | 'before-approval') => takeCheckpoint(options, stream, unit.id, reason);
    await checkpoint('before-task');
    await spec.setStatus(unit.id, 'in_progress');
    stream.emit({ type: 'task_started', task });
    // Read after marking, so the spec text in the prompt stays the same for every step of the task.
    const current = await spec.read();
    options.policy.startTask?.();
    const session = new TaskSession({
      workspace: options.workspace,
      task,
      instruction: taskInstruction(briefOf(unit, current.criteria), options.resumeNote),
      system: buildSystemBlocks(options.workspace, options.steering, current.documents),
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
      ...(options.context ? { context: options.context } : {}),
      ...(options.verifyCommand ? { verifyCommand: options.verifyCommand } : {}),
      runVerification: options.runVerification,
      isTestCommand: options.isTestCommand,
      checkpoint: () => checkpoint('before-approval'),
      ...(options.userInput ? { userInput: options.userInput } : {}),
      ...(options.hooks ? { hooks: options.hooks } : {}),
    });
    let result: TaskSessionResult;
    try {
      result = await session.run();
    } catch (error) {
      await spec.setStatus(unit.id, 'todo').catch(() => undefined);
      const message = error instanceof Error ? error.message : String(error);
      stream.emit({ type: 'error', message, ...(errorCode(error) ? { code: errorCode(error)! } : {}) });
      stream.emit({ type: 'task_finished', task, status: 'failed', summary: message });
      stream.emit({ type: 'run_finished', outcome: 'failed', summary: `Task ${unit.id} failed: ${message}`, completedTasks: completed.map((t) => t.id) });
      throw error;
    }
    usage = addUsage(usage, result.usage);
    results.push({ task, result });
    void options.hooks?.dispatchAgentEvent({ trigger: 'PostTaskExecution', task }).catch(() => undefined);
    if (result.status === 'done') {
      await spec.setStatus(unit.id, 'done');
      completed.push(task);
      const doneIds = new Set(completed.map((t) => t.id));
      for (const parent of parentsCompletedBy(initial.tasks, unit.id, doneIds)) await spec.setStatus(parent.id, 'done');
      stream.emit({ type: 'task_finished', task, status: 'done', summary: completionLine(unit.id, result) });
      continue;
    }
    // Not done: never leave a task looking in progress when nothing is working on it.
    await spec.setStatus(unit.id, 'todo');
    stream.emit({ type: 'task_finished', task, status: result.status === 'stopped' ? 'stopped' : 'failed', summary: result.summary });
    outcome = result.status === 'stopped' ? 'stopped' : result.status === 'budget_exceeded' ? 'budget_exceeded' : 'failed';
    break;
  }

  const summary = runSummary(outcome, completed, units.length, usage);
  await options.hooks?.dispatchAgentEvent({ trigger: 'Stop' }).catch(() => undefined);
  stream.emit({ type: 'run_finished', outcome, summary, completedTasks: completed.map((t) => t.id) });
  return { runId, outcome, completed, results, usage };
}

/** A checkpoint that cannot be taken is reported, never fatal: the run goes on without it. */
async function takeCheckpoint(options: TaskRunnerOptions, stream: ActivityStream, task: string, reason: 'before-task' | 'before-approval'): Promise<void> {
  if (!options.checkpoints) return;
  try {
    const created = await options.checkpoints.create(task, reason);
    stream.emit({ type: 'checkpoint_created', checkpointId: created.id, task, files: created.files });
  } catch (error) {
    stream.emit({ type: 'error', code: 'checkpoint_failed', message: `No checkpoint ${reason === 'before-task' ? 'before' : 'for a step of'} task ${task}: ${error instanceof Error ? error.message : String(error)}` });
  }
}

async function confirmNext(options: TaskRunnerOptions, stream: ActivityStream, next: RunnableTask, signal: AbortSignal): Promise<boolean> {
  const approvalId = `${stream.runId}-continue-${next.id}`;
  const action = { kind: 'continue', detail: `Continue with task ${next.id}: ${next.title}?` };
  stream.emit({ type: 'approval_requested', approvalId, action, reason: 'Pausing after each top-level task, as asked.' });
  const answer = await options.approvals.request({ approvalId, action, reason: 'Pausing after each top-level task, as asked.' }, signal);
  stream.emit({ type: 'approval_resolved', approvalId, outcome: answer.outcome });
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

function runSummary(outcome: RunOutcome['outcome'], completed: TaskRef[], requested: number, usage: StepUsage): string {
  const cost = `$${usage.costUsd.toFixed(4)}`;
  const tokens = (usage.inputTokens + usage.outputTokens + usage.cacheReadTokens + usage.cacheWriteTokens).toLocaleString('en-US');
  const head = requested === 0 ? 'Nothing to do: every selected task is already done.' : `${completed.length} of ${requested} task${requested === 1 ? '' : 's'} done`;
  const tail = outcome === 'completed' ? '' : ` (${outcome.replace('_', ' ')})`;
  return `${head}${requested === 0 ? '' : tail}. ${tokens} tokens, ${cost}.`;
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' ? code : undefined;
}
