import { describe, expect, it } from 'vitest';
import { budgetBlocksNextStep, BudgetWatch, tightestBudget, zeroUsage } from '../../../src/core/agent/budget';
import { budgetWarningText } from '../../../src/shared/budgetText';

const usage = (tokens: number, cost: number) => ({ ...zeroUsage(), inputTokens: tokens, costUsd: cost });

describe('budget', () => {
  it('lets the first step run when nothing is spent', () => {
    expect(budgetBlocksNextStep({ maxTokens: 10 }, zeroUsage(), null)).toBeNull();
  });

  it('stops before the step that would pass the token limit, estimating it from the last step', () => {
    expect(budgetBlocksNextStep({ maxTokens: 1000 }, usage(600, 0), usage(300, 0))).toBeNull();
    expect(budgetBlocksNextStep({ maxTokens: 1000 }, usage(800, 0), usage(300, 0))).toMatch(/Token budget reached: 800 of 1,000/);
  });

  it('stops before the step that would pass the cost limit', () => {
    expect(budgetBlocksNextStep({ maxCostUsd: 0.1 }, usage(0, 0.08), usage(0, 0.03))).toMatch(/Cost budget reached: \$0\.08 of \$0\.10/);
  });
});

describe('budgets beyond one task', () => {
  it('counts earlier tasks of the run against the run limit, estimating a first step from the run’s last one', () => {
    const run = { runUsd: 3, dayUsd: 0, lastStep: usage(0, 1) };
    expect(budgetBlocksNextStep({ maxCostUsdPerRun: 4.5 }, zeroUsage(), null, run)).toBeNull();
    expect(budgetBlocksNextStep({ maxCostUsdPerRun: 4.5 }, usage(0, 1), usage(0, 1), run)).toMatch(
      /^Run budget reached: \$4\.0000 of \$4\.50 spent in this run \(agent\.budget\.maxCostUsdPerRun\), and the next step would pass it\.$/,
    );
  });

  it('counts what was spent today before the run against the day limit', () => {
    const before = { runUsd: 1, dayUsd: 7.5, lastStep: null };
    expect(budgetBlocksNextStep({ maxCostUsdPerDay: 10 }, usage(0, 0.5), usage(0, 0.5), before)).toBeNull();
    expect(budgetBlocksNextStep({ maxCostUsdPerDay: 10 }, usage(0, 1), usage(0, 0.6), before)).toMatch(/^Daily budget reached: \$9\.5000 of \$10\.00 spent today/);
    // The task's own limit is said first when both are reached.
    expect(budgetBlocksNextStep({ maxCostUsd: 1, maxCostUsdPerDay: 10 }, usage(0, 1), usage(0, 0.6), before)).toMatch(/^Cost budget reached/);
  });
});

describe('the warning at 80% of a run or day budget', () => {
  it('is said once per limit, when the run’s spending reaches 80% of it', () => {
    const watch = new BudgetWatch({ maxCostUsdPerRun: 5, maxCostUsdPerDay: 100 }, 10);
    expect(watch.observe(0)).toEqual([]);
    expect(watch.observe(3.99)).toEqual([]);
    expect(watch.observe(4.2)).toEqual([{ limit: 'run', spentUsd: 4.2, limitUsd: 5, setting: 'agent.budget.maxCostUsdPerRun' }]);
    expect(watch.observe(4.6)).toEqual([]);
  });

  it('counts the day from what was spent before the run, and says a day already past 80% at once', () => {
    expect(new BudgetWatch({ maxCostUsdPerDay: 10 }, 7.5).observe(0.4)).toEqual([]);
    expect(new BudgetWatch({ maxCostUsdPerDay: 10 }, 7.5).observe(0.5)).toEqual([{ limit: 'day', spentUsd: 8, limitUsd: 10, setting: 'agent.budget.maxCostUsdPerDay' }]);
    expect(new BudgetWatch({ maxCostUsdPerDay: 10 }, 9).observe(0)).toHaveLength(1);
    // Without a run or day limit there is nothing to warn about, whatever the spending.
    expect(new BudgetWatch({ maxCostUsd: 1 }, 1_000).observe(1_000)).toEqual([]);
  });

  it('reads the same everywhere: the share, the figures and the setting', () => {
    expect(budgetWarningText({ limit: 'run', spentUsd: 4.2, limitUsd: 5, setting: 'agent.budget.maxCostUsdPerRun' })).toBe(
      '84% of this run’s budget spent: $4.20 of $5.00 (agent.budget.maxCostUsdPerRun). The run stops before a step that would pass it.',
    );
    expect(budgetWarningText({ limit: 'day', spentUsd: 8, limitUsd: 10, setting: 'agent.budget.maxCostUsdPerDay' })).toMatch(/^80% of today’s budget spent: \$8\.00 of \$10\.00/);
  });
});

describe('tightestBudget', () => {
  it('takes the lower of each limit set in more than one place, and every limit set in only one', () => {
    // ~/.kiro/settings.json says $2 a run; an editor setting (a repository's .vscode, say) asks $100 a run and $5 a day.
    expect(tightestBudget({ maxCostUsdPerRun: 2, maxTokens: 50_000 }, { maxCostUsdPerRun: 100, maxCostUsdPerDay: 5 })).toEqual({ maxCostUsdPerRun: 2, maxTokens: 50_000, maxCostUsdPerDay: 5 });
    expect(tightestBudget({ maxCostUsd: 1 }, { maxCostUsd: 0.5 }, {})).toEqual({ maxCostUsd: 0.5 });
    expect(tightestBudget({}, {})).toEqual({});
  });
});
