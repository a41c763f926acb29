import type { StepUsage } from '../activity';

export interface Budget {
  maxTokens?: number;
  maxCostUsd?: number;
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
export function budgetBlocksNextStep(budget: Budget, spent: StepUsage, lastStep: StepUsage | null): string | null {
  const estimate = lastStep ?? zeroUsage();
  if (budget.maxTokens !== undefined && totalTokens(spent) + totalTokens(estimate) > budget.maxTokens) {
    return `Token budget reached: ${totalTokens(spent).toLocaleString('en-US')} of ${budget.maxTokens.toLocaleString('en-US')} tokens used, and the next step would pass it.`;
  }
  if (budget.maxCostUsd !== undefined && spent.costUsd + estimate.costUsd > budget.maxCostUsd) {
    return `Cost budget reached: $${spent.costUsd.toFixed(4)} of $${budget.maxCostUsd.toFixed(2)} used, and the next step would pass it.`;
  }
  return null;
}
