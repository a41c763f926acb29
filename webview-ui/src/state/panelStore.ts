import type { ActivityEvent, CriterionVerdict, TaskRef } from '../../../src/core/activity';
import { tokenMixOf, type AgentChoice, type ApprovalDecision, type ApprovalOutcome, type HostMessage, type MentionChoice, type PromptChoice, type RunHeader, type RunState } from '../../../src/shared/panelMessages';
import type { Step } from '../timeline/steps';
import { TimelineBuilder } from '../timeline/timelineBuilder';
import { withSteering, type SteeringInPlay } from './steeringInPlay';
import { withTaskLanes, type TasksSideBySide } from './taskLanes';

export interface PanelSnapshot {
  run: RunHeader | null;
  state: RunState | null;
  steps: readonly Step[];
  currentTask: TaskRef | null;
  hasOlder: boolean;
  loadingOlder: boolean;
  /** The oldest seq held, for `requestOlder`. */
  firstSeq: number | null;
  stopRequested: boolean;
  /** Compact Conversation was clicked; until the compaction shows (or the task ends) it is not offered again. */
  compactRequested: boolean;
  /** The host has no run to show (until an `init` arrives). */
  idle: boolean;
  /** Steering documents and skills the agent was given, in the events held so far. */
  steering: readonly SteeringInPlay[];
  /** A run whose tasks run side by side: each top-level task's lane and where it stands. */
  sideBySide: TasksSideBySide | null;
  /** A `spec verify` run's verdicts, the latest per criterion, in the order they came. */
  verdicts: readonly CriterionVerdict[];
  /** Failed criteria turned into tasks (criterion → task id), or `adding` while the host works on it. */
  criterionTasks: Readonly<Record<string, string>>;
  /** What the composer completes after `#` (the workspace's, whatever run is shown). */
  mentionChoices: readonly MentionChoice[];
  /** The composer's agent picker: the custom agents, the one picked (null: Specwright's own), what was left out. */
  agents: { choices: readonly AgentChoice[]; selected: string | null; notes: readonly string[] };
  /** What `/` offers: the running MCP servers' prompts, why others offer none, and whether the host is asked. */
  prompts: { choices: readonly PromptChoice[]; problems: ReadonlyArray<{ server: string; message: string }>; loading: boolean };
  /** The prompt being filled in: its arguments asked for, then sent to the host, or what went wrong. */
  promptForm: PromptForm | null;
  /** The latest prompt text the host filled in; `serial` tells a new one from the last. */
  promptFilled: { text: string; serial: number } | null;
  /** Why the host did not send the composer's last message; `id` tells one report from the next. */
  composerError: { message: string; id: number } | null;
}

export interface PromptForm {
  prompt: PromptChoice;
  status: 'editing' | 'filling';
  error: string | null;
}

const empty: PanelSnapshot = {
  run: null,
  state: null,
  steps: [],
  currentTask: null,
  hasOlder: false,
  loadingOlder: false,
  firstSeq: null,
  stopRequested: false,
  compactRequested: false,
  idle: false,
  steering: [],
  sideBySide: null,
  verdicts: [],
  criterionTasks: {},
  mentionChoices: [],
  agents: { choices: [], selected: null, notes: [] },
  prompts: { choices: [], problems: [], loading: false },
  promptForm: null,
  promptFilled: null,
  composerError: null,
};

/** A criterion's task while the host is still adding it. */
export const ADDING_TASK = 'adding';

/**
 * The panel's model of the run: applies host messages and the user's pending intents, and hands React
 * an immutable snapshot (an external store, so a burst of appends costs one render each, not a rebuild).
 */
export class PanelStore {
  private snapshot: PanelSnapshot = empty;
  private readonly listeners = new Set<() => void>();
  private events: ActivityEvent[] = [];
  private builder = new TimelineBuilder();
  /** Kept across rebuilds (an older page rebuilds the timeline from scratch). */
  private readonly hostResolutions = new Map<string, { outcome: ApprovalOutcome; note?: string }>();
  private readonly sentDecisions = new Map<string, ApprovalDecision>();
  /** The latest verdict per criterion; a new array only when one arrives, so the checklist re-renders only then. */
  private verdicts: readonly CriterionVerdict[] = [];

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): PanelSnapshot => this.snapshot;

  receive(message: HostMessage): void {
    switch (message.type) {
      case 'init':
        this.events = message.events.slice();
        this.hostResolutions.clear();
        this.sentDecisions.clear();
        this.rebuild();
        this.publish({ ...empty, ...this.composerState(), run: message.run, state: message.state, hasOlder: message.hasOlder, steering: withSteering([], this.events), sideBySide: withTaskLanes(null, this.events) });
        return;
      case 'mentionChoices':
        this.publish({ mentionChoices: message.choices });
        return;
      case 'agentChoices':
        this.publish({ agents: { choices: message.agents, selected: message.selected, notes: message.notes } });
        return;
      case 'promptChoices':
        this.publish({ prompts: { choices: message.prompts, problems: message.problems, loading: false } });
        return;
      case 'promptFilled': {
        if (!this.isFilling(message)) return;
        this.publish({ promptForm: null, promptFilled: { text: message.text, serial: (this.snapshot.promptFilled?.serial ?? 0) + 1 } });
        return;
      }
      case 'promptFailed':
        if (!this.isFilling(message)) return;
        this.publish({ promptForm: { ...this.snapshot.promptForm!, status: 'editing', error: message.message } });
        return;
      case 'composerError':
        this.publish({ composerError: { message: message.message, id: (this.snapshot.composerError?.id ?? 0) + 1 } });
        return;
      case 'criterionTaskAdded':
        if (message.taskId === null) this.clearAddingTask(message.criterion);
        else this.publish({ criterionTasks: { ...this.snapshot.criterionTasks, [message.criterion]: message.taskId } });
        return;
      case 'append': {
        const fresh = message.events.filter((e) => e.seq > this.builder.lastSeq);
        if (fresh.length === 0) return;
        this.events.push(...fresh);
        this.builder.addAll(fresh);
        this.collectVerdicts(fresh, this.verdicts);
        const compacted = fresh.some((e) => e.parentId === undefined && (e.type === 'context_compacted' || e.type === 'task_finished'));
        this.publish({ state: this.stateAfter(fresh), steering: withSteering(this.snapshot.steering, fresh), sideBySide: withTaskLanes(this.snapshot.sideBySide, fresh), ...(compacted ? { compactRequested: false } : {}) });
        return;
      }
      case 'olderPage': {
        const first = this.events[0]?.seq ?? Number.POSITIVE_INFINITY;
        const older = message.events.filter((e) => e.seq < first);
        this.events = [...older, ...this.events];
        this.rebuild();
        this.publish({ hasOlder: message.hasOlder, loadingOlder: false, steering: withSteering([], this.events), sideBySide: withTaskLanes(null, this.events) });
        return;
      }
      case 'runState': {
        if (!this.snapshot.state) return;
        const { type: _type, ...delta } = message;
        const before = this.snapshot.state;
        const state: RunState = { ...before, ...definedOnly(delta) };
        // Elapsed time stops when the run does, and starts again if it resumes.
        if (state.status !== 'running' && !state.finishedAt) state.finishedAt = new Date().toISOString();
        if (state.status === 'running' && before.status !== 'running' && delta.finishedAt === undefined) state.finishedAt = null;
        this.publish({ state, stopRequested: this.snapshot.stopRequested && state.status === 'running' });
        return;
      }
      case 'idle':
        if (!this.snapshot.state) this.publish({ idle: true });
        return;
      case 'approvalResolved': {
        const resolution = message.note === undefined ? { outcome: message.outcome } : { outcome: message.outcome, note: message.note };
        this.hostResolutions.set(message.approvalId, resolution);
        this.sentDecisions.delete(message.approvalId);
        this.builder.resolveApproval(message.approvalId, message.outcome, message.note);
        this.publish({});
        return;
      }
    }
  }

  /** Marks an older page as requested; returns the seq to ask before, or null when none should be asked. */
  requestOlder(): number | null {
    const { hasOlder, loadingOlder, firstSeq } = this.snapshot;
    if (!hasOlder || loadingOlder || firstSeq === null) return null;
    this.publish({ loadingOlder: true });
    return firstSeq;
  }

  markApprovalSent(approvalId: string, decision: ApprovalDecision): void {
    this.sentDecisions.set(approvalId, decision);
    this.builder.markSent(approvalId, decision);
    this.publish({});
  }

  /** The panel asked the host to add a task for `criterion`: its button waits for the answer. */
  markAddingTask(criterion: string): boolean {
    if (this.snapshot.criterionTasks[criterion] !== undefined) return false;
    this.publish({ criterionTasks: { ...this.snapshot.criterionTasks, [criterion]: ADDING_TASK } });
    return true;
  }

  /** The host could not add it (it said why itself): the button is offered again. */
  private clearAddingTask(criterion: string): void {
    if (this.snapshot.criterionTasks[criterion] !== ADDING_TASK) return;
    const { [criterion]: _dropped, ...rest } = this.snapshot.criterionTasks;
    this.publish({ criterionTasks: rest });
  }

  /** The person picked an agent in the composer (null: Specwright's own). */
  pickAgent(agent: string | null): void {
    this.publish({ agents: { ...this.snapshot.agents, selected: agent } });
  }

  /** `/` was typed: the list waits for the host's answer. */
  markPromptsRequested(): void {
    this.publish({ prompts: { ...this.snapshot.prompts, loading: true } });
  }

  /** A prompt was chosen: its arguments are asked for (none: it is filled in at once). */
  choosePrompt(prompt: PromptChoice): void {
    this.publish({ promptForm: { prompt, status: prompt.arguments.length ? 'editing' : 'filling', error: null } });
  }

  /** The arguments were sent to the host; the form waits for the text. */
  markPromptFilling(): void {
    if (this.snapshot.promptForm) this.publish({ promptForm: { ...this.snapshot.promptForm, status: 'filling', error: null } });
  }

  cancelPrompt(): void {
    this.publish({ promptForm: null });
  }

  markStopRequested(): void {
    this.publish({ stopRequested: true });
  }

  markCompactRequested(): void {
    this.publish({ compactRequested: true });
  }

  /** What the composer holds whatever run is shown: kept across `init`. */
  private composerState(): Pick<PanelSnapshot, 'mentionChoices' | 'agents' | 'prompts' | 'promptForm' | 'promptFilled'> {
    const { mentionChoices, agents, prompts, promptForm, promptFilled } = this.snapshot;
    return { mentionChoices, agents, prompts, promptForm, promptFilled };
  }

  /** The host's answer is about the prompt the form is filling (not one cancelled since). */
  private isFilling(answer: { server: string; name: string }): boolean {
    const form = this.snapshot.promptForm;
    return form !== null && form.status === 'filling' && form.prompt.server === answer.server && form.prompt.name === answer.name;
  }

  private collectVerdicts(events: readonly ActivityEvent[], from: readonly CriterionVerdict[]): void {
    if (!events.some((e) => e.type === 'criterion_verdict')) {
      if (from !== this.verdicts) this.verdicts = from;
      return;
    }
    const byCriterion = new Map(from.map((v) => [v.criterion, v]));
    for (const event of events) if (event.type === 'criterion_verdict') byCriterion.set(event.criterion, event);
    this.verdicts = [...byCriterion.values()];
  }

  private rebuild(): void {
    this.collectVerdicts(this.events, []);
    this.builder = new TimelineBuilder();
    this.builder.addAll(this.events);
    for (const [id, r] of this.hostResolutions) this.builder.resolveApproval(id, r.outcome, r.note);
    for (const [id, decision] of this.sentDecisions) this.builder.markSent(id, decision);
  }

  /** Header figures the events themselves carry: token totals and the run's end. */
  private stateAfter(fresh: readonly ActivityEvent[]): RunState | null {
    let state = this.snapshot.state;
    if (!state) return state;
    for (const event of fresh) {
      if (event.type === 'usage' && event.parentId === undefined) {
        const t = event.total;
        // Cache reads and writes are billed tokens too; counting them keeps the figure in step with the cost.
        state = { ...state, tokens: t.inputTokens + t.outputTokens + t.cacheReadTokens + t.cacheWriteTokens, mix: tokenMixOf(t), costUsd: t.costUsd };
      } else if (event.type === 'run_finished') {
        const status = event.outcome === 'completed' ? 'done' : event.outcome === 'stopped' ? 'stopped' : 'failed';
        state = { ...state, status, finishedAt: state.finishedAt ?? event.time };
      }
    }
    return state;
  }

  private publish(change: Partial<PanelSnapshot>): void {
    this.snapshot = {
      ...this.snapshot,
      ...change,
      steps: this.builder.snapshot(),
      currentTask: this.builder.currentTask,
      firstSeq: this.events[0]?.seq ?? null,
      verdicts: this.verdicts,
    };
    if (this.snapshot.state?.status !== 'running') {
      this.snapshot.stopRequested = false;
      this.snapshot.compactRequested = false;
    }
    for (const listener of this.listeners) listener();
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
