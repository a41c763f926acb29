import { afterEach, describe, expect, it } from 'vitest';
import { addKnowledgeBase } from '../../../src/core/knowledge';
import { startFakeAnthropic, type FakeAnthropic, type ScriptedTurn } from '../../support/fakeAnthropic';
import { runSpecwright } from '../../support/workspace';
import { mathsWorkspace, WORKING_SUM } from './fixture';

const API_KEY = 'sk-ant-test-knowledge-9d2b';
let fake: FakeAnthropic | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const finish: ScriptedTurn[] = [
  { content: [{ type: 'tool_use', name: 'fs_write', input: { command: 'create', path: 'src/sum.js', file_text: WORKING_SUM } }] },
  { content: [{ type: 'tool_use', name: 'execute_bash', input: { command: 'npm test' } }] },
  { content: [{ type: 'text', text: 'Done.' }] },
];

async function run(workspace: string, script: ScriptedTurn[]) {
  fake = await startFakeAnthropic(script, { apiKey: API_KEY });
  return runSpecwright(['--workspace', workspace, 'run', 'maths', '--task', '1', '--json'], { env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url } });
}

const toolNames = (f: FakeAnthropic) => (f.requests.find((r) => r.path === '/v1/messages')!.body!.tools ?? []).map((t) => (t as { name: string }).name);

describe('the knowledge tool in an agent run', () => {
  it('is not sent to the model while the workspace has no knowledge base', async () => {
    const ws = mathsWorkspace();
    expect((await run(ws, finish)).code).toBe(0);
    expect(toolNames(fake!)).not.toContain('knowledge');
  });

  it('is sent once a knowledge base exists, and answers with the passages the model asked for', async () => {
    const ws = mathsWorkspace({ 'docs/conventions.md': '# Conventions\n\n## Exports\n\nModules export functions with module.exports, never default exports.\n' });
    await addKnowledgeBase(ws, { path: 'docs', name: 'conventions' });
    const search: ScriptedTurn = { content: [{ type: 'tool_use', id: 'toolu_kb', name: 'knowledge', input: { command: 'search', query: 'how do modules export functions' } }] };
    const result = await run(ws, [search, ...finish]);
    expect(result.code).toBe(0);
    expect(toolNames(fake!)).toContain('knowledge');
    const answer = JSON.stringify(fake!.requests.filter((r) => r.path === '/v1/messages')[1]!.body!.messages.at(-1));
    expect(answer).toContain('docs/conventions.md:1-5');
    expect(answer).toContain('Modules export functions with module.exports');
  });
});
