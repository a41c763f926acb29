import type { StepUsage } from '../activity';

/**
 * USD per million tokens, named as in `model.prices` of .kiro/settings.json. Cache prices default to
 * the usual 1.25× (5-minute write) and 0.1× (read) of input.
 */
export interface ModelPrice {
  inputPerMTok: number;
  outputPerMTok: number;
  cacheWritePerMTok?: number;
  cacheReadPerMTok?: number;
}

export type PriceTable = Record<string, ModelPrice>;
export type TokenUsage = Omit<StepUsage, 'costUsd'>;

export interface CostEstimate {
  usd: number;
  /** False when the model has no price: `usd` is then 0, not a real cost. */
  priced: boolean;
}

const sonnet4: ModelPrice = { inputPerMTok: 3, outputPerMTok: 15 };
const sonnet5: ModelPrice = { inputPerMTok: 2, outputPerMTok: 10, cacheWritePerMTok: 2.5, cacheReadPerMTok: 0.2 };
const opus4: ModelPrice = { inputPerMTok: 15, outputPerMTok: 75 };
const opus45: ModelPrice = { inputPerMTok: 5, outputPerMTok: 25 };
const fable5: ModelPrice = { inputPerMTok: 10, outputPerMTok: 50, cacheWritePerMTok: 12.5, cacheReadPerMTok: 1 };

/**
 * List prices from Anthropic's model pages. Models whose price we could not confirm are left out on
 * purpose: they show as unpriced (with a warning) rather than with a made-up cost. Users add or
 * override entries with the `prices` option.
 */
export const DEFAULT_PRICES: PriceTable = {
  'claude-sonnet-5-5': sonnet5,
  'claude-sonnet-5': sonnet5,
  'claude-sonnet-4-6': sonnet4,
  'claude-sonnet-4-5': sonnet4,
  'claude-sonnet-4-0': sonnet4,
  'claude-sonnet-4': sonnet4,
  'claude-opus-5-5': { inputPerMTok: 4, outputPerMTok: 20, cacheWritePerMTok: 5, cacheReadPerMTok: 0.2 },
  'claude-opus-5': opus45,
  'claude-opus-4-6': opus45,
  'claude-opus-4-5': opus45,
  'claude-opus-4-1': opus4,
  'claude-opus-4-0': opus4,
  'claude-opus-4': opus4,
  'claude-fable-5-1': fable5,
  'claude-fable-5': fable5,
  'claude-mythos-5': fable5,
  'claude-haiku-4-5': { inputPerMTok: 1, outputPerMTok: 5 },
};

/** Exact id first, then the id without its snapshot date (claude-haiku-4-5-20251001 → claude-haiku-4-5). */
export function priceFor(model: string, prices: PriceTable = {}): ModelPrice | undefined {
  const table = { ...DEFAULT_PRICES, ...prices };
  return table[model] ?? table[model.replace(/-\d{8}$/, '')];
}

export function costOf(usage: TokenUsage, model: string, prices?: PriceTable): CostEstimate {
  const price = priceFor(model, prices);
  if (!price) return { usd: 0, priced: false };
  const cacheWrite = price.cacheWritePerMTok ?? price.inputPerMTok * 1.25;
  const cacheRead = price.cacheReadPerMTok ?? price.inputPerMTok * 0.1;
  const usd =
    (usage.inputTokens * price.inputPerMTok +
      usage.outputTokens * price.outputPerMTok +
      usage.cacheWriteTokens * cacheWrite +
      usage.cacheReadTokens * cacheRead) /
    1_000_000;
  return { usd, priced: true };
}

export function unpricedModelWarning(model: string): string {
  return `No price is known for model "${model}", so its cost shows as $0. Add it under model.prices in .kiro/settings.json (USD per million tokens) to track spend and budgets.`;
}
