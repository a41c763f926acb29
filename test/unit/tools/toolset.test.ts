import { describe, expect, it } from 'vitest';
import type { ToolBox } from '../../../src/core/agent/ports';
import { createToolset } from '../../../src/core/agent/tools';
import { tempWorkspace, toolContext } from './toolFixture';

describe('createToolset', () => {
  it('defines the Kiro tools in a fixed order, each with an object input schema', () => {
    const { definitions } = createToolset();
    expect(definitions.map((d) => d.name)).toEqual(['fs_read', 'fs_write', 'execute_bash', 'glob', 'grep']);
    for (const definition of definitions) expect(definition.input_schema.type).toBe('object');
  });

  it('keeps all tool definitions together under 1,000 tokens (at 4 characters a token)', () => {
    expect(JSON.stringify(createToolset().definitions).length / 4).toBeLessThan(1_000);
  });

  it('offers only the tools a Kiro agent lists, accepting the newer Kiro names', () => {
    expect(createToolset({ tools: ['read', 'grep', '@git/status'] }).definitions.map((d) => d.name)).toEqual(['fs_read', 'grep']);
    expect(createToolset({ tools: ['@builtin'] }).definitions).toHaveLength(5);
  });

  it('answers a call to an unknown tool with an error listing the available ones', async () => {
    const ws = tempWorkspace();
    const result = await createToolset({ tools: ['fs_read'] }).executeToolCall('fs_delete', {}, toolContext(ws.root));
    expect(result).toEqual({ content: 'Unknown tool "fs_delete". Available tools: fs_read.', isError: true });
  });

  it('answers invalid input with an error naming the fields at fault', async () => {
    const ws = tempWorkspace();
    const result = await createToolset().executeToolCall('fs_write', { command: 'rewrite', path: 3 }, toolContext(ws.root));
    expect(result.isError).toBe(true);
    expect(result.content).toMatch(/^Invalid input for fs_write: command: .*; path: /);
  });

  it('turns a file system failure into an error result instead of throwing', async () => {
    const ws = tempWorkspace({ 'file.txt': 'x' });
    const result = await createToolset().executeToolCall('fs_write', { command: 'create', path: 'file.txt/inner.txt', file_text: 'y' }, toolContext(ws.root));
    expect(result.isError).toBe(true);
    expect(result.content).toMatch(/^(ENOTDIR|EEXIST)/);
  });

  it('throws instead of answering when the call was aborted', async () => {
    const ws = tempWorkspace();
    const ctx = toolContext(ws.root);
    ctx.abort.abort();
    await expect(createToolset().executeToolCall('execute_bash', { command: 'echo hi' }, ctx)).rejects.toThrow();
  });

  it('summarizes calls for people, and falls back to the tool name on unusable input', () => {
    const tools = createToolset();
    expect(tools.summarize('fs_read', { operations: [{ mode: 'Line', path: 'design.md' }] })).toBe('Reading design.md');
    expect(tools.summarize('execute_bash', { command: 'npm test' })).toBe('Running: npm test');
    expect(tools.summarize('fs_write', { command: 'str_replace', path: 'a.ts', summary: 'fix bug' })).toBe('Editing a.ts: fix bug');
    expect(tools.summarize('fs_write', { nonsense: true })).toBe('fs_write');
  });

  it('fills in the limits from its options when the context does not give them', async () => {
    const ws = tempWorkspace();
    const tools = createToolset({ outputLimitChars: 1_000 });
    const result = await tools.executeToolCall('execute_bash', { command: 'seq 1 5000' }, { workspace: ws.root, signal: new AbortController().signal, emit: () => {} });
    expect(result.content).toMatch(/lines omitted/);
  });

  it('plugs into the runner as its ToolBox', async () => {
    const ws = tempWorkspace({ 'a.txt': 'hello\n' });
    const box: ToolBox = createToolset();
    const ctx = { workspace: ws.root, signal: new AbortController().signal, emit: () => {} };
    const input = { operations: [{ mode: 'Line', path: 'a.txt' }] };
    expect(await box.plan('fs_read', input, ctx)).toEqual([{ kind: 'read', path: 'a.txt' }]);
    expect(await box.execute('fs_read', input, ctx)).toEqual({ content: '1\thello', isError: false });
  });
});
