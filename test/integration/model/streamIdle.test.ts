import { afterEach, describe, expect, it } from 'vitest';
import { ModelError, resolveModelConfig, type RetryNotice } from '../../../src/core/model';
import { noSignal, rejectionOf, startHarness, userTurn, type Harness } from './providerHarness';

const ANSWER = [{ type: 'text' as const, text: 'The whole answer.' }];

let h: Harness;
afterEach(() => h?.fake.close());

describe('a model stream that stops sending without closing', () => {
  it('is abandoned after the idle timeout and the turn is asked again, with the reason in the retry notice', async () => {
    h = await startHarness([{ fault: 'stall', afterEvents: 3, pauseMs: 30_000, content: ANSWER }, { content: ANSWER }], { streamIdleTimeoutMs: 300 });
    const notices: RetryNotice[] = [];
    const started = Date.now();
    const turn = await h.provider.createTurn(userTurn('Go'), { signal: noSignal(), onRetry: (n) => notices.push(n) });
    expect(turn.content).toMatchObject([{ type: 'text', text: 'The whole answer.' }]);
    expect(turn.attempts).toBe(2);
    expect(notices).toEqual([{ attempt: 2, delayMs: h.delays[0], reason: 'no data from the model for 0.3 s; attempt 2 of 5' }]);
    expect(h.delays[0]).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('counts the wait for the response headers too', async () => {
    h = await startHarness([{ fault: 'stall', afterEvents: 0, pauseMs: 30_000, content: ANSWER }, { content: ANSWER }], { streamIdleTimeoutMs: 300 });
    const notices: RetryNotice[] = [];
    const turn = await h.provider.createTurn(userTurn('Go'), { signal: noSignal(), onRetry: (n) => notices.push(n) });
    expect(turn.attempts).toBe(2);
    expect(notices[0]!.reason).toContain('no data from the model for 0.3 s');
  });

  it('leaves a pause shorter than the timeout alone', async () => {
    h = await startHarness([{ fault: 'stall', afterEvents: 3, pauseMs: 150, content: ANSWER }], { streamIdleTimeoutMs: 2_000 });
    const turn = await h.provider.createTurn(userTurn('Go'), { signal: noSignal() });
    expect(turn.attempts).toBe(1);
    expect(turn.content).toMatchObject([{ text: 'The whole answer.' }]);
  });

  it('counts pings as data: a long quiet stretch with pings is a model thinking, not a stall', async () => {
    h = await startHarness([{ fault: 'stall', afterEvents: 2, pauseMs: 1_200, pingEveryMs: 100, content: ANSWER }], { streamIdleTimeoutMs: 400 });
    const turn = await h.provider.createTurn(userTurn('Go'), { signal: noSignal() });
    expect(turn.attempts).toBe(1);
  });

  it('gives up after the last attempt with an error that says the answer stalled and what to change', async () => {
    const stall = { fault: 'stall' as const, afterEvents: 3, pauseMs: 30_000, content: ANSWER };
    h = await startHarness([stall, stall], { streamIdleTimeoutMs: 200, retry: { maxAttempts: 2 } });
    const error = await rejectionOf(h.provider.createTurn(userTurn('Go'), { signal: noSignal() }));
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).code).toBe('stream_interrupted');
    expect(error.message).toMatch(/stalled: no data from the model for 0\.2 s; gave up after 2 attempts/);
    expect(error.message).toContain('model.streamIdleTimeoutSeconds');
  });

  it('takes the timeout from the model settings, 90 s by default, and refuses a negative one', async () => {
    const base = { apiKey: 'sk-ant-test-key-123456', env: {} };
    expect(resolveModelConfig(base).streamIdleTimeoutMs).toBe(90_000);
    expect(resolveModelConfig({ ...base, settings: { streamIdleTimeoutSeconds: 12.5 } }).streamIdleTimeoutMs).toBe(12_500);
    expect(resolveModelConfig({ ...base, settings: { streamIdleTimeoutSeconds: 12 }, streamIdleTimeoutMs: 0 }).streamIdleTimeoutMs).toBe(0);
    expect(() => resolveModelConfig({ ...base, settings: { streamIdleTimeoutSeconds: -1 } })).toThrow(/streamIdleTimeoutSeconds must be a number of seconds ≥ 0/);

    h = await startHarness([{ fault: 'stall', afterEvents: 3, pauseMs: 30_000, content: ANSWER }, { content: ANSWER }], { settings: { streamIdleTimeoutSeconds: 0.25 } });
    const notices: RetryNotice[] = [];
    await h.provider.createTurn(userTurn('Go'), { signal: noSignal(), onRetry: (n) => notices.push(n) });
    expect(notices[0]!.reason).toContain('no data from the model for 0.25 s');
  });
});
