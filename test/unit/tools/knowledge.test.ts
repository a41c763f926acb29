import { writeFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createToolset } from '../../../src/core/agent/tools';
import { addKnowledgeBase, indexAgentKnowledgeBase } from '../../../src/core/knowledge';
import { tempWorkspace, toolContext } from './toolFixture';

const files = {
  'docs/deploy.md': '# Deploy\n\n## Rollback\n\nTo roll back, redeploy the previous tag with `make deploy TAG=…`.\n',
  'docs/style.md': '# Style\n\nTwo-space indentation.\n',
};

describe('the knowledge tool', () => {
  it('is offered only when the host asks for it, after the built-in tools, with Kiro\'s name', () => {
    expect(createToolset().definitions.map((d) => d.name)).not.toContain('knowledge');
    const names = createToolset({ knowledge: true }).definitions.map((d) => d.name);
    expect(names).toEqual(['fs_read', 'fs_write', 'execute_bash', 'glob', 'grep', 'knowledge']);
    expect(createToolset({ knowledge: true, tools: ['read', 'knowledge'] }).definitions.map((d) => d.name)).toEqual(['fs_read', 'knowledge']);
    const schema = createToolset({ knowledge: true }).definitions.at(-1)!.input_schema;
    expect(Object.keys(schema.properties ?? {})).toEqual(['command', 'query', 'context_id', 'name', 'limit', 'offset', 'snippet_length']);
  });

  it('returns the best chunks with path, line range and score', async () => {
    const ws = tempWorkspace(files);
    await addKnowledgeBase(ws.root, { path: 'docs', name: 'runbook', indexType: 'best' });
    const tools = createToolset({ knowledge: true });
    const result = await tools.executeToolCall('knowledge', { command: 'search', query: 'how do I roll back a deploy' }, toolContext(ws.root));
    expect(result.isError).toBe(false);
    const lines = result.content.split('\n');
    expect(lines[0]).toBe('1 result for "how do I roll back a deploy" in runbook:');
    expect(lines[2]).toMatch(/^\[1\] docs\/deploy\.md:1-5 \(score \d+(\.\d+)?, runbook\)$/);
    expect(result.content).toContain('redeploy the previous tag');
  });

  it('lists the knowledge bases with show, and takes a bare query as a search', async () => {
    const ws = tempWorkspace(files);
    const { base } = await addKnowledgeBase(ws.root, { path: 'docs', name: 'runbook' });
    const tools = createToolset({ knowledge: true });
    const shown = await tools.executeToolCall('knowledge', { command: 'show' }, toolContext(ws.root));
    expect(shown.content).toBe(`- runbook (id ${base.id}, fast): docs, 2 files, 2 chunks`);
    const bare = await tools.executeToolCall('knowledge', { query: 'indentation', limit: '1' }, toolContext(ws.root));
    expect(bare.content).toContain('[1] docs/style.md:1-3');
  });

  it('asks the policy to read each knowledge base it searches', async () => {
    const ws = tempWorkspace(files);
    await addKnowledgeBase(ws.root, { path: 'docs', name: 'runbook' });
    await addKnowledgeBase(ws.root, { path: '.', name: 'everything' });
    const tools = createToolset({ knowledge: true });
    expect(await tools.plan('knowledge', { command: 'search', query: 'deploy' }, toolContext(ws.root))).toEqual([
      { kind: 'read', path: 'docs' },
      { kind: 'read', path: '.' },
    ]);
    expect(await tools.plan('knowledge', { command: 'search', query: 'deploy', context_id: 'runbook' }, toolContext(ws.root))).toEqual([{ kind: 'read', path: 'docs' }]);
  });

  it('leaves bases outside the workspace out of a search, and names their absolute path when asked for one', async () => {
    const ws = tempWorkspace(files);
    mkdirSync(path.join(ws.outside, 'notes'));
    writeFileSync(path.join(ws.outside, 'notes/roll.md'), '# Roll back\n\nSecret outside notes about rollback.\n');
    await addKnowledgeBase(ws.root, { path: path.join(ws.outside, 'notes'), name: 'outside' });
    await addKnowledgeBase(ws.root, { path: 'docs', name: 'runbook' });
    const tools = createToolset({ knowledge: true });
    const result = await tools.executeToolCall('knowledge', { command: 'search', query: 'rollback' }, toolContext(ws.root));
    expect(result.content).not.toContain('Secret outside notes');
    expect(await tools.plan('knowledge', { command: 'search', query: 'rollback', context_id: 'outside' }, toolContext(ws.root))).toEqual([{ kind: 'read', path: path.join(ws.outside, 'notes') }]);
  });

  it('leaves managing knowledge bases to the user', async () => {
    const ws = tempWorkspace(files);
    const tools = createToolset({ knowledge: true });
    const result = await tools.executeToolCall('knowledge', { command: 'add', name: 'x', value: 'docs' }, toolContext(ws.root));
    expect(result).toEqual({ content: 'The add command is not available to the agent: the user manages knowledge bases (adds, updates and removes them). Use "show" or "search".', isError: true });
    await expect(tools.plan('knowledge', { command: 'clear' }, toolContext(ws.root))).rejects.toThrow('The clear command is not available to the agent: the user manages knowledge bases');
  });

  it('searches an agent\'s own bases only in that agent\'s toolset', async () => {
    const ws = tempWorkspace({ 'tokens/spacing.md': '# Spacing\n\nThe spacing scale is 4, 8, 12.\n' });
    await indexAgentKnowledgeBase(ws.root, { type: 'knowledgeBase', source: 'file://./tokens', name: 'Tokens' }, { agent: 'ada' });
    const forAda = await createToolset({ knowledge: { agent: 'ada' } }).executeToolCall('knowledge', { command: 'search', query: 'spacing scale' }, toolContext(ws.root));
    expect(forAda.content).toContain('[1] tokens/spacing.md:1-3');
    const forOthers = await createToolset({ knowledge: true }).executeToolCall('knowledge', { command: 'search', query: 'spacing scale' }, toolContext(ws.root));
    expect(forOthers.content).toBe('No knowledge base inside the workspace to search.');
  });
});
