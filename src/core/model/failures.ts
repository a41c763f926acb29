import { AnthropicError, APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import type { Remedy } from '../remedy';
import { abortedError, ModelError, type ModelErrorCode, redactSecrets } from './errors';
import { findStreamIdleError } from './idleGuard';
import { retryAfterFromHeaders } from './retry';

export interface FailureContext {
  baseUrl: string;
  model: string;
  apiKey: string;
}

/** One failed attempt, sorted: whether to retry, and what to tell the user if we stop here. */
export interface Failure {
  code: ModelErrorCode;
  retryable: boolean;
  retryAfterMs?: number;
  /** Short cause for retry notices: "overloaded (529)". */
  reason: string;
  toError(attempts: number): ModelError;
}

/** How the API words a request over the model's context window. */
const PROMPT_TOO_LONG = /prompt is too long|input is too long|too many (input )?tokens|exceeds? (the )?(model's )?(maximum )?context/i;

/** Connection failures that will not heal by retrying: a wrong host name or a TLS problem. */
const PERMANENT_NETWORK_CODE = /^(ENOTFOUND|ERR_INVALID_URL)$|CERT|SSL|TLS/;

/** The first error code in an error's cause chain (undici nests them: fetch failed → ECONNREFUSED). */
function networkCode(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length) {
    const current = queue.shift();
    if (!current || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const { code, cause, errors } = current as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === 'string' && code) return code;
    queue.push(cause, ...(Array.isArray(errors) ? errors : []));
  }
  return /socket hang up/i.test(String((error as Error)?.message)) ? 'ECONNRESET' : undefined;
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

function clip(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function shouldRetryHeader(error: APIError): boolean | undefined {
  const value = error.headers?.get('x-should-retry');
  return value === 'true' ? true : value === 'false' ? false : undefined;
}

export function classifyFailure(error: unknown, ctx: FailureContext): Failure {
  const host = hostOf(ctx.baseUrl);
  const make = (code: ModelErrorCode, retryable: boolean, reason: string, describe: (attempts: number) => string, extra: { status?: number; requestId?: string; retryAfterMs?: number; remedy?: Remedy } = {}): Failure => ({
    code,
    retryable,
    reason,
    ...(extra.retryAfterMs !== undefined ? { retryAfterMs: extra.retryAfterMs } : {}),
    toError: (attempts) =>
      new ModelError(code, redactSecrets(describe(attempts), ctx.apiKey), { status: extra.status, requestId: extra.requestId, attempts, ...(extra.remedy ? { remedy: extra.remedy } : {}) }),
  });
  const tries = (n: number) => (n > 1 ? `; gave up after ${n} attempts` : '');

  if (error instanceof APIUserAbortError) return make('aborted', false, 'cancelled', () => abortedError().message);

  // Checked first: the SDK hands it back wrapped, as a connection error or a broken stream.
  const stalled = findStreamIdleError(error);
  if (stalled) {
    return make('stream_interrupted', true, stalled.message, (n) =>
      `The answer from ${host} stalled: ${stalled.message}${tries(n)}. Check your connection or proxy, or raise model.streamIdleTimeoutSeconds in .kiro/settings.json.`);
  }

  if (error instanceof APIConnectionError) {
    const code = error instanceof APIConnectionTimeoutError ? 'ETIMEDOUT' : (networkCode(error.cause) ?? 'connection error');
    return make('endpoint_unreachable', !PERMANENT_NETWORK_CODE.test(code), `connection failed (${code})`, (n) =>
      `Cannot reach the Anthropic API at ${ctx.baseUrl} (${code})${tries(n)}. Check your network connection, and ANTHROPIC_BASE_URL if you set it.`);
  }

  if (error instanceof APIError) {
    const status = error.status;
    const type = error.type ?? 'error';
    const detail = clip(error.apiMessage ?? error.message);
    const extra = { status, requestId: error.requestID ?? undefined, retryAfterMs: retryAfterFromHeaders(error.headers) };
    const retryHeader = shouldRetryHeader(error);
    const retryUnless = (fallback: boolean) => retryHeader ?? fallback;

    if (status === 401) {
      return make('auth_failed', false, 'key rejected (401)', () =>
        `The API key was rejected by ${host} (401 ${type}: ${detail}). If ANTHROPIC_BASE_URL points at a proxy, check that it accepts this key.`, { ...extra, remedy: { kind: 'setApiKey' } });
    }
    if (status === 403) {
      return make('permission_denied', false, 'forbidden (403)', () =>
        `${host} refused the request (403 ${type}: ${detail}). The key may not have access to ${ctx.model}; try another model or check the key's permissions.`, extra);
    }
    if (status === 404 && /model/i.test(detail)) {
      return make('model_not_found', false, 'model not found (404)', () =>
        `Model "${ctx.model}" was not found at ${host} (404 ${type}: ${detail}).`, { ...extra, remedy: { kind: 'chooseModel' } });
    }
    if (status === 404) {
      return make('request_rejected', false, 'not found (404)', () =>
        `${host} answered 404 for the Messages API (${detail}). If ANTHROPIC_BASE_URL is set, it should be the API root, without /v1.`, extra);
    }
    if (status === 413 || (status === 400 && PROMPT_TOO_LONG.test(detail))) {
      return make('prompt_too_long', false, `prompt too long (${status})`, () =>
        `The request is too long for ${ctx.model} (${status} ${type}: ${detail}). Shorten the steering, the spec or the prompt, or choose a model with a larger context window.`, extra);
    }
    if (status === 429) {
      return make('rate_limited', retryUnless(true), 'rate limited (429)', (n) =>
        `Rate limited by ${host} (429: ${detail})${tries(n)}. Wait a minute and try again, or raise your limits in the Anthropic Console.`, extra);
    }
    if (status === 529 || type === 'overloaded_error') {
      return make('overloaded', retryUnless(true), `overloaded (${status ?? 'mid-stream'})`, (n) =>
        `The Anthropic API at ${host} is overloaded (${status ?? type})${tries(n)}. Try again in a few minutes.`, extra);
    }
    if (status === undefined || status === 408 || status === 409 || status >= 500) {
      const what = status === undefined ? `a mid-stream ${type}` : `${status} ${type}`;
      return make('server_error', retryUnless(true), `server error (${status ?? type})`, (n) =>
        `${host} failed with ${what} (${detail})${tries(n)}. Try again later.`, extra);
    }
    return make('request_rejected', retryUnless(false), `rejected (${status})`, () => `${host} rejected the request (${status} ${type}: ${detail}).`, extra);
  }

  // Whatever else the SDK raises mid-answer (socket terminated, stream ended before message_stop,
  // unparsable event) means the answer is incomplete: discard it and ask again.
  const socketCode = error instanceof Error ? networkCode(error) : undefined;
  if (error instanceof AnthropicError || socketCode) {
    const code = socketCode ?? clip((error as Error).message, 80);
    return make('stream_interrupted', true, `stream interrupted (${code})`, (n) =>
      `The answer from ${host} broke off before it was complete (${code})${tries(n)}. Check your connection or proxy, then try again.`);
  }
  throw error;
}
