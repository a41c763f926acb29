import { afterEach, describe, expect, it } from 'vitest';
import { createModelProvider, isAbortError, type RetryNotice } from '../../../src/core/model';
import { startFakeAnthropic, type ScriptedBlock } from '../../support/fakeAnthropic';
import { noSignal, rejectionOf, startHarness, TEST_KEY, userTurn, type Harness } from './providerHarness';

const ANSWER = { content: [{ type: 'text' as const, text: 'Recovered.' }] };
const TOOL_CALL: ScriptedBlock[] = [
  { type: 'text', text: 'Writing the file.' },
  { type: 'tool_use', name: 'write_file', input: { path: 'src/index.ts', content: 'export {};\n' } },
];

let h: Harness;
afterEach(() => h?.fake.close());

describe('retrying a turn', () => {
  it('retries an overloaded API (529) and returns the answer of the attempt that succeeded', async () => {
    h = await startHarness([{ fault: 'status', status: 529 }, ANSWER]);
    const notices: RetryNotice[] = [];
    const turn = await h.provider.createTurn(userTurn('Go'), { signal: noSignal(), onRetry: (n) => notices.push(n) });
    expect(turn.content).toMatchObject([{ text: 'Recovered.' }]);
    expect(turn.attempts).toBe(2);
    expect(notices).toEqual([{ attempt: 2, delayMs: h.delays[0], reason: expect.stringContaining('overloaded (529)') }]);
  });

  it('waits as long as the retry-after header says, in seconds', async () => {
    h = await startHarness([{ fault: 'status', status: 429, retryAfter: 7 }, ANSWER]);
    await h.provider.createTurn(userTurn('Go'), { signal: noSignal() });
    expect(h.delays).toEqual([7000]);
  });

  it('prefers the precise retry-after-ms header over retry-after', async () => {
    h = await startHarness([{ fault: 'status', status: 529, retryAfter: 2, retryAfterMs: 1234 }, ANSWER]);
    await h.provider.createTurn(userTurn('Go'), { signal: noSignal() });
    expect(h.delays).toEqual([1234]);
  });

  it('backs off exponentially when the server gives no retry-after', async () => {
    h = await startHarness([{ fault: 'status', status: 500 }, { fault: 'status', status: 500 }, { fault: 'status', status: 500 }, ANSWER], {
      retry: { baseDelayMs: 100, random: () => 0.999 },
    });
    await h.provider.createTurn(userTurn('Go'), { signal: noSignal() });
    expect(h.delays).toEqual([100, 200, 400]);
  });

  it('retries rate limits, server errors and a connection dropped before any response', async () => {
    h = await startHarness([{ fault: 'status', status: 429 }, { fault: 'status', status: 503 }, { fault: 'reset' }, ANSWER]);
    const turn = await h.provider.createTurn(userTurn('Go'), { signal: noSignal() });
    expect(turn.attempts).toBe(4);
  });

  it('retries a stream that broke inside a tool input and returns that tool call exactly once', async () => {
    h = await startHarness([{ fault: 'cutInToolInput', content: TOOL_CALL }, { content: TOOL_CALL }]);
    const turn = await h.provider.createTurn(userTurn('Go'), { signal: noSignal() });
    const toolUses = turn.content.filter((b) => b.type === 'tool_use');
    expect(toolUses).toHaveLength(1);
    expect(toolUses[0]).toMatchObject({ name: 'write_file', input: { path: 'src/index.ts', content: 'export {};\n' } });
    expect(h.fake.requests).toHaveLength(2);
  });

  it('signals a retry between the partial text of a broken attempt and the text of the next one', async () => {
    h = await startHarness([{ fault: 'cutInToolInput', content: TOOL_CALL }, { content: TOOL_CALL }]);
    const log: string[] = [];
    await h.provider.createTurn(userTurn('Go'), { signal: noSignal(), onTextDelta: (d) => log.push(d), onRetry: () => log.push('<retry>') });
    const retryAt = log.indexOf('<retry>');
    expect(log.slice(0, retryAt).join('')).toBe('Writing the file.');
    expect(log.slice(retryAt + 1).join('')).toBe('Writing the file.');
  });

  it('retries an answer that ended without message_stop', async () => {
    h = await startHarness([{ fault: 'cut', afterEvents: 4, graceful: true }, ANSWER]);
    const notices: RetryNotice[] = [];
    const turn = await h.provider.createTurn(userTurn('Go'), { signal: noSignal(), onRetry: (n) => notices.push(n) });
    expect(turn.content).toMatchObject([{ text: 'Recovered.' }]);
    expect(notices[0]!.reason).toContain('stream interrupted');
  });

  it('retries an overloaded error that arrives in the middle of the stream', async () => {
    h = await startHarness([{ fault: 'streamError', afterEvents: 3 }, ANSWER]);
    const turn = await h.provider.createTurn(userTurn('Go'), { signal: noSignal() });
    expect(turn.attempts).toBe(2);
  });

  it('gives up after maxAttempts with an overloaded ModelError saying how often it tried', async () => {
    h = await startHarness(() => ({ fault: 'status', status: 529 }), { retry: { maxAttempts: 3 } });
    const error = await rejectionOf(h.provider.createTurn(userTurn('Go'), { signal: noSignal() }));
    expect(error).toMatchObject({ name: 'ModelError', code: 'overloaded', attempts: 3, status: 529, message: expect.stringContaining('after 3 attempts') });
    expect(h.fake.requests).toHaveLength(3);
  });

  it('does not retry a request the API rejected as invalid', async () => {
    h = await startHarness([{ fault: 'status', status: 400, message: 'messages: roles must alternate' }, ANSWER]);
    await expect(h.provider.createTurn(userTurn('Go'), { signal: noSignal() })).rejects.toMatchObject({
      code: 'request_rejected',
      message: expect.stringContaining('roles must alternate'),
    });
    expect(h.fake.requests).toHaveLength(1);
  });

  it('reports a request over the context window as prompt_too_long, unretried, with the API\'s counts', async () => {
    h = await startHarness([{ fault: 'status', status: 400, message: 'prompt is too long: 210519 tokens > 200000 maximum' }, ANSWER]);
    await expect(h.provider.createTurn(userTurn('Go'), { signal: noSignal() })).rejects.toMatchObject({
      code: 'prompt_too_long',
      status: 400,
      message: expect.stringContaining('210519 tokens > 200000 maximum'),
    });
    expect(h.fake.requests).toHaveLength(1);
  });

  it('reports a request over the byte limit (413) as prompt_too_long too', async () => {
    h = await startHarness([{ fault: 'status', status: 413 }, ANSWER]);
    await expect(h.provider.createTurn(userTurn('Go'), { signal: noSignal() })).rejects.toMatchObject({ code: 'prompt_too_long', status: 413 });
  });

  it('leaves retrying to the provider alone: with one attempt allowed, the SDK sends one request', async () => {
    h = await startHarness([{ fault: 'status', status: 529 }, ANSWER], { retry: { maxAttempts: 1 } });
    await expect(h.provider.createTurn(userTurn('Go'), { signal: noSignal() })).rejects.toMatchObject({ code: 'overloaded' });
    expect(h.fake.requests).toHaveLength(1);
  });

  it('names the URL and ANTHROPIC_BASE_URL when the endpoint refuses connections on every attempt', async () => {
    const closed = await startFakeAnthropic([]);
    await closed.close();
    const delays: number[] = [];
    const provider = createModelProvider({ apiKey: TEST_KEY, baseUrl: closed.url, env: {}, retry: { maxAttempts: 2, sleep: async (ms) => void delays.push(ms) } });
    const error = await rejectionOf(provider.createTurn(userTurn('Go'), { signal: noSignal() }));
    expect(error).toMatchObject({ code: 'endpoint_unreachable', attempts: 2 });
    expect(error.message).toContain(closed.url);
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toContain('ANTHROPIC_BASE_URL');
    expect(delays).toHaveLength(1);
  });
});

describe('cancelling a turn', () => {
  it('cancels a request that is waiting for an answer', async () => {
    h = await startHarness([{ fault: 'hang' }]);
    const controller = new AbortController();
    const pending = rejectionOf(h.provider.createTurn(userTurn('Go'), { signal: controller.signal }));
    await expect.poll(() => h.fake.requests.length).toBe(1);
    controller.abort();
    expect(isAbortError(await pending)).toBe(true);
  });

  it('cancels a request in the middle of a streamed answer', async () => {
    h = await startHarness([{ fault: 'hang', afterEvents: 4, content: [{ type: 'text', text: 'Thinking about it slowly' }] }]);
    const controller = new AbortController();
    const pending = rejectionOf(h.provider.createTurn(userTurn('Go'), { signal: controller.signal, onTextDelta: () => controller.abort() }));
    const error = await pending;
    expect(isAbortError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'aborted' });
  });

  it('cancels during the wait before a retry without sending another request', async () => {
    h = await startHarness([{ fault: 'status', status: 529 }, ANSWER], { retry: { sleep: undefined, baseDelayMs: 60_000 } });
    const controller = new AbortController();
    const error = await rejectionOf(h.provider.createTurn(userTurn('Go'), { signal: controller.signal, onRetry: () => setImmediate(() => controller.abort()) }));
    expect(isAbortError(error)).toBe(true);
    expect(h.fake.requests).toHaveLength(1);
  });

  it('sends nothing when the signal is already aborted', async () => {
    h = await startHarness([ANSWER]);
    const error = await rejectionOf(h.provider.createTurn(userTurn('Go'), { signal: AbortSignal.abort() }));
    expect(isAbortError(error)).toBe(true);
    expect(h.fake.requests).toHaveLength(0);
  });
});
