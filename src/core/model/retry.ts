import { abortedError } from './errors';

export interface RetryOptions {
  /** Attempts per turn, the first included. Default 5. */
  maxAttempts?: number;
  /** Delay before the first retry; doubles each time. Default 1 s. */
  baseDelayMs?: number;
  /** Ceiling for any delay, a server's retry-after included. Default 60 s. */
  maxDelayMs?: number;
  /** Source of jitter in [0, 1). Injectable so tests can pin it. */
  random?: () => number;
  /** How to wait. Injectable so tests need not wait; must reject when the signal aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export type RetryPolicy = Required<RetryOptions>;

export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  const maxAttempts = options.maxAttempts ?? 5;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError(`retry.maxAttempts must be a whole number ≥ 1, got ${maxAttempts}`);
  return {
    maxAttempts,
    baseDelayMs: options.baseDelayMs ?? 1_000,
    maxDelayMs: options.maxDelayMs ?? 60_000,
    random: options.random ?? Math.random,
    sleep: options.sleep ?? abortableSleep,
  };
}

/**
 * Delay before retry number `retry` (1 for the first). A server's retry-after wins, capped; otherwise
 * exponential backoff with jitter in [50 %, 100 %] so parallel clients do not retry in lockstep.
 */
export function backoffDelay(retry: number, policy: RetryPolicy, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return Math.min(Math.max(0, retryAfterMs), policy.maxDelayMs);
  const exponential = Math.min(policy.baseDelayMs * 2 ** (retry - 1), policy.maxDelayMs);
  return Math.round(exponential * (0.5 + policy.random() / 2));
}

/** Reads `retry-after-ms` (Anthropic's precise header), then `retry-after` in seconds or as an HTTP date. */
export function retryAfterFromHeaders(headers: Headers | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1_000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortedError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
