import type { RunReport } from '../../core/runs';
import type { Hook, HookRunResult } from '../../core/hooks';
import type { Task } from '../../core/spec';
import type { SpecNotice, SpecStatus } from '../../core/workflow';
import { remedyText } from '../../shared/remedyText';
import { formatCost, formatTokens } from '../../core/activity';
import { chatTitle, verifyTitle } from '../agent/runFigures';

/** Labels the tree views show, shaped from core data (kept apart from the vscode TreeItems to test them). */

export interface TaskProgress {
  done: number;
  total: number;
}

export function taskProgress(tasks: readonly Task[] | undefined): TaskProgress | null {
  if (!tasks) return null;
  return { done: tasks.filter((t) => t.status === 'done').length, total: tasks.length };
}

/** "design · draft · tasks 7/12": the phase under review, its state, and task progress. */
export function specDescription(status: Pick<SpecStatus, 'current' | 'phases' | 'complete'> | null, progress: TaskProgress | null): string {
  const parts: string[] = [];
  if (status) {
    const current = status.phases.find((p) => p.phase === status.current);
    if (status.complete) parts.push('approved');
    else if (current) parts.push(`${current.phase} · ${current.status}`);
    else parts.push('empty');
  }
  if (progress) parts.push(`tasks ${progress.done}/${progress.total}`);
  return parts.join(' · ');
}

/** A spec's notice with what to do about it, as VS Code words it. */
export function noticeText(notice: SpecNotice): string {
  return notice.remedy ? `${notice.message} ${remedyText(notice.remedy)}` : notice.message;
}

export function specAccessibleLabel(name: string, status: Pick<SpecStatus, 'current' | 'phases' | 'complete'> | null, progress: TaskProgress | null): string {
  const current = status?.phases.find((p) => p.phase === status.current);
  const phase = status?.complete ? 'every phase approved' : current ? `${current.phase} phase, ${current.status}` : 'no documents yet';
  const tasks = progress ? `, ${progress.done} of ${progress.total} tasks done` : '';
  return `Spec ${name}: ${phase}${tasks}`;
}

const TASK_STATUS_TEXT: Record<Task['status'], string> = { todo: 'to do', in_progress: 'in progress', queued: 'queued', done: 'done' };

export function taskLabel(task: Pick<Task, 'id' | 'title'>): string {
  return `${task.id} ${task.title}`;
}

export function taskDescription(task: Pick<Task, 'status' | 'optional' | 'children'>): string {
  const parts = [TASK_STATUS_TEXT[task.status]];
  if (task.optional) parts.push('optional');
  if (task.children.length) parts.push(`${task.children.filter((c) => c.status === 'done').length}/${task.children.length} sub-tasks`);
  return parts.join(' · ');
}

/** "todo-cli · 2.1 Add the list command", "todo-cli · 3 tasks", "todo-cli · verify criteria" (a `spec verify` run), or "steering · generate product.md, …". */
export function runLabel(report: Pick<RunReport, 'spec' | 'requested' | 'verification'> & { steeringDocuments?: string[] | null; chatPrompt?: string | null }): string {
  if (typeof report.chatPrompt === 'string') return chatTitle(report.chatPrompt);
  if (report.verification) return verifyTitle(report.verification.spec, report.verification.task);
  if (report.steeringDocuments) return `steering · generate ${report.steeringDocuments.join(', ')}`;
  const spec = report.spec ?? 'no spec';
  if (report.requested.length === 1) return `${spec} · ${report.requested[0]!.id} ${report.requested[0]!.title}`;
  return `${spec} · ${report.requested.length} tasks`;
}

const OUTCOME_TEXT: Record<RunReport['outcome'], string> = {
  completed: 'completed',
  failed: 'failed',
  stopped: 'stopped',
  budget_exceeded: 'over budget',
  crashed: 'ended early',
};

/** "completed · 2/2 · 12.3k tokens · $0.04 · 14:05"; a verification counts verdicts instead: "completed · 2 pass, 1 fail · …". */
export function runDescription(report: Pick<RunReport, 'outcome' | 'completed' | 'requested' | 'verification'> & { kind?: RunReport['kind'] }, usage: { tokens: number; costUsd: number }, when: Date, now = new Date()): string {
  const v = report.verification;
  // A chat has no tasks to count.
  const progress = v ? [`${v.pass} pass`, `${v.fail} fail`, ...(v.unknown ? [`${v.unknown} unknown`] : [])].join(', ') : report.kind === 'chat' ? null : `${report.completed.length}/${report.requested.length}`;
  return [OUTCOME_TEXT[report.outcome], progress, `${formatTokens(usage.tokens)} tokens`, formatCost(usage.costUsd), shortTime(when, now)].filter((part) => part !== null).join(' · ');
}

export function outcomeText(outcome: RunReport['outcome']): string {
  return OUTCOME_TEXT[outcome];
}

/** "14:05" today, "Mar 3 14:05" on another day. */
export function shortTime(when: Date, now = new Date()): string {
  const time = `${pad(when.getHours())}:${pad(when.getMinutes())}`;
  if (when.toDateString() === now.toDateString()) return time;
  return `${when.toLocaleString('en-US', { month: 'short' })} ${when.getDate()} ${time}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export interface HookRunRecord {
  result: Pick<HookRunResult, 'ok' | 'ran' | 'output'>;
  at: Date;
}

/** "PostFileSave · disabled · last run 14:05 ok". */
export function hookDescription(hook: Pick<Hook, 'trigger' | 'enabled' | 'scope'>, last: HookRunRecord | undefined, now = new Date()): string {
  const parts: string[] = [hook.trigger];
  if (!hook.enabled) parts.push('disabled');
  if (hook.scope === 'user') parts.push('user');
  if (last) parts.push(`last run ${shortTime(last.at, now)} ${!last.result.ran ? 'not run' : last.result.ok ? 'ok' : 'failed'}`);
  return parts.join(' · ');
}

export function hookActionText(hook: Pick<Hook, 'action'>): string {
  return hook.action.type === 'command' ? `Runs: ${hook.action.command}` : `Asks the agent: ${hook.action.prompt}`;
}
