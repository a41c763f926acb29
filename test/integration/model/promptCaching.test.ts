import type { MessageParam, TextBlockParam, Tool } from '@anthropic-ai/sdk/resources/messages';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelTurn } from '../../../src/core/model';
import { noSignal, startHarness, type Harness } from './providerHarness';

const TOOLS: Tool[] = [
  { name: 'read_file', description: 'Read a file of the workspace.', input_schema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } },
  { name: 'write_file', description: 'Write a file of the workspace.', input_schema: { type: 'object', properties: { path: { type: 'string' }, content: { type: 'string' } } } },
];
const SYSTEM: TextBlockParam[] = [
  { type: 'text', text: 'You are Specwright, a careful coding agent. '.repeat(20) },
  { type: 'text', text: '# Spec: todo-cli\n## Requirements\nWHEN the user adds a todo THE SYSTEM SHALL store it.\n'.repeat(10) },
];
const TASK: MessageParam = { role: 'user', content: 'Implement task 1.1: store todos in todos.json.' };

let h: Harness;
afterEach(() => h?.fake.close());

/** Two agent steps: the task, then the tool result of the first answer's tool call. */
async function runTwoSteps(): Promise<[ModelTurn, ModelTurn]> {
  h = await startHarness([
    { content: [{ type: 'text', text: 'Reading first.' }, { type: 'tool_use', name: 'read_file', input: { path: 'todos.json' } }] },
    { content: [{ type: 'text', text: 'Done.' }] },
  ]);
  const first = await h.provider.createTurn({ system: SYSTEM, tools: TOOLS, messages: [TASK] }, { signal: noSignal() });
  const toolUse = first.content.find((b) => b.type === 'tool_use')!;
  const messages: MessageParam[] = [
    TASK,
    { role: 'assistant', content: first.content },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: '[]' }] },
  ];
  const second = await h.provider.createTurn({ system: SYSTEM, tools: TOOLS, messages }, { signal: noSignal() });
  return [first, second];
}

describe('prompt caching across the steps of a task', () => {
  it('sends consecutive requests whose bytes are identical up to the previous rolling breakpoint', async () => {
    await runTwoSteps();
    const [first, second] = h.fake.requests.map((r) => r.rawBody) as [string, string];
    const stablePrefix = first.slice(0, first.lastIndexOf(',"cache_control"'));
    expect(stablePrefix).toContain('"messages":[');
    expect(second.startsWith(stablePrefix)).toBe(true);
  });

  it('keeps tools and system before the messages, so they lead every request', async () => {
    await runTwoSteps();
    for (const { rawBody } of h.fake.requests) {
      expect(rawBody.indexOf('"system"')).toBeLessThan(rawBody.indexOf('"messages"'));
      expect(rawBody.indexOf('"tools"')).toBeLessThan(rawBody.indexOf('"messages"'));
    }
  });

  it('marks four breakpoints: last tool, end of instructions, end of spec context, latest message', async () => {
    await runTwoSteps();
    const body = h.fake.requests[1]!.body!;
    expect(body.tools!.map((t) => 'cache_control' in t)).toEqual([false, true]);
    expect((body.system as TextBlockParam[]).map((b) => b.cache_control)).toEqual([{ type: 'ephemeral' }, { type: 'ephemeral' }]);
    const marked = body.messages.flatMap((m) => (Array.isArray(m.content) ? m.content : [])).filter((b) => 'cache_control' in b && b.cache_control);
    expect(marked).toEqual([expect.objectContaining({ type: 'tool_result' })]);
  });

  it('writes the prefix to the cache on the first step and reads it back on the second', async () => {
    const [first, second] = await runTwoSteps();
    expect(first.usage.cacheWriteTokens).toBeGreaterThan(0);
    expect(first.usage.cacheReadTokens).toBe(0);
    expect(second.usage.cacheReadTokens).toBe(first.usage.cacheWriteTokens);
  });
});
