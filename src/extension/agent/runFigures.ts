import type { ActivityEvent, StepUsage, TaskRef } from '../../core/activity';
import { addUsage, zeroUsage } from '../../core/agent';
import { tokenMixOf, type RunHeader, type RunState, type RunStatus } from '../../shared/panelMessages';

/**
 * What a run's header, the status bar and Show Usage say about it, folded from its events alone, so
 * a live run and a run read back from its log look the same.
 */
export class RunFigures {
  runId: string | null = null;
  /** The header's name for a transcript that is not a task run (the hooks transcript: "Hooks"). */
  title: string | null = null;
  /** 'hooks' for the transcript of the editor's hook runs (its Stop ends hook runs, not an agent). */
  kind: 'run' | 'hooks' = 'run';
  spec: string | null = null;
  /** A chat (`specwright chat`, the panel's composer): a conversation, no tasks. */
  chat = false;
  /** The workspace root the run worked in (from run_started). */
  workspace: string | null = null;
  tasks: TaskRef[] = [];
  currentTask: TaskRef | null = null;
  model: string | undefined;
  /** The custom agent the run works as, if any. */
  agent: string | undefined;
  autonomy = '';
  mode: string | undefined;
  startedAt: string | null = null;
  finishedAt: string | null = null;
  status: RunStatus = 'running';
  /** The run's usage so far: every finished task's, plus the current one's. */
  usage: StepUsage = zeroUsage();
  /** A usage event's `total` counts from the start of its task, so tasks are added up here. */
  private finishedTasksUsage: StepUsage = zeroUsage();
  private currentTaskUsage: StepUsage = zeroUsage();
  /** Set by run_finished; null while running, or when the log ends early (crash). */
  outcome: Extract<ActivityEvent, { type: 'run_finished' }>['outcome'] | null = null;
  summary = '';
  /** The latest warning that the run or the day passed 80% of its budget; null: none. */
  budgetWarning: Extract<ActivityEvent, { type: 'budget_warning' }> | null = null;

  add(event: ActivityEvent): void {
    this.runId ??= event.runId;
    this.startedAt ??= event.time;
    switch (event.type) {
      case 'run_started':
        this.tasks = event.tasks;
        this.workspace = event.workspace;
        this.spec = event.tasks[0]?.spec ?? event.verify?.spec ?? null;
        if (event.verify) this.title ??= verifyTitle(event.verify.spec, event.verify.task);
        if (event.steering) this.title ??= GENERATE_STEERING_TITLE;
        if (event.chat) {
          this.chat = true;
          this.title ??= chatTitle(event.chat.prompt);
        }
        this.model = event.model;
        this.agent = event.agent;
        this.autonomy = event.autonomy;
        this.mode = event.mode;
        this.startedAt = event.time;
        break;
      case 'criterion_verdict':
        // A `spec verify` run has no tasks: its verdicts say which spec it checked.
        this.spec ??= event.spec;
        this.title ??= verifyTitle(event.spec);
        break;
      case 'task_started':
        this.currentTask = event.task;
        this.finishedTasksUsage = addUsage(this.finishedTasksUsage, this.currentTaskUsage);
        this.currentTaskUsage = zeroUsage();
        this.usage = this.finishedTasksUsage;
        break;
      case 'usage':
        // Sub-agents report their own totals; the parent's usage events already include what it spent.
        if (event.parentId) break;
        this.currentTaskUsage = event.total;
        this.usage = addUsage(this.finishedTasksUsage, event.total);
        break;
      case 'budget_warning':
        this.budgetWarning = event;
        break;
      case 'run_finished':
        this.outcome = event.outcome;
        this.summary = event.summary;
        this.finishedAt = event.time;
        this.status = statusOfOutcome(event.outcome);
        break;
    }
  }

  get tokens(): number {
    return tokensOf(this.usage);
  }

  /** A run whose log stops without run_finished (a crash, a kill) is shown as failed once nothing writes to it. */
  markEnded(now: string): void {
    if (this.outcome !== null) return;
    this.status = 'failed';
    this.finishedAt ??= now;
  }

  header(): RunHeader | null {
    if (!this.runId) return null;
    return {
      runId: this.runId,
      task: this.title ?? describeRunTarget(this.spec, this.tasks),
      autonomy: this.autonomy || 'unknown',
      ...(this.model ? { model: this.model } : {}),
      ...(this.agent ? { agent: this.agent } : {}),
      ...(this.mode ? { mode: this.mode } : {}),
      ...(this.kind === 'hooks' ? { kind: this.kind } : {}),
    };
  }

  state(): RunState | null {
    if (!this.startedAt) return null;
    return { status: this.status, tokens: this.tokens, mix: tokenMixOf(this.usage), costUsd: this.usage.costUsd, startedAt: this.startedAt, finishedAt: this.finishedAt };
  }
}

/** Cache reads and writes are billed tokens too, so they count (as in the panel). */
export function tokensOf(usage: StepUsage): number {
  return usage.inputTokens + usage.outputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
}

export function statusOfOutcome(outcome: 'completed' | 'failed' | 'stopped' | 'budget_exceeded'): RunStatus {
  return outcome === 'completed' ? 'done' : outcome === 'stopped' ? 'stopped' : 'failed';
}

/** "todo-cli · 2.1 Add the list command", or "todo-cli · 5 tasks". */
export function describeRunTarget(spec: string | null, tasks: TaskRef[]): string {
  const name = spec ?? 'no spec';
  if (tasks.length === 1) return `${name} · ${tasks[0]!.id} ${tasks[0]!.title}`;
  if (tasks.length === 0) return `${name} · nothing to do`;
  return `${name} · ${tasks.length} tasks`;
}

/** The header of a `spec verify` run: "todo-cli · verify criteria". */
/** The header of a Generate Steering Documents run, live or read back from its log. */
export const GENERATE_STEERING_TITLE = 'Generate steering documents';

/** The header of a chat: "Chat · its first message's first line" (cut short). */
export function chatTitle(prompt: string): string {
  const first = prompt.trim().split('\n')[0] ?? '';
  return `Chat · ${first.length > 80 ? `${first.slice(0, 79)}…` : first}`;
}

export function verifyTitle(spec: string, taskId?: string): string {
  return `${spec} · verify ${taskId ? `task ${taskId}'s criteria` : 'criteria'}`;
}
