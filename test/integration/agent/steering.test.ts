import { mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../../../src/core/activity';
import { testAgentService } from '../../support/agentHost';
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

describe('steering in a free prompt (a hook action, a chat) through the AgentService', () => {
  const home = () => mkdtempSync(path.join(os.tmpdir(), 'sw-home-'));
  const files = {
    '.kiro/settings.json': JSON.stringify({ steering: { agentsMd: false } }),
    'AGENTS.md': 'ROOT-AGENTS-RULES\n',
    'CLAUDE.md': 'ROOT-CLAUDE-RULES\n',
    '.kiro/steering/always.md': 'ALWAYS-RULES: small commits.\n',
    '.kiro/steering/api.md': '---\ninclusion: fileMatch\nfileMatchPattern: "src/api/**/*.ts"\n---\nAPI-RULES: cursor pagination.\n',
    '.kiro/steering/release.md': '---\ninclusion: manual\n---\nRELEASE-RULES\n',
  };

  async function prompt(ws: string, request: { prompt: string; steering?: boolean; files?: Array<{ path: string; seenIn: string }> }) {
    fake = await startFakeAnthropic([{ content: [{ type: 'text', text: 'Done.' }] }], { apiKey: API_KEY });
    const service = testAgentService({ env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url }, home: home() });
    const prepared = await service.prepare({ workspace: ws, mcp: false });
    const events: ActivityEvent[] = [];
    try {
      const result = await service.runPrompt(prepared, { ...request, signal: new AbortController().signal, onEvent: (e) => events.push(e) });
      expect(result.status).toBe('done');
    } finally {
      await prepared.release();
    }
    const system = JSON.stringify(fake.requests.find((r) => r.path === '/v1/messages')!.body!.system);
    return { system, included: events.flatMap((e) => (e.type === 'steering_included' ? [`${e.name}: ${e.reason}`] : [])) };
  }

  it('starts with always documents, #named ones and fileMatch documents for the file open in the editor; the settings switch AGENTS.md off', async () => {
    const ws = mathsWorkspace(files);
    const { system, included } = await prompt(ws, { prompt: 'Tidy the handler, as #release says', files: [{ path: 'src/api/user.ts', seenIn: 'editor' }] });
    for (const text of ['ALWAYS-RULES', 'API-RULES', 'RELEASE-RULES', 'ROOT-CLAUDE-RULES']) expect(system).toContain(text);
    expect(system).not.toContain('ROOT-AGENTS-RULES');
    expect(included).toEqual(['always: always', 'CLAUDE.md: always', 'release: manual: #release', 'api: fileMatch: src/api/user.ts ~ src/api/**/*.ts (editor)']);
  });

  it('gives a prompt asked to run without steering none of it', async () => {
    const ws = mathsWorkspace(files);
    const { system, included } = await prompt(ws, { prompt: 'Tidy #release', steering: false, files: [{ path: 'src/api/user.ts', seenIn: 'editor' }] });
    for (const text of ['ALWAYS-RULES', 'API-RULES', 'RELEASE-RULES', 'ROOT-CLAUDE-RULES']) expect(system).not.toContain(text);
    expect(included).toEqual([]);
  });
});

describe('steering in a hook prompt (specwright hooks run on the fake Messages API)', () => {
  it('starts with the fileMatch documents for the files that set the hook off, and says so', async () => {
    const ws = mathsWorkspace({
      '.kiro/steering/source.md': '---\ninclusion: fileMatch\nfileMatchPattern: "src/**/*.js"\n---\nSOURCE-RULES: CommonJS.\n',
      '.kiro/steering/tests.md': '---\ninclusion: fileMatch\nfileMatchPattern: "test/**/*.js"\n---\nTEST-RULES\n',
      '.kiro/hooks/review.kiro.hook': JSON.stringify({ name: 'Review', when: { type: 'fileEdited', patterns: ['src/**/*.js'] }, then: { type: 'askAgent', prompt: 'Review the edited file.' } }),
    });
    fake = await startFakeAnthropic([{ content: [{ type: 'text', text: 'Looks fine.' }] }], { apiKey: API_KEY });
    const home = mkdtempSync(path.join(os.tmpdir(), 'sw-home-'));
    // Without --json the hook's events are printed as they happen.
    const result = await runSpecwright(['--workspace', ws, 'hooks', 'run', 'Review', '--file', 'src/sum.js', '--trust'], {
      env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url, HOME: home },
    });
    expect(result.code, result.stderr).toBe(0);
    const system = JSON.stringify(fake.requests.find((r) => r.path === '/v1/messages')!.body!.system);
    expect(system).toContain('SOURCE-RULES');
    expect(system).not.toContain('TEST-RULES');
    expect(result.stdout).toContain('Steering source (fileMatch: src/sum.js ~ src/**/*.js (prompt))');
    expect(result.stdout).not.toContain('Steering tests');
  });
});
