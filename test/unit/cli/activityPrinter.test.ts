import { describe, expect, it } from 'vitest';
import { createActivityPrinter } from '../../../src/cli/activityPrinter';
import { ActivityStream } from '../../../src/core/activity';

describe('the terminal printer', () => {
  it("names each sub-agent's lane on its lines, since parallel sub-agents interleave", () => {
    let text = '';
    const print = createActivityPrinter({ stdout: (t) => (text += t), isTTY: false, env: {} });
    const stream = new ActivityStream('run');
    stream.subscribe(print);
    const spent = { inputTokens: 900, outputTokens: 100, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0.0123 };
    stream.emit({ type: 'tool_call', toolUseId: 'tu', tool: 'use_subagent', input: {}, summary: 'Delegating to 2 sub-agents: reviewer, itself' });
    stream.emit({ type: 'subagent_started', subagentId: 'tu#1', agent: 'reviewer', query: 'Review src/', model: 'claude-haiku-4-5', parentId: 'tu' });
    stream.emit({ type: 'subagent_started', subagentId: 'tu#2', agent: 'itself', query: 'Write docs', model: 'claude-sonnet-4-5', parentId: 'tu' });
    stream.emit({ type: 'assistant_text', text: 'Looking at src/a.ts', parentId: 'tu#1' });
    stream.emit({ type: 'command_started', commandId: 'c', command: 'npm test', cwd: '.', parentId: 'tu#2' });
    stream.emit({ type: 'subagent_finished', subagentId: 'tu#1', agent: 'reviewer', status: 'failed', summary: 'Model unreachable', usage: spent, parentId: 'tu' });
    expect(text).toContain('Delegating to 2 sub-agents: reviewer, itself…');
    expect(text).toContain('⇶ Sub-agent reviewer #1 (claude-haiku-4-5): Review src/');
    expect(text).toContain('‹reviewer #1› [Agent] Looking at src/a.ts');
    expect(text).toContain('‹itself #2› Running: npm test');
    expect(text).toContain('⇶ Sub-agent reviewer #1 failed (1000 tokens · $0.0123): Model unreachable');
  });
});
