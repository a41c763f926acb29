import { describe, expect, it } from 'vitest';
import { backoffDelay, retryAfterFromHeaders, retryPolicy } from '../../../src/core/model';

describe('backoffDelay', () => {
  const policy = (random: number) => retryPolicy({ baseDelayMs: 1000, maxDelayMs: 10_000, random: () => random });

  it('doubles from the base delay with each retry', () => {
    expect([1, 2, 3].map((n) => backoffDelay(n, policy(0.99999)))).toEqual([1000, 2000, 4000]);
  });

  it('jitters down to half the delay, never more than the full delay', () => {
    expect(backoffDelay(2, policy(0))).toBe(1000);
    expect(backoffDelay(2, policy(0.5))).toBe(1500);
  });

  it('never waits longer than maxDelayMs', () => {
    expect(backoffDelay(10, policy(0.99999))).toBe(10_000);
  });

  it('follows the server retry-after instead of backing off, capped at maxDelayMs', () => {
    expect(backoffDelay(1, policy(0), 3000)).toBe(3000);
    expect(backoffDelay(1, policy(0), 120_000)).toBe(10_000);
  });
});

describe('retryPolicy', () => {
  it('defaults to five attempts', () => {
    expect(retryPolicy().maxAttempts).toBe(5);
  });

  it('refuses fewer than one attempt', () => {
    expect(() => retryPolicy({ maxAttempts: 0 })).toThrow(/maxAttempts/);
  });
});

describe('retryAfterFromHeaders', () => {
  it('reads retry-after in seconds', () => {
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': '12' }))).toBe(12_000);
  });

  it('prefers retry-after-ms', () => {
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': '12', 'retry-after-ms': '250' }))).toBe(250);
  });

  it('reads retry-after as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:30 GMT' }), now)).toBe(30_000);
  });

  it('ignores a missing or unreadable header', () => {
    expect(retryAfterFromHeaders(new Headers())).toBeUndefined();
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryAfterFromHeaders(undefined)).toBeUndefined();
  });
});
