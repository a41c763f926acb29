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
    expect(budgetBlocksNextStep({ maxCostUsd: 0.1 }, usage(0, 0.08), usage(0, 0.03))).toMatch(/Cost budget reached: \$0\.0800 of \$0\.10/);
  });
});
