import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic, type ScriptedTurn } from '../../support/fakeAnthropic';
import { runSpecwright } from '../../support/workspace';
import { mathsWorkspace, TASKS, WORKING_SUM } from './fixture';

const API_KEY = 'sk-ant-test-agent-run-9b07';
let fake: FakeAnthropic | undefined;
const made: string[] = [];

afterEach(async () => {
  await fake?.close();
  fake = undefined;
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const write = (file: string, text: string): ScriptedTurn => ({ content: [{ type: 'tool_use', name: 'fs_write', input: { command: 'create', path: file, file_text: text } }] });
const bash = (command: string): ScriptedTurn => ({ content: [{ type: 'tool_use', name: 'execute_bash', input: { command, summary: 'run' } }] });
const say = (text: string): ScriptedTurn => ({ content: [{ type: 'text', text }] });
const events = (stdout: string) => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; [k: string]: unknown });

/** A workspace agent that writes and tests, on its own model, and may never delete. */
const FIXER = `---
description: Fixes code and proves it with the tests
model: claude-haiku-4.5
tools: [read, write, shell]
toolsSettings:
  shell:
    deniedCommands: ["rm .*"]
---
You are FIXER-PROMPT. Change as little as you can.
`;

async function runWithAgent(ws: string, script: ScriptedTurn[], extra: string[]) {
  fake = await startFakeAnthropic(script, { apiKey: API_KEY });
  const home = mkdtempSync(path.join(tmpdir(), 'sw-home-'));
  made.push(home);
  const env = { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url, HOME: home };
  return runSpecwright(['--workspace', ws, 'run', 'maths', '--task', '1', '--json', ...extra], { env });
}

describe('specwright run --agent', () => {
  it('runs the task as the custom agent: its prompt, only its tools, its model, its denials; the run header names it', async () => {
    const ws = mathsWorkspace({ '.kiro/agents/fixer.md': FIXER });
    const result = await runWithAgent(ws, [bash('rm -rf src'), write('src/sum.js', WORKING_SUM), bash('npm test'), say('Fixed.')], ['--agent', 'fixer', '--trust']);
    expect(result.code).toBe(0);
    expect(readFileSync(path.join(ws, '.kiro/specs/maths/tasks.md'), 'utf8')).toBe(TASKS.replace('- [ ] 1.', '- [x] 1.'));
    const [first] = fake!.requests.filter((r) => r.path === '/v1/messages');
    expect(first!.body!.model).toBe('claude-haiku-4-5');
    expect(JSON.stringify(first!.body!.system)).toContain('FIXER-PROMPT');
    expect(first!.body!.tools!.map((t) => (t as { name: string }).name)).toEqual(['fs_read', 'fs_write', 'execute_bash']);
    const log = events(result.stdout);
    expect(log[0]).toMatchObject({ type: 'run_started', agent: 'fixer', model: 'claude-haiku-4-5' });
    expect(log.find((e) => e.type === 'policy_denied')?.reason).toMatch(/toolsSettings\.shell\.deniedCommands "rm \.\*"/);
  });

  it('--model still wins over the agent’s model', async () => {
    const ws = mathsWorkspace({ '.kiro/agents/fixer.md': FIXER });
    const result = await runWithAgent(ws, [write('src/sum.js', WORKING_SUM), bash('npm test'), say('Fixed.')], ['--agent', 'fixer', '--trust', '--model', 'claude-opus-4-1']);
    expect(result.code).toBe(0);
    expect(fake!.requests.find((r) => r.path === '/v1/messages')!.body!.model).toBe('claude-opus-4-1');
  });

  it('refuses a workspace agent of an untrusted workspace, and an unknown one, naming the agents there are, before any model call', async () => {
    const ws = mathsWorkspace({ '.kiro/agents/fixer.md': FIXER });
    const untrusted = await runWithAgent(ws, [say('never')], ['--agent', 'fixer']);
    expect(untrusted.code).toBe(2);
    expect(untrusted.stderr).toMatch(/--agent: no agent "fixer": \.kiro\/agents\/fixer\.md is a workspace agent, and the workspace is not trusted.*Pass --trust/);
    const unknown = await runWithAgent(ws, [say('never')], ['--agent', 'nobody', '--trust']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no agent "nobody". Agents: fixer.');
    expect(fake!.requests.filter((r) => r.path === '/v1/messages')).toHaveLength(0);
  });
});
