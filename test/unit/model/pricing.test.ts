import { describe, expect, it } from 'vitest';
import { costOf, DEFAULT_MODEL, priceFor } from '../../../src/core/model';

const MILLION = { inputTokens: 1_000_000, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };

describe('costOf', () => {
  it('prices Sonnet 4.x at $3 per million input and $15 per million output tokens', () => {
    expect(costOf(MILLION, 'claude-sonnet-4-6').usd).toBeCloseTo(3);
    expect(costOf({ ...MILLION, inputTokens: 0, outputTokens: 1_000_000 }, 'claude-sonnet-4-6').usd).toBeCloseTo(15);
  });

  it('charges cache writes at 1.25× and cache reads at 0.1× of input unless the table says otherwise', () => {
    expect(costOf({ ...MILLION, inputTokens: 0, cacheWriteTokens: 1_000_000 }, 'claude-sonnet-4-6').usd).toBeCloseTo(3.75);
    expect(costOf({ ...MILLION, inputTokens: 0, cacheReadTokens: 1_000_000 }, 'claude-sonnet-4-6').usd).toBeCloseTo(0.3);
  });

  it('uses the published cache prices of models that list them', () => {
    expect(costOf({ ...MILLION, inputTokens: 0, cacheReadTokens: 1_000_000 }, 'claude-opus-5-5').usd).toBeCloseTo(0.2);
  });

  it('prices Haiku 4.5 and Opus 4 at their list prices', () => {
    expect(costOf(MILLION, 'claude-haiku-4-5').usd).toBeCloseTo(1);
    expect(costOf(MILLION, 'claude-opus-4-1').usd).toBeCloseTo(15);
    expect(costOf(MILLION, 'claude-opus-4-5').usd).toBeCloseTo(5);
  });

  it('prices a snapshot id like its model', () => {
    expect(priceFor('claude-haiku-4-5-20251001')).toEqual(priceFor('claude-haiku-4-5'));
  });

  it('has a price for the default model', () => {
    expect(priceFor(DEFAULT_MODEL)).toBeDefined();
  });

  it('lets the user override a price or add a model', () => {
    expect(costOf(MILLION, 'claude-sonnet-4-6', { 'claude-sonnet-4-6': { inputPerMTok: 1, outputPerMTok: 1 } }).usd).toBeCloseTo(1);
    expect(costOf(MILLION, 'my-proxy-model', { 'my-proxy-model': { inputPerMTok: 7, outputPerMTok: 7 } })).toEqual({ usd: 7, priced: true });
  });

  it('returns cost 0 flagged as unpriced for an unknown model', () => {
    expect(costOf(MILLION, 'claude-unknown-9')).toEqual({ usd: 0, priced: false });
  });

  it('does not mistake a newer model for an older one with a shared prefix', () => {
    expect(priceFor('claude-opus-4-9')).toBeUndefined();
  });
});
