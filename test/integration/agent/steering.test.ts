import { afterEach, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic, type ScriptedTurn } from '../../support/fakeAnthropic';
import { runSpecwright } from '../../support/workspace';
import { mathsWorkspace, WORKING_SUM } from './fixture';

const API_KEY = 'sk-ant-test-steering-1b2c';
let fake: FakeAnthropic | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const TASKS = `# Implementation Plan

- [ ] 1. Implement sum
  - Export sum(a, b) from src/sum.js, in the #house-style
  - _Requirements: 1.1_
`;

const tool = (name: string, input: Record<string, unknown>): ScriptedTurn => ({ content: [{ type: 'tool_use', name, input }] });

describe('steering that follows the work (specwright run on the fake Messages API)', () => {
  it('starts with always, #named and task-file steering; adds a fileMatch doc after the agent reads a matching file, and an auto doc on request, keeping the prefix stable', async () => {
    const ws = mathsWorkspace({
      '.kiro/specs/maths/tasks.md': TASKS,
      '.kiro/steering/always.md': 'ALWAYS-RULES: small commits.\n',
      '.kiro/steering/house-style.md': '---\ninclusion: manual\n---\nHOUSE-STYLE-RULES: two spaces.\n',
      '.kiro/steering/source.md': '---\ninclusion: fileMatch\nfileMatchPattern: "src/**/*.js"\n---\nSOURCE-RULES: CommonJS. See #[[file:package.json]]\n',
      '.kiro/steering/tests.md': '---\ninclusion: fileMatch\nfileMatchPattern:\n  - "test/**/*.js"\n---\nTEST-RULES: node:test only.\n',
      '.kiro/steering/errors.md': '---\ninclusion: auto\nname: errors\ndescription: Error handling patterns\n---\nERRORS-BODY: throw TypeError.\n',
      '.kiro/steering/unused.md': '---\ninclusion: manual\n---\nUNUSED-RULES\n',
      'test/AGENTS.md': 'TEST-FOLDER-AGENTS: keep tests fast.\n',
    });
    fake = await startFakeAnthropic(
      [
        tool('fs_read', { operations: [{ mode: 'Line', path: 'test/sum.test.js' }] }),
        tool('steering', { name: 'errors' }),
        tool('fs_write', { command: 'create', path: 'src/sum.js', file_text: WORKING_SUM }),
        tool('execute_bash', { command: 'npm test', summary: 'run tests' }),
        { content: [{ type: 'text', text: 'Done.' }] },
      ],
      { apiKey: API_KEY },
    );
    const result = await runSpecwright(['--workspace', ws, 'run', 'maths', '--task', '1', '--json'], { env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url } });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);

    const requests = fake.requests.filter((r) => r.path === '/v1/messages');
    expect(requests).toHaveLength(5);
    const system = JSON.stringify(requests[0]!.body!.system);
    for (const text of ['ALWAYS-RULES', 'HOUSE-STYLE-RULES', 'SOURCE-RULES', '"name\\": \\"maths\\"', 'errors (steering): Error handling patterns']) expect(system).toContain(text);
    for (const text of ['TEST-RULES', 'TEST-FOLDER-AGENTS', 'ERRORS-BODY', 'UNUSED-RULES']) expect(system).not.toContain(text);
    expect(requests[0]!.body!.tools?.[0]).toMatchObject({ name: 'steering' });

    // The fileMatch document and the folder's AGENTS.md ride on the request after the read, after its tool_result.
    const afterRead = requests[1]!.body!.messages.at(-1) as { content: Array<{ type: string; text?: string }> };
    expect(afterRead.content.map((b) => b.type)).toEqual(['tool_result', 'text', 'text']);
    expect(afterRead.content[1]!.text).toContain('TEST-RULES');
    expect(afterRead.content[2]!.text).toContain('TEST-FOLDER-AGENTS');
    // The auto document comes back as the steering tool's result.
    expect(JSON.stringify(requests[2]!.body!.messages.at(-1))).toContain('ERRORS-BODY');
    // Each joins once, and every request resends the previous one's prefix unchanged.
    expect(requests[4]!.rawBody.split('TEST-RULES').length - 1).toBe(1);
    for (let i = 1; i < requests.length; i++) {
      const previous = requests[i - 1]!.rawBody;
      const prefixEnd = previous.lastIndexOf(',"cache_control"');
      expect(requests[i]!.rawBody.startsWith(previous.slice(0, prefixEnd)), `request ${i + 1}`).toBe(true);
    }

    const included = result.stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.type === 'steering_included');
    expect(included.map((e: { name: string; reason: string }) => `${e.name}: ${e.reason}`)).toEqual([
      'always: always',
      'house-style: manual: #house-style',
      'source: fileMatch: src/sum.js ~ src/**/*.js (task)',
      'tests: fileMatch: test/sum.test.js ~ test/**/*.js',
      'test/AGENTS.md: AGENTS.md: test/sum.test.js',
      'errors: auto: requested',
    ]);
  });
});
