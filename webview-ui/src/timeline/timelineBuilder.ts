import type { ActivityEvent, TaskRef, StepUsage } from '../../../src/core/activity';
import type { ApprovalDecision, ApprovalOutcome } from '../../../src/shared/panelMessages';
import type { CommandStep, EventOf, OutputChunk, Step } from './steps';

/** A command keeps at most this much output (its tail): enough to read a failure, bounded in memory. */
export const OUTPUT_CAP_CHARS = 64 * 1024;

interface Place {
  parentKey: string | null;
  index: number;
}

/**
 * Turns ActivityEvents into steps, incrementally: events are appended in seq order and each append
 * touches only the steps it changes. Older pages are not spliced in: the owner rebuilds from the full
 * event list, which is rare and linear.
 */
export class TimelineBuilder {
  private readonly steps: Step[] = [];
  private published: readonly Step[] = [];
  private dirty = false;
  private readonly byKey = new Map<string, Step>();
  private readonly places = new Map<string, Place>();
  /** Step keys by the ids events refer to: `command:<id>`, `tool:<id>`, `approval:<id>`, and parent ids. */
  private readonly refs = new Map<string, string>();
  /** The unfinished run of each hook, by hook name (hook events carry no id). */
  private readonly openHooks = new Map<string, string>();
  private readonly earlyResolutions = new Map<string, { outcome: ApprovalOutcome; note?: string }>();
  private last = -1;

  currentTask: TaskRef | null = null;
  usageTotal: StepUsage | null = null;

  get lastSeq(): number {
    return this.last;
  }

  /** Adds events in seq order; an event at or below the last seq seen is a duplicate and is skipped. */
  addAll(events: readonly ActivityEvent[]): void {
    for (const event of events) this.add(event);
  }

  add(event: ActivityEvent): void {
    if (event.seq <= this.last) return;
    this.last = event.seq;
    switch (event.type) {
      case 'usage':
        // A sub-agent's usage is its lane's; the parent's next usage event carries it into the run's total.
        if (event.parentId === undefined) this.usageTotal = event.total;
        else this.updateRef(`subagent:${event.parentId}`, (s) => (s.kind === 'subagent' && !s.finish ? { ...s, usage: event.total } : s));
        return;
      case 'task_started':
        this.currentTask = event.task;
        break;
      case 'command_output':
        if (this.updateRef(`command:${event.commandId}`, (s) => (s.kind === 'command' ? appendOutput(s, event) : s))) return;
        break;
      case 'command_finished':
        if (this.updateRef(`command:${event.commandId}`, (s) => (s.kind === 'command' ? { ...s, finish: event } : s))) return;
        break;
      case 'tool_result':
        if (this.updateRef(`tool:${event.toolUseId}`, (s) => (s.kind === 'tool' ? { ...s, result: event } : s))) return;
        break;
      case 'approval_resolved':
        if (this.resolveApproval(event.approvalId, event.outcome, event.note)) return;
        break;
      case 'subagent_finished':
        if (this.updateRef(`subagent:${event.subagentId}`, (s) => (s.kind === 'subagent' ? { ...s, finish: event, usage: event.usage } : s))) return;
        break;
      case 'hook_finished': {
        const key = this.openHooks.get(event.hook);
        if (key) {
          this.openHooks.delete(event.hook);
          this.update(key, (s) => (s.kind === 'hook' ? { ...s, finish: event } : s));
          return;
        }
        break;
      }
    }
    this.insert(this.open(event));
  }

  /** Records an approval's answer; false when the request is not loaded. */
  resolveApproval(approvalId: string, outcome: ApprovalOutcome, note?: string): boolean {
    const resolution = note === undefined ? { outcome } : { outcome, note };
    const found = this.updateRef(`approval:${approvalId}`, (s) => (s.kind === 'approval' ? { ...s, resolution, sent: null } : s));
    if (!found) this.earlyResolutions.set(approvalId, resolution);
    return found;
  }

  /** Marks the answer the panel sent, so its buttons wait for the host instead of accepting a second click. */
  markSent(approvalId: string, decision: ApprovalDecision): void {
    this.updateRef(`approval:${approvalId}`, (s) => (s.kind === 'approval' && !s.resolution ? { ...s, sent: decision } : s));
  }

  /** The top-level steps; the same array until something changes. */
  snapshot(): readonly Step[] {
    if (this.dirty) {
      this.published = this.steps.slice();
      this.dirty = false;
    }
    return this.published;
  }

  // Literal objects with every field in one order (no spreads): a 10,000-event init builds fast.
  private open(event: Exclude<ActivityEvent, EventOf<'usage'>>): Step {
    const key = `${event.runId}:${event.seq}`;
    const seq = event.seq;
    const subAgent = event.parentId !== undefined;
    switch (event.type) {
      case 'command_started':
        this.ref(`command:${event.commandId}`, key, event.commandId);
        return { kind: 'command', key, seq, children: [], subAgent, start: event, output: [], droppedChars: 0, finish: null };
      case 'tool_call':
        this.ref(`tool:${event.toolUseId}`, key, event.toolUseId);
        return { kind: 'tool', key, seq, children: [], subAgent, call: event, result: null };
      case 'approval_requested': {
        this.ref(`approval:${event.approvalId}`, key, event.approvalId);
        const resolution = this.earlyResolutions.get(event.approvalId) ?? null;
        this.earlyResolutions.delete(event.approvalId);
        return { kind: 'approval', key, seq, children: [], subAgent, request: event, resolution, sent: null };
      }
      case 'subagent_started':
        this.ref(`subagent:${event.subagentId}`, key, event.subagentId);
        return { kind: 'subagent', key, seq, children: [], subAgent, start: event, finish: null, usage: null };
      case 'hook_started':
        this.openHooks.set(event.hook, key);
        // What the hook's run does (its command, its agent's steps) folds under its latest run.
        this.refs.set(`parent:${hookParentId(event.hook)}`, key);
        return { kind: 'hook', key, seq, children: [], subAgent, start: event, finish: null };
      case 'checkpoint_created':
        this.ref(`checkpoint:${event.checkpointId}`, key, event.checkpointId);
        return { kind: 'event', key, seq, children: [], subAgent, event };
      default:
        return { kind: 'event', key, seq, children: [], subAgent, event };
    }
  }

  /** Registers a step under its own id and as a possible parent of sub-agent events. */
  private ref(name: string, key: string, parentId: string): void {
    this.refs.set(name, key);
    if (!this.refs.has(`parent:${parentId}`)) this.refs.set(`parent:${parentId}`, key);
  }

  private insert(step: Step): void {
    this.byKey.set(step.key, step);
    const parentId = stepParentId(step);
    const parentKey = parentId === undefined ? undefined : this.refs.get(`parent:${parentId}`);
    const parent = parentKey === undefined ? undefined : this.byKey.get(parentKey);
    if (parentKey === undefined || parent === undefined) {
      this.places.set(step.key, { parentKey: null, index: this.steps.length });
      this.steps.push(step);
      this.dirty = true;
      return;
    }
    this.places.set(step.key, { parentKey, index: parent.children.length });
    this.replace(parentKey, { ...parent, children: [...parent.children, step] });
  }

  private updateRef(name: string, change: (step: Step) => Step): boolean {
    const key = this.refs.get(name);
    if (key === undefined) return false;
    this.update(key, change);
    return true;
  }

  private update(key: string, change: (step: Step) => Step): void {
    const step = this.byKey.get(key);
    if (!step) return;
    const next = change(step);
    if (next !== step) this.replace(key, next);
  }

  private replace(key: string, next: Step): void {
    this.byKey.set(key, next);
    const place = this.places.get(key);
    if (!place) return;
    if (place.parentKey === null) {
      this.steps[place.index] = next;
      this.dirty = true;
      return;
    }
    const parent = this.byKey.get(place.parentKey);
    if (!parent) return;
    const children = parent.children.slice();
    children[place.index] = next;
    this.replace(place.parentKey, { ...parent, children });
  }
}

/** The parentId a hook's own steps carry (the core's dispatcher and agent hooks use it). */
export function hookParentId(hook: string): string {
  return `hook:${hook}`;
}

export function stepParentId(step: Step): string | undefined {
  switch (step.kind) {
    case 'command':
      return step.start.parentId;
    case 'tool':
      return step.call.parentId;
    case 'approval':
      return step.request.parentId;
    case 'hook':
    case 'subagent':
      return step.start.parentId;
    case 'event':
      return step.event.parentId;
  }
}

function appendOutput(step: CommandStep, event: EventOf<'command_output'>): CommandStep {
  const output = step.output.slice();
  const last = output[output.length - 1];
  if (last && last.stream === event.stream) output[output.length - 1] = { stream: last.stream, text: last.text + event.text };
  else output.push({ stream: event.stream, text: event.text });
  const dropped = trimToCap(output);
  return { ...step, output, droppedChars: step.droppedChars + dropped };
}

/** Drops characters from the head of the output until it fits the cap; returns how many. */
function trimToCap(output: OutputChunk[]): number {
  let total = output.reduce((n, c) => n + c.text.length, 0);
  let dropped = 0;
  while (total > OUTPUT_CAP_CHARS && output.length > 0) {
    const first = output[0]!;
    const excess = total - OUTPUT_CAP_CHARS;
    if (first.text.length <= excess) {
      output.shift();
      total -= first.text.length;
      dropped += first.text.length;
    } else {
      output[0] = { stream: first.stream, text: first.text.slice(excess) };
      total -= excess;
      dropped += excess;
    }
  }
  return dropped;
}
