import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testAgentService } from '../../support/agentHost';
import { startFakeAnthropic, type FakeAnthropic, type RecordedRequest, type ScriptedTurn } from '../../support/fakeAnthropic';
import { mathsWorkspace, WORKING_SUM } from './fixture';

const API_KEY = 'sk-ant-test-agent-hooks-5d20';
let fake: FakeAnthropic | undefined;
const made: string[] = [];

afterEach(async () => {
  await fake?.close();
  fake = undefined;
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const say = (text: string): ScriptedTurn => ({ content: [{ type: 'text', text }] });
const write = (file: string, text: string): ScriptedTurn => ({ content: [{ type: 'tool_use', name: 'fs_write', input: { command: 'create', path: file, file_text: text } }] });
const bash = (command: string): ScriptedTurn => ({ content: [{ type: 'tool_use', name: 'execute_bash', input: { command, summary: 'run it' } }] });
const lastToolResult = (request: RecordedRequest) => JSON.stringify(request.body!.messages.at(-1));

const BUILDER = {
  name: 'builder',
  description: 'Builds things',
  hooks: {
    agentSpawn: [{ command: 'echo spawned >> hook-log.txt' }],
    postToolUse: [{ matcher: 'fs_*', command: 'echo wrote >> hook-log.txt' }],
    preToolUse: [{ matcher: 'execute_bash', command: 'echo "no shell for the builder" >&2; exit 2' }],
    stop: [{ command: 'echo stopped >> hook-log.txt' }],
  },
};

/** The builder with a userPromptSubmit hook too: a chat's message or a sub-agent's brief is a prompt. */
const PROMPTED_BUILDER = { ...BUILDER, hooks: { ...BUILDER.hooks, userPromptSubmit: [{ command: 'echo asked >> hook-log.txt' }] } };

function setup(scope: 'user' | 'workspace', builder: object = BUILDER): { ws: string; home: string } {
  const home = mkdtempSync(path.join(tmpdir(), 'sw-agent-hooks-home-'));
  const agentFile = JSON.stringify(builder);
  const ws = mathsWorkspace({
    '.kiro/settings.json': JSON.stringify({ agent: { verifyCommand: 'node --version' } }),
    ...(scope === 'workspace' ? { '.kiro/agents/builder.json': agentFile } : {}),
  });
  if (scope === 'user') {
    mkdirSync(path.join(home, '.kiro/agents'), { recursive: true });
    writeFileSync(path.join(home, '.kiro/agents/builder.json'), agentFile);
  }
  made.push(ws, home);
  return { ws, home };
}

describe("a custom agent's own hooks", () => {
  it('run for its run: agentSpawn first, postToolUse on matching tools, a failing preToolUse blocks the call, stop last', async () => {
    fake = await startFakeAnthropic(
      (request) => {
        const turn = request.body!.messages.length;
        if (turn === 1) return write('src/sum.js', WORKING_SUM);
        if (turn === 3) return bash('npm test');
        return say('Implemented sum.');
      },
      { apiKey: API_KEY },
    );
    const { ws, home } = setup('user');
    const agent = testAgentService({ env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url }, home, trustWorkspaceSettings: true });
    const outcome = await agent.start(await agent.prepare({ workspace: ws, agent: 'builder' }), { spec: 'maths', selection: { kind: 'task', id: '1' } }).finished;
    expect(outcome.outcome).toBe('completed');
    expect(readFileSync(path.join(ws, 'hook-log.txt'), 'utf8').trim().split('\n')).toEqual(['spawned', 'wrote', 'stopped']);
    const requests = fake.requests.filter((r) => r.path === '/v1/messages');
    // The shell call never ran: the agent was told why.
    expect(lastToolResult(requests[2]!)).toContain('no shell for the builder');
    const events = readFileSync(outcome.logFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { type: string; command?: string });
    expect(events.filter((e) => e.type === 'command_started' && e.command === 'npm test')).toEqual([]);
  });

  it('of a workspace agent wait for the person’s confirmation: in a trusted workspace the agent works, its hooks do not run', async () => {
    fake = await startFakeAnthropic(
      (request) => {
        const turn = request.body!.messages.length;
        return turn === 1 ? write('src/sum.js', WORKING_SUM) : turn === 3 ? bash('npm test') : say('Implemented sum.');
      },
      { apiKey: API_KEY },
    );
    const { ws, home } = setup('workspace');
    // The workspace is trusted (its agents load) but the agent's loosenings were not confirmed.
    const agent = testAgentService({ env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url }, home, trustHooks: true });
    const outcome = await agent.start(await agent.prepare({ workspace: ws, agent: 'builder' }), { spec: 'maths', selection: { kind: 'task', id: '1' } }).finished;
    expect(outcome.outcome).toBe('completed');
    expect(existsSync(path.join(ws, 'hook-log.txt'))).toBe(false);
    // Its preToolUse hook would have refused the shell: it did not run, so the tests did.
    expect(readFileSync(outcome.logFile, 'utf8')).toContain('"command":"npm test"');
  });

  it('run for its chat too: agentSpawn, the prompt submitted, postToolUse, a blocking preToolUse, stop', async () => {
    fake = await startFakeAnthropic(
      (request) => {
        const turn = request.body!.messages.length;
        if (turn === 1) return write('notes.md', '# notes\n');
        if (turn === 3) return bash('ls');
        return say('Written.');
      },
      { apiKey: API_KEY },
    );
    const { ws, home } = setup('user', PROMPTED_BUILDER);
    const agent = testAgentService({ env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url }, home, trustWorkspaceSettings: true });
    const prepared = await agent.prepare({ workspace: ws, agent: 'builder' });
    try {
      const result = await agent.runPrompt(prepared, { prompt: 'Write notes.md', signal: new AbortController().signal, record: true });
      expect(result.status).toBe('done');
    } finally {
      await prepared.release();
    }
    expect(readFileSync(path.join(ws, 'hook-log.txt'), 'utf8').trim().split('\n')).toEqual(['spawned', 'asked', 'wrote', 'stopped']);
    const requests = fake.requests.filter((r) => r.path === '/v1/messages');
    expect(lastToolResult(requests[2]!)).toContain('no shell for the builder');
  });

  it('run for it as a sub-agent too, in its lane: agentSpawn, its prompt, postToolUse, a blocking preToolUse, stop; the orchestrator gets none of them', async () => {
    const isSub = (request: RecordedRequest) => JSON.stringify(request.body?.messages[0]?.content ?? '').includes('SUB-WORK');
    fake = await startFakeAnthropic(
      (request) => {
        const turn = request.body!.messages.length;
        if (isSub(request)) return turn === 1 ? write('notes.md', '# notes\n') : turn === 3 ? bash('ls') : say('Notes written.');
        if (turn === 1) return { content: [{ type: 'tool_use', id: 'toolu_sub', name: 'use_subagent', input: { subagents: [{ query: 'SUB-WORK: write notes.md', agent_name: 'builder' }] } }] };
        if (turn === 3) return write('src/sum.js', WORKING_SUM);
        return say('Implemented sum.');
      },
      { apiKey: API_KEY },
    );
    const { ws, home } = setup('user', PROMPTED_BUILDER);
    const agent = testAgentService({ env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url }, home, trustWorkspaceSettings: true });
    // The run itself is Specwright's own agent: only the sub-agent is the builder.
    const outcome = await agent.start(await agent.prepare({ workspace: ws }), { spec: 'maths', selection: { kind: 'task', id: '1' } }).finished;
    expect(outcome.outcome).toBe('completed');
    // Its postToolUse matched its own write (fs_*), not the orchestrator's write of src/sum.js.
    expect(readFileSync(path.join(ws, 'hook-log.txt'), 'utf8').trim().split('\n')).toEqual(['spawned', 'asked', 'wrote', 'stopped']);
    const subRequests = fake.requests.filter((r) => r.path === '/v1/messages' && isSub(r));
    expect(lastToolResult(subRequests[2]!)).toContain('no shell for the builder');
    // The hooks' steps are logged under the sub-agent's lane.
    const events = readFileSync(outcome.logFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { type: string; parentId?: string; hook?: string; agent?: string; subagentId?: string });
    const lane = events.find((e) => e.type === 'subagent_started' && e.agent === 'builder')!.subagentId;
    const hookSteps = events.filter((e) => e.type.startsWith('hook_') && (e.hook ?? '').startsWith('builder'));
    expect(hookSteps.length).toBeGreaterThan(0);
    for (const step of hookSteps) expect(step.parentId).toBe(lane);
  });
});
