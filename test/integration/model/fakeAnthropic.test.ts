import Anthropic, { APIError } from '@anthropic-ai/sdk';
import type { MessageCreateParamsNonStreaming, RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import { afterEach, describe, expect, it } from 'vitest';
import { imagesIn, startFakeAnthropic, type FakeAnthropic, type Script } from '../../support/fakeAnthropic';
import { gifImage, pngImage } from '../../support/images';

const KEY = 'sk-ant-fake-server-test-key';
const BASE: MessageCreateParamsNonStreaming = { model: 'claude-sonnet-5-5', max_tokens: 1024, messages: [{ role: 'user', content: 'Hello' }] };

let fake: FakeAnthropic;
afterEach(() => fake?.close());

async function start(script: Script, options: Parameters<typeof startFakeAnthropic>[1] = {}) {
  fake = await startFakeAnthropic(script, { apiKey: KEY, ...options });
  return new Anthropic({ apiKey: KEY, baseURL: fake.url, maxRetries: 0, logLevel: 'off' });
}

async function rawEvents(client: Anthropic, params: MessageCreateParamsNonStreaming = BASE): Promise<RawMessageStreamEvent[]> {
  const events: RawMessageStreamEvent[] = [];
  for await (const event of await client.messages.create({ ...params, stream: true })) events.push(event);
  return events;
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected the request to fail'),
    (error: unknown) => error,
  );
}

describe('fake Messages API', () => {
  it('streams a text answer in Anthropic event order, in several deltas', async () => {
    const client = await start([{ content: [{ type: 'text', text: 'One two three four five' }] }]);
    const types = (await rawEvents(client)).map((e) => e.type);
    expect(types[0]).toBe('message_start');
    expect(types[1]).toBe('content_block_start');
    expect(types.filter((t) => t === 'content_block_delta').length).toBeGreaterThan(1);
    expect(types.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
  });

  it('sends a ping event on the wire right after message_start', async () => {
    await start([{ content: [{ type: 'text', text: 'hi' }] }]);
    const response = await fetch(`${fake.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ ...BASE, stream: true }),
    });
    const names = [...(await response.text()).matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
    expect(names.slice(0, 2)).toEqual(['message_start', 'ping']);
  });

  it('streams tool input as several partial_json chunks that join into the scripted input', async () => {
    const input = { path: 'src/app.ts', content: 'export const answer = 42;\n' };
    const client = await start([{ content: [{ type: 'tool_use', name: 'write_file', input }] }]);
    const chunks = (await rawEvents(client)).flatMap((e) => (e.type === 'content_block_delta' && e.delta.type === 'input_json_delta' ? [e.delta.partial_json] : []));
    expect(chunks.length).toBeGreaterThan(1);
    expect(JSON.parse(chunks.join(''))).toEqual(input);
  });

  it('ends a tool-call answer with stop_reason tool_use and a generated tool id', async () => {
    const client = await start([{ content: [{ type: 'tool_use', name: 'read_file', input: { path: 'a' } }] }]);
    const message = await client.messages.stream(BASE).finalMessage();
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content[0]).toMatchObject({ type: 'tool_use', name: 'read_file', input: { path: 'a' }, id: expect.stringMatching(/^toolu_/) });
  });

  it('answers a non-streaming request with one JSON message', async () => {
    const client = await start([{ content: [{ type: 'text', text: 'Plain answer' }], stopReason: 'max_tokens' }]);
    const message = await client.messages.create(BASE);
    expect(message.content).toEqual([{ type: 'text', text: 'Plain answer', citations: null }]);
    expect(message.stop_reason).toBe('max_tokens');
  });

  it('signs thinking blocks and accepts them back unchanged in a later request', async () => {
    const client = await start([{ content: [{ type: 'thinking', thinking: 'Plan first.' }, { type: 'text', text: 'Done' }] }, { content: [{ type: 'text', text: 'Next' }] }]);
    const first = await client.messages.stream(BASE).finalMessage();
    expect(first.content[0]).toMatchObject({ type: 'thinking', thinking: 'Plan first.', signature: expect.any(String) });
    const messages = [...BASE.messages, { role: 'assistant' as const, content: first.content }, { role: 'user' as const, content: 'Go on' }];
    const second = await client.messages.stream({ ...BASE, messages }).finalMessage();
    expect(second.content[0]).toMatchObject({ text: 'Next' });
  });

  it('rejects a thinking block whose text was changed after signing', async () => {
    const client = await start([{ content: [{ type: 'thinking', thinking: 'Original.' }] }, { content: [] }]);
    const first = await client.messages.stream(BASE).finalMessage();
    const tampered = first.content.map((b) => (b.type === 'thinking' ? { ...b, thinking: 'Edited.' } : b));
    const messages = [...BASE.messages, { role: 'assistant' as const, content: tampered }, { role: 'user' as const, content: 'Go on' }];
    const error = await failureOf(client.messages.create({ ...BASE, messages }));
    expect(error).toMatchObject({ status: 400, message: expect.stringContaining('signature') });
  });

  it('returns a scripted status fault in Anthropic error shape with retry-after headers', async () => {
    const client = await start([{ fault: 'status', status: 529, retryAfter: 3, retryAfterMs: 2500 }]);
    const error = (await failureOf(client.messages.create(BASE))) as APIError;
    expect(error.status).toBe(529);
    expect(error.error).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
    expect(error.headers?.get('retry-after')).toBe('3');
    expect(error.headers?.get('retry-after-ms')).toBe('2500');
  });

  it('answers 401 authentication_error to a key other than the expected one', async () => {
    await start([{ content: [] }]);
    const stranger = new Anthropic({ apiKey: 'sk-ant-someone-else', baseURL: fake.url, maxRetries: 0, logLevel: 'off' });
    const error = await failureOf(stranger.messages.create(BASE));
    expect(error).toMatchObject({ status: 401, type: 'authentication_error' });
  });

  it('accepts the expected key in the x-api-key header as well as a Bearer token', async () => {
    await start([{ content: [{ type: 'text', text: 'ok' }] }]);
    const response = await fetch(`${fake.url}/v1/messages`, { method: 'POST', headers: { 'x-api-key': KEY }, body: JSON.stringify(BASE) });
    expect(response.status).toBe(200);
  });

  it('answers 404 not_found_error naming a model it does not serve', async () => {
    const client = await start([{ content: [] }], { models: ['claude-sonnet-5-5'] });
    const error = await failureOf(client.messages.create({ ...BASE, model: 'claude-nonexistent-9' }));
    expect(error).toMatchObject({ status: 404, type: 'not_found_error', message: expect.stringContaining('claude-nonexistent-9') });
  });

  it('breaks the connection in the middle of a tool input on cutInToolInput', async () => {
    const client = await start([{ fault: 'cutInToolInput' }]);
    const seen: string[] = [];
    const error = await failureOf((async () => {
      for await (const e of await client.messages.create({ ...BASE, stream: true })) seen.push(e.type === 'content_block_delta' ? e.delta.type : e.type);
    })());
    expect(String(error)).toMatch(/terminated/);
    expect(seen.at(-1)).toBe('input_json_delta');
    expect(seen).not.toContain('message_stop');
  });

  it('ends the response early without message_stop on a graceful cut', async () => {
    const client = await start([{ fault: 'cut', afterEvents: 3, graceful: true }]);
    const error = await failureOf(client.messages.stream(BASE).finalMessage());
    expect(String(error)).toMatch(/stream ended without producing a Message/);
  });

  it('sends an SSE error event mid-stream on streamError', async () => {
    const client = await start([{ fault: 'streamError' }]);
    const error = await failureOf(client.messages.stream(BASE).finalMessage());
    expect(error).toMatchObject({ type: 'overloaded_error' });
  });

  it('keeps a hanging request open until the client aborts it', async () => {
    const client = await start([{ fault: 'hang' }]);
    const controller = new AbortController();
    const pending = failureOf(client.messages.create(BASE, { signal: controller.signal }));
    await expect.poll(() => fake.requests.length).toBe(1);
    controller.abort();
    expect((await pending) as Error).toMatchObject({ name: expect.stringMatching(/Abort/) });
  });

  it('drops the connection before answering on reset', async () => {
    const client = await start([{ fault: 'reset' }]);
    const error = await failureOf(client.messages.create(BASE));
    expect(error).toMatchObject({ name: 'APIConnectionError' });
  });

  it('records each request with its headers, raw body and parsed body', async () => {
    const client = await start([{ content: [] }]);
    await client.messages.create(BASE);
    const [request] = fake.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/v1/messages', body: BASE });
    expect(JSON.parse(request!.rawBody)).toEqual(BASE);
    expect(request!.headers['anthropic-version']).toBeTruthy();
  });

  it('asks a function script for each turn with the request and its index', async () => {
    const calls: Array<[string, number]> = [];
    const client = await start((request, index) => {
      calls.push([String(request.body?.messages[0]?.content), index]);
      return { content: [{ type: 'text', text: `answer ${index}` }] };
    });
    await client.messages.create(BASE);
    const second = await client.messages.create({ ...BASE, messages: [{ role: 'user', content: 'Again' }] });
    expect(calls).toEqual([['Hello', 0], ['Again', 1]]);
    expect(second.content[0]).toMatchObject({ text: 'answer 1' });
  });

  it('holds a request until a function script’s promise settles', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const client = await start(async () => {
      await held;
      return { content: [{ type: 'text', text: 'released' }] };
    });
    let answered = false;
    const answer = client.messages.create(BASE).then((message) => ((answered = true), message));
    await expect.poll(() => fake.requests.length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answered).toBe(false);
    release();
    expect((await answer).content[0]).toMatchObject({ text: 'released' });
  });

  it('fails clearly with 400 when the script has no turn left', async () => {
    const client = await start([]);
    const error = await failureOf(client.messages.create(BASE));
    expect(error).toMatchObject({ status: 400, message: expect.stringContaining('script has no turn') });
  });

  it('reports a cache write for a new cached prefix and a cache read when it repeats', async () => {
    const client = await start([{ content: [] }, { content: [] }]);
    const params = { ...BASE, system: [{ type: 'text' as const, text: 'You are careful. '.repeat(50), cache_control: { type: 'ephemeral' as const } }] };
    const first = await client.messages.create(params);
    const second = await client.messages.create({ ...params, messages: [{ role: 'user', content: 'A different question' }] });
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(0);
    expect(first.usage.cache_read_input_tokens).toBe(0);
    expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);
    expect(second.usage.cache_creation_input_tokens).toBe(0);
  });

  it('rejects a request with more than four cache breakpoints', async () => {
    const client = await start([{ content: [] }]);
    const block = (text: string) => ({ type: 'text' as const, text, cache_control: { type: 'ephemeral' as const } });
    const error = await failureOf(client.messages.create({ ...BASE, system: ['a', 'b', 'c', 'd', 'e'].map(block) }));
    expect(error).toMatchObject({ status: 400, message: expect.stringContaining('maximum of 4') });
  });

  it('rejects tool names the API refuses, and a name given twice', async () => {
    const client = await start([{ content: [{ type: 'text', text: 'never' }] }]);
    const tool = (name: string) => ({ name, description: 'd', input_schema: { type: 'object' as const } });
    const bad = await failureOf(client.messages.create({ ...BASE, tools: [tool('has.dot')] }));
    expect(bad).toMatchObject({ status: 400, message: expect.stringContaining('tools.0.custom.name') });
    const twice = await failureOf(client.messages.create({ ...BASE, tools: [tool('a'), tool('a')] }));
    expect(twice).toMatchObject({ status: 400, message: expect.stringContaining('Tool names must be unique') });
  });

  it('lists the models it serves', async () => {
    const client = await start([], { models: ['claude-sonnet-5-5', 'claude-haiku-4-5'] });
    const page = await client.models.list();
    expect(page.data.map((m) => m.id)).toEqual(['claude-sonnet-5-5', 'claude-haiku-4-5']);
  });

  describe('images', () => {
    const image = (mediaType: 'image/png' | 'image/gif' | 'image/jpeg' | 'image/webp', bytes: Buffer) => ({ type: 'image' as const, source: { type: 'base64' as const, media_type: mediaType, data: bytes.toString('base64') } });

    it('accepts images in a user message and in a tool result, and exposes them decoded', async () => {
      const client = await start([{ content: [{ type: 'text', text: 'A red square.' }] }]);
      await client.messages.create({
        ...BASE,
        messages: [
          { role: 'user', content: [image('image/png', pngImage(2, 2)), { type: 'text', text: 'And this?' }] },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'fs_read', input: {} }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'one image' }, image('image/gif', gifImage())] }] },
        ],
      });
      const seen = imagesIn(fake.requests[0]!.body);
      expect(seen.map((i) => [i.location, i.toolUseId, i.mediaType])).toEqual([
        ['messages.0.content.0', null, 'image/png'],
        ['messages.2.content.0.content.1', 'toolu_1', 'image/gif'],
      ]);
      expect(seen[1]!.bytes.equals(gifImage())).toBe(true);
    });

    it('rejects image data that is not the media type it claims', async () => {
      const client = await start([{ content: [] }]);
      const error = await failureOf(client.messages.create({ ...BASE, messages: [{ role: 'user', content: [image('image/jpeg', pngImage(2, 2))] }] }));
      expect(error).toMatchObject({ status: 400, message: expect.stringContaining('Image does not match the provided media type image/jpeg (it is image/png)') });
    });

    it('rejects an image over 5 MB of base64, as the API does', async () => {
      const client = await start([{ content: [] }]);
      const error = await failureOf(client.messages.create({ ...BASE, messages: [{ role: 'user', content: [image('image/png', pngImage(2, 2, { noiseBytes: 4 * 1024 * 1024 }))] }] }));
      expect(error).toMatchObject({ status: 400, message: expect.stringContaining('image exceeds 5 MB maximum') });
    });
  });
});
