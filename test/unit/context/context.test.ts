import type Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { parseShare } from '../../../src/cli/commands/run';
import { UsageError } from '../../../src/cli/io';
import { dropToolOutputs, renderTranscript, TokenGauge, tooLongCounts } from '../../../src/core/context';
import { settingsSchema } from '../../../src/core/settings/schema';

const big = 'x'.repeat(5_000);
const history: Anthropic.MessageParam[] = [
  { role: 'user', content: 'Execute task 1' },
  { role: 'assistant', content: [{ type: 'text', text: 'Reading.' }, { type: 'tool_use', id: 't1', name: 'fs_read', input: { path: 'a.txt' } }] },
  { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: `START${big}END` }] },
  { role: 'assistant', content: [{ type: 'tool_use', id: 't2', name: 'execute_bash', input: { command: 'npm test' } }] },
  { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't2', content: 'ok', is_error: true }] },
];

describe('what compaction works with', () => {
  it('reads the counts out of the API’s refusal, in its spellings', () => {
    expect(tooLongCounts('prompt is too long: 212345 tokens > 200000 maximum')).toEqual({ tokens: 212345, maximum: 200000 });
    expect(tooLongCounts('input length 1,050,000 tokens > 1,000,000')).toEqual({ tokens: 1_050_000, maximum: 1_000_000 });
    expect(tooLongCounts('Request exceeds the maximum allowed number of bytes.')).toBeNull();
  });

  it('renders a history for the summariser with tool names, failures and outputs cut in the middle', () => {
    const entries = renderTranscript(history, 300);
    expect(entries[0]).toBe('[user] Execute task 1');
    expect(entries).toContain('[agent called fs_read] {"path":"a.txt"}');
    const output = entries.find((e) => e.startsWith('[fs_read returned]'))!;
    expect(output).toMatch(/^\[fs_read returned\] START/);
    expect(output).toMatch(/characters left out/);
    expect(output.endsWith('END')).toBe(true);
    expect(output.length).toBeLessThan(400);
    expect(entries).toContain('[execute_bash failed] ok');
  });

  it('drops long tool outputs (and images) but keeps short ones and every tool_use_id', () => {
    const withImage: Anthropic.MessageParam = {
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: 't3', content: [{ type: 'text', text: 'see' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } }] }],
    };
    const { messages, dropped } = dropToolOutputs([...history, withImage]);
    expect(dropped).toBe(2);
    const results = messages.flatMap((m) => (typeof m.content === 'string' ? [] : m.content.filter((b) => b.type === 'tool_result'))) as Anthropic.ToolResultBlockParam[];
    expect(results.map((r) => r.tool_use_id)).toEqual(['t1', 't2', 't3']);
    expect(results[0]!.content).toMatch(/^\[Output of 5008 characters dropped to fit the context window/);
    expect(results[1]!.content).toBe('ok');
    expect(results[2]!.content).toMatch(/images dropped/);
    // The originals are not changed: the session's earlier requests stay what they were.
    expect((history[2]!.content as Anthropic.ToolResultBlockParam[])[0]!.content).toContain('START');
  });

  it('calibrates its estimate to the counts the API reports', () => {
    const gauge = new TokenGauge();
    const request = { system: [{ type: 'text' as const, text: 'You are careful.' }], tools: [], messages: history };
    const raw = gauge.tokens(request);
    gauge.observe(request, raw * 2);
    expect(gauge.tokens(request)).toBe(raw * 2);
    gauge.observe(request, 1); // absurd counts are bounded
    expect(gauge.tokens(request)).toBeGreaterThanOrEqual(Math.floor(raw * 0.3));
  });

  it('takes the threshold as a share or a percentage, from the settings and from --compact-at', () => {
    expect(settingsSchema.parse({}).agent.compactAt).toBe(0.8);
    expect(settingsSchema.parse({ agent: { compactAt: 70 } }).agent.compactAt).toBe(0.7);
    expect(settingsSchema.parse({ agent: { compactAt: 0.65 } }).agent.compactAt).toBe(0.65);
    expect(settingsSchema.safeParse({ agent: { compactAt: 0 } }).success).toBe(false);
    expect(settingsSchema.safeParse({ agent: { compactAt: 150 } }).success).toBe(false);
    expect(settingsSchema.safeParse({ model: { contextWindow: 500 } }).success).toBe(false);
    expect(parseShare('--compact-at', '70%')).toBe(0.7);
    expect(parseShare('--compact-at', '0.5')).toBe(0.5);
    expect(parseShare('--compact-at', '90')).toBe(0.9);
    expect(() => parseShare('--compact-at', 'half')).toThrow(UsageError);
    expect(() => parseShare('--compact-at', '0')).toThrow(/70% or 0.7/);
  });
});
