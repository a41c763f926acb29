import { describe, expect, it } from 'vitest';
import { budgetBlocksNextStep, zeroUsage } from '../../../src/core/agent/budget';

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
