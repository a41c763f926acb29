import type { TaskRef } from '../../core/activity';
import type { Remedy } from '../../core/remedy';
import { remedyText } from '../../shared/remedyText';

/** Button labels of the end-of-run notification; they are also the titles of the commands they run. */
export const NOTICE_ACTIONS = {
  resume: 'Resume from Last Checkpoint',
  discard: 'Discard Changes and Restart',
  openActivity: 'Open Agent Activity',
} as const;
export type NoticeAction = (typeof NOTICE_ACTIONS)[keyof typeof NOTICE_ACTIONS];

export interface RunEnding {
  outcome: 'completed' | 'failed' | 'stopped' | 'budget_exceeded';
  /** The run's own one-line summary (run_finished). */
  summary: string;
  completed: TaskRef[];
  /** Requested tasks that did not finish. */
  remaining: TaskRef[];
  /** What the person can do about the task that did not finish (more turns, say). */
  remedy?: Remedy;
}

export interface OutcomeNotice {
  severity: 'info' | 'warning';
  text: string;
  actions: NoticeAction[];
}

/**
 * What to tell the user when a run ends. A run that did not finish offers to resume (keep the
 * changes) or to discard them and start the task again from its checkpoint.
 */
export function outcomeNotice(ending: RunEnding): OutcomeNotice {
  const next = ending.remaining[0];
  const task = next ? `Task ${next.id} (${next.title})` : 'The task';
  switch (ending.outcome) {
    case 'completed':
      return { severity: 'info', text: `Specwright: the agent finished. ${ending.summary}`, actions: [NOTICE_ACTIONS.openActivity] };
    case 'stopped':
      return {
        severity: 'warning',
        text: `Specwright: the agent was stopped. ${task} is not done; its changes so far are still in the workspace.`,
        actions: [NOTICE_ACTIONS.resume, NOTICE_ACTIONS.discard, NOTICE_ACTIONS.openActivity],
      };
    case 'budget_exceeded':
      return {
        severity: 'warning',
        text: `Specwright: ${task.charAt(0).toLowerCase() + task.slice(1)} stopped at its budget and is not done. ${ending.summary}`,
        actions: [NOTICE_ACTIONS.resume, NOTICE_ACTIONS.discard, NOTICE_ACTIONS.openActivity],
      };
    case 'failed':
      return {
        severity: 'warning',
        text: `Specwright: ${task.charAt(0).toLowerCase() + task.slice(1)} did not finish. ${ending.summary}${ending.remedy ? ` ${remedyText(ending.remedy)}` : ''}`,
        actions: [NOTICE_ACTIONS.resume, NOTICE_ACTIONS.discard, NOTICE_ACTIONS.openActivity],
      };
  }
}
