import type { StepUsage, TaskRef } from '../activity';
import { taskStart } from '../steering';
import { addUsage, BudgetWatch, zeroUsage } from './budget';
import type { ActionPolicy, ToolBox } from './ports';
import { buildSystemBlocks, taskInstruction } from './prompt';
import { SteeringSession } from './steeringSession';
import { parentsCompletedBy, type RunnableTask } from './taskSelection';
import { TaskSession, type TaskSessionResult, type VerificationOutcome } from './taskSession';
import type { RunOutcomeKind, TaskRunnerOptions } from './taskRunner';

/** What one run has done so far; tasks that run side by side share it. */
export interface RunState {
  completed: TaskRef[];
  results: Array<{ task: TaskRef; result: TaskSessionResult }>;
  usage: StepUsage;
  /** The run's last model request: the estimate of the next task's first step. */
  lastStep: StepUsage | null;
  outcome: RunOutcomeKind;
  /** Tasks marked in progress and not yet finished in the log (several when tasks run side by side). */
  inProgress: Map<string, { unit: RunnableTask; task: TaskRef }>;
  /** Says when the run's spending passes 80% of the run's or the day's budget. */
  budgetWatch: BudgetWatch;
  /** Set when the run ends on an error, to say which task it stopped. */
  summary?: string;
  /** Tasks side by side that a merge conflict stopped (after their re-run): said again when the run ends. */
  conflicts: Array<MergeConflict & { task: string }>;
}

/** Work of a task that could not be merged: the files it conflicts in, and the copy (relative to the workspace) it is kept in. */
export interface MergeConflict {
  files: string[];
  kept: string;
}

export function newRunState(options: TaskRunnerOptions): RunState {
  return { completed: [], results: [], usage: zeroUsage(), lastStep: null, outcome: 'completed', inProgress: new Map(), conflicts: [], budgetWatch: new BudgetWatch(options.budget, options.spentTodayUsd ?? 0) };
}

/** Where a task does its work: the workspace itself, or a copy of its own when tasks run side by side. */
export interface TaskPlace {
  workspace: string;
  tools: ToolBox;
  policy: ActionPolicy;
  runVerification: (command: string, signal: AbortSignal) => Promise<VerificationOutcome>;
  /** Checkpoints before the steps that needed approval: only where the work happens in the workspace itself. */
  stepCheckpoints: boolean;
}

export function workspacePlace(options: TaskRunnerOptions): TaskPlace {
  return { workspace: options.workspace, tools: options.tools, policy: options.policy, runVerification: options.runVerification, stepCheckpoints: true };
}

/**
 * Runs one unit: its PreTaskExecution hooks (null when one blocked it, logged as failed), the status
 * mark in progress, the session at `place`, and its PostTaskExecution hooks. Marking it done or open
 * again is the caller's (`finishUnit`): tasks that run side by side merge their work first.
 */
export async function runUnit(options: TaskRunnerOptions, place: TaskPlace, unit: RunnableTask, task: TaskRef, run: RunState, signal: AbortSignal): Promise<TaskSessionResult | null> {
  const { stream, spec } = options;
  const pre = await options.hooks?.dispatchAgentEvent({ trigger: 'PreTaskExecution', task });
  if (pre?.blocked) {
    const reason = `A PreTaskExecution hook blocked task ${unit.id}: ${pre.reason ?? 'no reason given'}`;
    stream.emit({ type: 'task_finished', task, status: 'failed', summary: reason });
    run.results.push({ task, result: { status: 'failed', summary: reason, filesChanged: [], testsPassing: null, usage: zeroUsage() } });
    run.outcome = 'failed';
    return null;
  }
  if (place.stepCheckpoints) await takeCheckpoint(options, unit.id, 'before-task');
  run.inProgress.set(unit.id, { unit, task });
  await spec.setStatus(unit.id, 'in_progress');
  stream.emit({ type: 'task_started', task });
  // Read after marking, so the spec text in the prompt stays the same for every step of the task.
  const current = await spec.read();
  place.policy.startTask?.();
  const steering = options.steering ? new SteeringSession(options.steering, place.workspace) : null;
  const steered = steering ? await steering.begin(taskStart(unit.text, current.documents.design), (event) => stream.emit(event)) : null;
  const session = new TaskSession({
    workspace: place.workspace,
    task,
    instruction: taskInstruction(briefOf(unit, current.criteria), options.resumeNote),
    system: buildSystemBlocks(place.workspace, steered?.text ?? '', await options.contextDocs(task), current.documents, options.profile),
    ...(steering ? { steering } : {}),
    model: options.model,
    tools: place.tools,
    policy: place.policy,
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
    runVerification: place.runVerification,
    isTestCommand: options.isTestCommand,
    ...(place.stepCheckpoints ? { checkpoint: () => takeCheckpoint(options, unit.id, 'before-approval') } : {}),
    ...(options.userInput ? { userInput: options.userInput } : {}),
    ...(options.hooks ? { hooks: options.hooks } : {}),
  });
  options.control?.attach(session);
  const result = await session.run().finally(() => options.control?.attach(null));
  run.usage = addUsage(run.usage, result.usage);
  run.lastStep = result.lastStep ?? run.lastStep;
  run.results.push({ task, result });
  void options.hooks?.dispatchAgentEvent({ trigger: 'PostTaskExecution', task }).catch(() => undefined);
  return result;
}

/**
 * Marks a unit done (and the parents it completes) or open again, and logs `task_finished`. A unit
 * that did not finish sets the run's outcome; `failure` overrides why (a merge conflict). True when done.
 */
export async function finishUnit(options: TaskRunnerOptions, tasks: RunnableTask[], unit: RunnableTask, task: TaskRef, run: RunState, result: TaskSessionResult, failure?: { summary: string; conflict?: MergeConflict }): Promise<boolean> {
  const { stream, spec } = options;
  if (result.status === 'done' && failure === undefined) {
    await spec.setStatus(unit.id, 'done');
    run.completed.push(task);
    const doneIds = new Set(run.completed.map((t) => t.id));
    for (const parent of parentsCompletedBy(tasks, unit.id, doneIds)) await spec.setStatus(parent.id, 'done');
    run.inProgress.delete(unit.id);
    stream.emit({ type: 'task_finished', task, status: 'done', summary: completionLine(unit.id, result) });
    return true;
  }
  // Not done: never leave a task looking in progress when nothing is working on it.
  await spec.setStatus(unit.id, 'todo');
  run.inProgress.delete(unit.id);
  const stopped = result.status === 'stopped' && failure === undefined;
  stream.emit({
    type: 'task_finished',
    task,
    status: stopped ? 'stopped' : 'failed',
    summary: failure?.summary ?? result.summary,
    ...(result.remedy && failure === undefined ? { remedy: result.remedy } : {}),
    ...(failure?.conflict ? { conflict: failure.conflict } : {}),
  });
  // A stop or a spent budget says more about the run than another task's failure does.
  if (run.outcome === 'completed' || run.outcome === 'failed') run.outcome = failure !== undefined ? 'failed' : stopped ? 'stopped' : result.status === 'budget_exceeded' ? 'budget_exceeded' : 'failed';
  return false;
}

export function warnOfBudget(options: TaskRunnerOptions, run: RunState, runUsd: number): void {
  for (const warning of run.budgetWatch.observe(runUsd)) options.stream.emit({ type: 'budget_warning', ...warning });
}

/** A checkpoint that cannot be taken is reported, never fatal: the run goes on without it. */
export async function takeCheckpoint(options: TaskRunnerOptions, task: string, reason: 'before-task' | 'before-approval'): Promise<void> {
  if (!options.checkpoints) return;
  try {
    const created = await options.checkpoints.create(task, reason);
    options.stream.emit({ type: 'checkpoint_created', checkpointId: created.id, task, files: created.files });
  } catch (error) {
    options.stream.emit({ type: 'error', code: 'checkpoint_failed', message: `No checkpoint ${reason === 'before-task' ? 'before' : 'for a step of'} task ${task}: ${error instanceof Error ? error.message : String(error)}` });
  }
}

function briefOf(task: RunnableTask, criteria: Map<string, string>) {
  return {
    id: task.id,
    title: task.title,
    text: task.text,
    criteria: task.requirements.flatMap((id) => (criteria.has(id) ? [{ id, text: criteria.get(id)! }] : [])),
  };
}

/** "Task 3 complete. 1 file modified, 3 tests passing." */
export function completionLine(id: string, result: TaskSessionResult): string {
  const files = result.filesChanged.length;
  const parts = [`${files} file${files === 1 ? '' : 's'} modified`];
  if (result.testsPassing !== null) parts.push(`${result.testsPassing} test${result.testsPassing === 1 ? '' : 's'} passing`);
  return `Task ${id} complete. ${parts.join(', ')}.`;
}
