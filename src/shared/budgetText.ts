import { formatCost, type ActivityEvent } from '../core/activity';

type BudgetWarning = Pick<Extract<ActivityEvent, { type: 'budget_warning' }>, 'limit' | 'spentUsd' | 'limitUsd' | 'setting'>;

/** One line about a budget nearly spent, the same in the CLI, the panel and the status bar. */
export function budgetWarningText(e: BudgetWarning): string {
  const share = Math.floor((e.spentUsd / e.limitUsd) * 100);
  const which = e.limit === 'run' ? 'this run’s budget' : 'today’s budget';
  return `${share}% of ${which} spent: ${formatCost(e.spentUsd)} of ${formatCost(e.limitUsd)} (${e.setting}). The run stops before a step that would pass it.`;
}
