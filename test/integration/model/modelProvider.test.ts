import type { MessageParam, Tool } from '@anthropic-ai/sdk/resources/messages';
import { afterEach, describe, expect, it } from 'vitest';
import { completeText, costOf } from '../../../src/core/model';
import { noSignal, startHarness, userTurn, type Harness } from './providerHarness';

const WRITE_FILE: Tool = { name: 'write_file', description: 'Write a file', input_schema: { type: 'object', properties: { path: { type: 'string' } } } };

let h: Harness;
afterEach(() => h?.fake.close());

describe('ModelProvider.createTurn', () => {
  it('streams text deltas to onTextDelta and returns the complete answer', async () => {
    h = await startHarness([{ content: [{ type: 'text', text: 'The tests pass now.' }] }]);
    const deltas: string[] = [];
    const turn = await h.provider.createTurn(userTurn('Fix it'), { signal: noSignal(), onTextDelta: (d) => deltas.push(d) });
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe('The tests pass now.');
    expect(turn.content).toMatchObject([{ type: 'text', text: 'The tests pass now.' }]);
    expect(turn.stopReason).toBe('end_turn');
  });

  it('returns a tool call with its complete input and stop reason tool_use', async () => {
    h = await startHarness([{ content: [{ type: 'tool_use', id: 'toolu_1', name: 'write_file', input: { path: 'a.ts', content: 'x' } }] }]);
    const turn = await h.provider.createTurn(userTurn('Write it', { tools: [WRITE_FILE] }), { signal: noSignal() });
    expect(turn.content).toMatchObject([{ type: 'tool_use', id: 'toolu_1', name: 'write_file', input: { path: 'a.ts', content: 'x' } }]);
    expect(turn.stopReason).toBe('tool_use');
    expect(turn.attempts).toBe(1);
  });

  it('reports the step usage with its cost from the price table', async () => {
    const usage = { input_tokens: 1000, output_tokens: 2000, cache_read_input_tokens: 3000, cache_creation_input_tokens: 4000 };
    h = await startHarness([{ content: [{ type: 'text', text: 'ok' }], usage }], { model: 'claude-sonnet-4-6' });
    const turn = await h.provider.createTurn(userTurn('Hi'), { signal: noSignal() });
    expect(turn.usage).toMatchObject({ inputTokens: 1000, outputTokens: 2000, cacheReadTokens: 3000, cacheWriteTokens: 4000 });
    // Sonnet 4.x: $3 in, $15 out, cache write 1.25 × input, cache read 0.1 × input (per million tokens).
    expect(turn.usage.costUsd).toBeCloseTo((1000 * 3 + 2000 * 15 + 3000 * 0.3 + 4000 * 3.75) / 1e6, 10);
    expect(turn.priced).toBe(true);
  });

  it('prices with the user prices when given', async () => {
    h = await startHarness([{ content: [{ type: 'text', text: 'ok' }] }], { prices: { 'claude-sonnet-5-5': { inputPerMTok: 100, outputPerMTok: 100 } } });
    const turn = await h.provider.createTurn(userTurn('Hi'), { signal: noSignal() });
    expect(turn.usage.costUsd).toBeCloseTo(costOf(turn.usage, 'claude-sonnet-5-5', { 'claude-sonnet-5-5': { inputPerMTok: 100, outputPerMTok: 100 } }).usd, 12);
    expect(turn.usage.costUsd).toBeGreaterThan(0);
  });

  it('reports an unpriced model as cost 0 with a warning instead of failing', async () => {
    h = await startHarness([{ content: [{ type: 'text', text: 'ok' }] }], { model: 'claude-experimental-x' });
    const turn = await h.provider.createTurn(userTurn('Hi'), { signal: noSignal() });
    expect(turn.usage.costUsd).toBe(0);
    expect(turn.priced).toBe(false);
    expect(h.provider.warnings.join()).toContain('claude-experimental-x');
  });

  it('streams thinking deltas and returns thinking blocks the API accepts back unchanged', async () => {
    h = await startHarness([{ content: [{ type: 'thinking', thinking: 'First read the failing test.' }, { type: 'text', text: 'On it.' }] }, { content: [{ type: 'text', text: 'Done.' }] }]);
    const thinking: string[] = [];
    const first = await h.provider.createTurn(userTurn('Fix it'), { signal: noSignal(), onThinkingDelta: (d) => thinking.push(d) });
    expect(thinking.join('')).toBe('First read the failing test.');
    expect(first.content[0]).toMatchObject({ type: 'thinking', signature: expect.any(String) });

    const messages: MessageParam[] = [{ role: 'user', content: 'Fix it' }, { role: 'assistant', content: first.content }, { role: 'user', content: 'Continue' }];
    const second = await h.provider.createTurn(userTurn('', { messages }), { signal: noSignal() });
    expect(second.content).toMatchObject([{ type: 'text', text: 'Done.' }]);
  });

  it('sends manual extended thinking when a thinking budget is configured', async () => {
    h = await startHarness([{ content: [] }], { thinkingBudget: 4096, maxTokens: 16_000 });
    await h.provider.createTurn(userTurn('Hi'), { signal: noSignal() });
    expect(h.fake.requests[0]!.body).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 4096 }, max_tokens: 16_000 });
  });

  it('leaves thinking to the model default when no budget is configured', async () => {
    h = await startHarness([{ content: [] }]);
    await h.provider.createTurn(userTurn('Hi'), { signal: noSignal() });
    expect(h.fake.requests[0]!.body).not.toHaveProperty('thinking');
  });

  it('sends the configured model and a per-turn max tokens override', async () => {
    h = await startHarness([{ content: [] }], { model: 'claude-opus-5-5' });
    await h.provider.createTurn(userTurn('Hi', { maxTokens: 500 }), { signal: noSignal() });
    expect(h.fake.requests[0]!.body).toMatchObject({ model: 'claude-opus-5-5', max_tokens: 500, stream: true });
  });

  it('reports the size of the request body it sent', async () => {
    h = await startHarness([{ content: [] }]);
    const turn = await h.provider.createTurn(userTurn('Size me'), { signal: noSignal() });
    expect(turn.requestBytes).toBe(Buffer.byteLength(h.fake.requests[0]!.rawBody));
  });

  it('stops without retrying when a delta callback throws, and reports that error', async () => {
    h = await startHarness([{ content: [{ type: 'text', text: 'Several words of text' }] }, { content: [] }]);
    const failing = () => {
      throw new Error('renderer crashed');
    };
    await expect(h.provider.createTurn(userTurn('Hi'), { signal: noSignal(), onTextDelta: failing })).rejects.toMatchObject({
      name: 'DeltaCallbackError',
      message: expect.stringContaining('renderer crashed'),
    });
    expect(h.fake.requests).toHaveLength(1);
  });

  it('reports model_not_found naming the model when the API does not know it', async () => {
    h = await startHarness([{ content: [] }], { model: 'claude-typo-5' }, { models: ['claude-sonnet-5-5'] });
    await expect(h.provider.createTurn(userTurn('Hi'), { signal: noSignal() })).rejects.toMatchObject({
      code: 'model_not_found',
      message: expect.stringContaining('"claude-typo-5"'),
    });
  });

  it('reports a rejected key as auth_failed naming the host and the fix', async () => {
    h = await startHarness([{ content: [] }], {}, { apiKey: 'sk-ant-the-right-one' });
    const host = new URL(h.fake.url).host;
    await expect(h.provider.createTurn(userTurn('Hi'), { signal: noSignal() })).rejects.toMatchObject({
      code: 'auth_failed',
      message: expect.stringContaining(`rejected by ${host}`),
      // The fix is data: the CLI words it as ANTHROPIC_API_KEY, VS Code as its Set API Key command.
      remedy: { kind: 'setApiKey' },
    });
    expect(h.fake.requests).toHaveLength(1);
  });
});

describe('completeText', () => {
  it('returns the text of a one-shot answer', async () => {
    h = await startHarness([{ content: [{ type: 'text', text: 'feat: add login form' }] }]);
    const text = await completeText(h.provider, { system: 'Write a commit message.', prompt: 'diff --git …', maxTokens: 200, signal: noSignal() });
    expect(text).toBe('feat: add login form');
    expect(h.fake.requests[0]!.body).toMatchObject({ max_tokens: 200, messages: [{ role: 'user' }] });
    expect(h.fake.requests[0]!.body).not.toHaveProperty('tools');
  });
});
