import type { ContentBlockParam, MessageParam, TextBlockParam, Tool } from '@anthropic-ai/sdk/resources/messages';
import { describe, expect, it } from 'vitest';
import { MAX_CACHE_BREAKPOINTS, withPromptCaching, type TurnRequest } from '../../../src/core/model';

const EPHEMERAL = { type: 'ephemeral' };
const tool = (name: string): Tool => ({ name, input_schema: { type: 'object' } });
const text = (t: string): TextBlockParam => ({ type: 'text', text: t });

function request(overrides: Partial<TurnRequest> = {}): TurnRequest {
  return {
    system: [text('instructions'), text('spec context')],
    tools: [tool('read_file'), tool('write_file')],
    messages: [{ role: 'user', content: 'task' }],
    ...overrides,
  };
}

function breakpoints(r: TurnRequest): number {
  const blocks = r.messages.flatMap((m) => (Array.isArray(m.content) ? m.content : []));
  return [...r.tools, ...r.system, ...blocks].filter((b) => 'cache_control' in b && b.cache_control).length;
}

function lastBlocks(r: TurnRequest): ContentBlockParam[] {
  return r.messages.at(-1)!.content as ContentBlockParam[];
}

describe('withPromptCaching', () => {
  it('marks only the last tool definition', () => {
    expect(withPromptCaching(request()).tools.map((t) => t.cache_control)).toEqual([undefined, EPHEMERAL]);
  });

  it('marks the end of the instructions and the end of the system context', () => {
    const system = [text('instructions'), text('steering'), text('spec')];
    expect(withPromptCaching(request({ system })).system.map((b) => b.cache_control)).toEqual([EPHEMERAL, undefined, EPHEMERAL]);
  });

  it('marks a single system block once', () => {
    expect(withPromptCaching(request({ system: [text('all of it')] })).system).toEqual([{ ...text('all of it'), cache_control: EPHEMERAL }]);
  });

  it('puts the rolling breakpoint on the last block of the latest message only', () => {
    const messages: MessageParam[] = [
      { role: 'user', content: 'task' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'read_file', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'a' }, text('note')] },
    ];
    const cached = withPromptCaching(request({ messages }));
    expect(cached.messages.slice(0, 2).flatMap((m) => m.content as ContentBlockParam[]).some((b) => 'cache_control' in b)).toBe(false);
    expect(lastBlocks(cached).map((b) => 'cache_control' in b && b.cache_control)).toEqual([false, EPHEMERAL]);
  });

  it('sends every message as blocks so a message keeps its bytes once the breakpoint moves on', () => {
    const cached = withPromptCaching(request({ messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }, { role: 'user', content: 'c' }] }));
    expect(cached.messages.map((m) => m.content)).toEqual([[text('a')], [text('b')], [{ ...text('c'), cache_control: EPHEMERAL }]]);
  });

  it('skips thinking blocks, which cannot carry a breakpoint', () => {
    const messages: MessageParam[] = [{ role: 'assistant', content: [text('plan'), { type: 'thinking', thinking: 'hm', signature: 's' }] }];
    expect(lastBlocks(withPromptCaching(request({ messages })))).toEqual([{ ...text('plan'), cache_control: EPHEMERAL }, { type: 'thinking', thinking: 'hm', signature: 's' }]);
  });

  it('replaces markers already on the input, staying within four breakpoints', () => {
    const marked = <T extends object>(x: T) => ({ ...x, cache_control: EPHEMERAL });
    const messages: MessageParam[] = [{ role: 'user', content: [marked(text('old'))] }, { role: 'assistant', content: [marked(text('older'))] }, { role: 'user', content: 'now' }];
    const cached = withPromptCaching({ system: [marked(text('a')), marked(text('b')), marked(text('c'))], tools: [marked(tool('x')), marked(tool('y'))], messages });
    expect(breakpoints(cached)).toBe(MAX_CACHE_BREAKPOINTS);
  });

  it('does not change the request it was given', () => {
    const original = request({ messages: [{ role: 'user', content: [text('task')] }] });
    const copy = structuredClone(original);
    withPromptCaching(original);
    expect(original).toEqual(copy);
  });

  it('keeps extra request fields such as maxTokens', () => {
    expect(withPromptCaching(request({ maxTokens: 99 })).maxTokens).toBe(99);
  });
});
