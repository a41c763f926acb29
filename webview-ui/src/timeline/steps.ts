import type { ActivityEvent, ActivityEventType, StepUsage } from '../../../src/core/activity';
import type { ApprovalDecision, ApprovalOutcome } from '../../../src/shared/panelMessages';

/**
 * A step is one row of the panel: usually one event, but a command gathers its output and exit, a tool
 * call its result, an approval its answer, a hook its finish. Steps are immutable: an update replaces
 * the step object, so rows can be memoised on identity.
 */

export type EventOf<T extends ActivityEventType> = Extract<ActivityEvent, { type: T }>;

export interface OutputChunk {
  stream: 'stdout' | 'stderr';
  text: string;
}

interface StepCommon {
  /** Stable across re-inits: `${runId}:${seq}` of the event that opened the step. */
  key: string;
  seq: number;
  /** Sub-agent steps delegated by this one (events whose parentId names it), folded under it. */
  children: readonly Step[];
  /** True for a sub-agent's step, even when its parent is not loaded. */
  subAgent: boolean;
}

export interface CommandStep extends StepCommon {
  kind: 'command';
  start: EventOf<'command_started'>;
  output: readonly OutputChunk[];
  /** Characters dropped from the start of a very long output (the panel keeps the tail). */
  droppedChars: number;
  finish: EventOf<'command_finished'> | null;
}

export interface ToolStep extends StepCommon {
  kind: 'tool';
  call: EventOf<'tool_call'>;
  result: EventOf<'tool_result'> | null;
}

export interface ApprovalStep extends StepCommon {
  kind: 'approval';
  request: EventOf<'approval_requested'>;
  resolution: { outcome: ApprovalOutcome; note?: string } | null;
  /** The answer this panel sent and the host has not confirmed yet. */
  sent: ApprovalDecision | null;
}

export interface HookStep extends StepCommon {
  kind: 'hook';
  start: EventOf<'hook_started'>;
  finish: EventOf<'hook_finished'> | null;
}

/** A sub-agent's lane under the use_subagent call: its own steps are its children. */
export interface SubagentStep extends StepCommon {
  kind: 'subagent';
  start: EventOf<'subagent_started'>;
  finish: EventOf<'subagent_finished'> | null;
  /** Its spending so far (its own usage events), until it finishes. */
  usage: StepUsage | null;
}

/** Events that never get a row of their own: they update another step or the header. */
export type FoldedEventType = 'usage';

export interface EventStep extends StepCommon {
  kind: 'event';
  event: Exclude<ActivityEvent, EventOf<FoldedEventType>>;
}

export type Step = CommandStep | ToolStep | ApprovalStep | HookStep | SubagentStep | EventStep;

export type StepCategory = 'edits' | 'commands' | 'errors';

/** Which filter buttons a step answers to (a failed command is both a command and an error). */
export function stepCategories(step: Step): StepCategory[] {
  const categories: StepCategory[] = [];
  switch (step.kind) {
    case 'command':
      categories.push('commands');
      if (step.finish && (step.finish.exitCode !== 0 || step.finish.timedOut)) categories.push('errors');
      break;
    case 'hook':
      categories.push('commands');
      if (step.finish && !step.finish.ok) categories.push('errors');
      break;
    case 'tool':
      if (step.result?.isError) categories.push('errors');
      break;
    case 'approval':
      break;
    case 'subagent':
      if (step.finish && step.finish.status !== 'done') categories.push('errors');
      break;
    case 'event': {
      const e = step.event;
      if (e.type === 'file_written' || e.type === 'checkpoint_created' || e.type === 'checkpoint_restored') categories.push('edits');
      if (e.type === 'command_output' || e.type === 'command_finished') categories.push('commands');
      if (e.type === 'test_result' || e.type === 'verification') categories.push('commands');
      if (
        e.type === 'error' ||
        e.type === 'policy_denied' ||
        (e.type === 'test_result' && e.failed > 0) ||
        (e.type === 'verification' && !e.passed) ||
        (e.type === 'hook_finished' && !e.ok) ||
        (e.type === 'task_finished' && e.status === 'failed') ||
        (e.type === 'run_finished' && (e.outcome === 'failed' || e.outcome === 'budget_exceeded'))
      ) {
        categories.push('errors');
      }
      break;
    }
  }
  return categories;
}
