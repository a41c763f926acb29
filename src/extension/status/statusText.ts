import { formatCost, formatTokenCount, formatTokens } from '../../core/activity';
import { budgetWarningText } from '../../shared/budgetText';
import type { RunStatus } from '../../shared/panelMessages';

const LEVEL_LABEL: Record<string, string> = { cautious: 'Cautious', balanced: 'Balanced', full: 'Full' };
const MODE_LABEL: Record<string, string> = { interactive: 'Interactive', supervised: 'Supervised', autonomous: 'Autonomous' };

export function autonomyLabel(level: string): string {
  return LEVEL_LABEL[level] ?? level;
}

export function modeLabel(mode: string): string {
  return MODE_LABEL[mode] ?? mode;
}

/** The autonomy status bar item: "$(shield) Balanced", with the mode when it is not the default. */
export function autonomyStatusText(level: string, mode: string): string {
  return `$(shield) ${autonomyLabel(level)}${mode && mode !== 'autonomous' ? ` · ${modeLabel(mode)}` : ''}`;
}

export interface RunStatusView {
  status: RunStatus;
  /** "2.1" (the task being worked on) or null before the first task starts. */
  taskId: string | null;
  taskTitle: string | null;
  tokens: number;
  costUsd: number;
  awaitingInput?: boolean;
  awaitingApproval?: boolean;
  /** A chat from the composer (it has no tasks). */
  chat?: boolean;
  /** The run or the day passed 80% of its budget (the run's budget_warning event). */
  budgetWarning?: Parameters<typeof budgetWarningText>[0] | null;
}

const STATUS_ICON: Record<RunStatus, string> = { running: '$(sync~spin)', done: '$(check)', stopped: '$(debug-stop)', failed: '$(error)' };

/** The run status bar item: "$(sync~spin) Task 2.1 · 12.3k tokens · $0.04". */
export function runStatusText(view: RunStatusView): string {
  const icon = view.status === 'running' && (view.awaitingApproval || view.awaitingInput) ? '$(bell)' : STATUS_ICON[view.status];
  const task = view.taskId ? `Task ${view.taskId}` : view.chat ? 'Chat' : view.status === 'running' ? 'Starting agent' : 'Agent run';
  const waiting = view.status === 'running' && view.awaitingApproval ? ' · needs approval' : view.status === 'running' && view.awaitingInput ? ' · waiting for you' : '';
  const budget = view.budgetWarning ? ` · $(warning) ${Math.floor((view.budgetWarning.spentUsd / view.budgetWarning.limitUsd) * 100)}% of ${view.budgetWarning.limit === 'run' ? 'run' : 'day'} budget` : '';
  return `${icon} ${task}${waiting} · ${formatTokens(view.tokens)} tokens · ${formatCost(view.costUsd)}${budget}`;
}

/** For screen readers and the hover: the same facts in a sentence. */
export function runStatusTooltip(view: RunStatusView): string {
  const what = view.taskId ? `task ${view.taskId}${view.taskTitle ? ` (${view.taskTitle})` : ''}` : view.chat ? 'the chat' : 'the agent run';
  const state = { running: 'is running', done: 'finished', stopped: 'was stopped', failed: 'failed' }[view.status];
  const waiting = view.status === 'running' && view.awaitingApproval ? ' It is waiting for your approval.' : view.status === 'running' && view.awaitingInput ? ' It is waiting for your reply.' : '';
  const budget = view.budgetWarning ? ` ${budgetWarningText(view.budgetWarning)}` : '';
  return `Specwright: ${what} ${state}.${waiting} ${formatTokenCount(view.tokens)} tokens, ${formatCost(view.costUsd)}.${budget} Click to open Agent Activity.`;
}

/**
 * The sandbox status bar item: on is quiet, anything else a warning. `line` is the core's sentence
 * (describeSandbox), which says why and how to enable it.
 */
export function sandboxStatusView(state: 'on' | 'off' | 'unavailable', line: string): { text: string; tooltip: string; warning: boolean } {
  if (state === 'on') return { text: '$(shield) Sandboxed', tooltip: `Specwright: ${line}`, warning: false };
  return { text: state === 'off' ? '$(warning) Sandbox off' : '$(warning) No sandbox', tooltip: `Specwright: ${line}`, warning: true };
}
