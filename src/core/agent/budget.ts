import { formatCost, formatTokenCount, type StepUsage } from '../activity';

export interface Budget {
  /** Per task. */
  maxTokens?: number;
  /** Per task. */
  maxCostUsd?: number;
  /** All the tasks of one run together. */
  maxCostUsdPerRun?: number;
  /** Everything on record for today (local day): runs, hooks, spec writing, commit messages. */
  maxCostUsdPerDay?: number;
}

/**
 * The tightest of several budgets, limit by limit: where both the settings files and the editor's
 * settings set one, the lower applies (an editor setting a repository brought cannot raise the limit
 * the user set in ~/.kiro/settings.json).
 */
export function tightestBudget(...budgets: Budget[]): Budget {
  const out: Budget = {};
  for (const budget of budgets) {
    for (const key of Object.keys(budget) as Array<keyof Budget>) {
      const value = budget[key];
      if (value === undefined) continue;
      const known = out[key];
      out[key] = known === undefined ? value : Math.min(known, value);
    }
  }
  return out;
}

/** What was spent outside the task, for the run and day limits. */
export interface SpentElsewhere {
  /** By earlier tasks of this run. */
  runUsd: number;
  /** Today before this run started. */
  dayUsd: number;
  /** The run's last step before this task: the estimate of a task's first step. */
  lastStep?: StepUsage | null;
}

/** The share of a run's or a day's budget at which the person is warned, once. */
export const BUDGET_WARNING_SHARE = 0.8;

export interface BudgetWarning {
  limit: 'run' | 'day';
  spentUsd: number;
  limitUsd: number;
  /** The setting that holds the limit, to name in the warning. */
  setting: 'agent.budget.maxCostUsdPerRun' | 'agent.budget.maxCostUsdPerDay';
}

/**
 * Follows a run's spending against its run and day budgets, and says when it passes 80% of either,
 * once per limit. A day already past 80% before the run is said at its start.
 */
export class BudgetWatch {
  private readonly warned = new Set<BudgetWarning['limit']>();

  constructor(
    private readonly budget: Budget,
    private readonly dayBeforeRunUsd: number,
  ) {}

  /** The warnings newly due now that the run has spent `runUsd` in all. */
  observe(runUsd: number): BudgetWarning[] {
    const due: BudgetWarning[] = [];
    const check = (limit: BudgetWarning['limit'], spentUsd: number, limitUsd: number | undefined, setting: BudgetWarning['setting']) => {
      if (limitUsd === undefined || this.warned.has(limit) || spentUsd < limitUsd * BUDGET_WARNING_SHARE) return;
      this.warned.add(limit);
      due.push({ limit, spentUsd, limitUsd, setting });
    };
    check('run', runUsd, this.budget.maxCostUsdPerRun, 'agent.budget.maxCostUsdPerRun');
    check('day', this.dayBeforeRunUsd + runUsd, this.budget.maxCostUsdPerDay, 'agent.budget.maxCostUsdPerDay');
    return due;
  }
}

export const zeroUsage = (): StepUsage => ({ inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0 });

export function addUsage(a: StepUsage, b: StepUsage): StepUsage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
    cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
    costUsd: a.costUsd + b.costUsd,
  };
}

export const totalTokens = (u: StepUsage) => u.inputTokens + u.outputTokens + u.cacheReadTokens + u.cacheWriteTokens;

/**
 * Decides before a step whether it may run: the next step is assumed to cost what the last one
 * did (the best estimate we have), and the run stops cleanly rather than pass the limit.
 */
export function budgetBlocksNextStep(budget: Budget, spent: StepUsage, lastStep: StepUsage | null, elsewhere?: SpentElsewhere): string | null {
  const estimate = lastStep ?? elsewhere?.lastStep ?? zeroUsage();
  if (budget.maxTokens !== undefined && totalTokens(spent) + totalTokens(estimate) > budget.maxTokens) {
    return `Token budget reached: ${formatTokenCount(totalTokens(spent))} of ${formatTokenCount(budget.maxTokens)} tokens used, and the next step would pass it.`;
  }
  if (budget.maxCostUsd !== undefined && spent.costUsd + estimate.costUsd > budget.maxCostUsd) {
    return `Cost budget reached: ${formatCost(spent.costUsd)} of ${formatCost(budget.maxCostUsd)} used, and the next step would pass it.`;
  }
  const run = (elsewhere?.runUsd ?? 0) + spent.costUsd;
  if (budget.maxCostUsdPerRun !== undefined && run + estimate.costUsd > budget.maxCostUsdPerRun) {
    return `Run budget reached: $${run.toFixed(4)} of $${budget.maxCostUsdPerRun.toFixed(2)} spent in this run (agent.budget.maxCostUsdPerRun), and the next step would pass it.`;
  }
  const day = (elsewhere?.dayUsd ?? 0) + run;
  if (budget.maxCostUsdPerDay !== undefined && day + estimate.costUsd > budget.maxCostUsdPerDay) {
    return `Daily budget reached: $${day.toFixed(4)} of $${budget.maxCostUsdPerDay.toFixed(2)} spent today on runs, hooks and spec writing (agent.budget.maxCostUsdPerDay), and the next step would pass it.`;
  }
  return null;
}
