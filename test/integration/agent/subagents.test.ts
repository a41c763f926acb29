import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../../../src/core/activity';
import { RunningLanes } from '../../../src/core/subagents';
import { testAgentService } from '../../support/agentHost';
import { startFakeAnthropic, type FakeAnthropic, type RecordedRequest, type ScriptedTurn } from '../../support/fakeAnthropic';
import { mathsWorkspace, WORKING_SUM } from './fixture';

const API_KEY = 'sk-ant-test-subagents-41d2';
let fake: FakeAnthropic | undefined;
const made: string[] = [];

afterEach(async () => {
  await fake?.close();
  fake = undefined;
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const say = (text: string): ScriptedTurn => ({ content: [{ type: 'text', text }] });
const delegate = (subagents: Array<Record<string, string>>): ScriptedTurn => ({ content: [{ type: 'tool_use', id: 'toolu_delegate', name: 'use_subagent', input: { subagents } }] });
const write = (file: string, text: string): ScriptedTurn => ({ content: [{ type: 'tool_use', name: 'fs_write', input: { command: 'create', path: file, file_text: text } }] });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The first user message of a request: a sub-agent's brief names its lane as `SUB-X`. */
const firstMessage = (request: RecordedRequest) => JSON.stringify(request.body?.messages[0]?.content ?? '');
const laneOf = (request: RecordedRequest) => /SUB-([A-Z])/.exec(firstMessage(request))?.[1] ?? null;
const toolNames = (request: RecordedRequest) => (request.body?.tools ?? []).map((t) => (t as { name: string }).name);

/** A home with one custom agent of the user's, on a model of its own. */
function homeWithReviewer(): string {
  const home = mkdtempSync(path.join(tmpdir(), 'sw-home-'));
  made.push(home);
  mkdirSync(path.join(home, '.kiro/agents'), { recursive: true });
  writeFileSync(
    path.join(home, '.kiro/agents/reviewer.md'),
    '---\ndescription: Reviews code for defects\nmodel: claude-haiku-4.5\ntools: [read, grep]\n---\nYou are REVIEWER-PROMPT. Report defects; never change files.\n',
  );
  return home;
}

/** Every event the run logged, from its log file. */
const logged = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as ActivityEvent & { parentId?: string });

describe('use_subagent in a task run', () => {
  it('runs three sub-agents side by side (one a custom agent on its own model), returns their answers in order, and logs their steps nested', async () => {
    const spans = new Map<string, { start: number; end: number }>();
    fake = await startFakeAnthropic(
      async (request) => {
        const lane = laneOf(request);
        if (lane) {
          const start = Date.now();
          // Each sub-agent thinks for a while: run one after another they could not overlap.
          await sleep(400);
          spans.set(lane, { start, end: Date.now() });
          return say(`answer from ${lane}`);
        }
        const turn = request.body!.messages.length;
        if (turn === 1) {
          return delegate([
            { query: 'SUB-A: list the exported functions' },
            { query: 'SUB-B: review src/sum.js', agent_name: 'reviewer' },
            { query: 'SUB-C: check the tests', relevant_context: 'CONTEXT-FOR-C: tests live in test/' },
          ]);
        }
        if (turn === 3) return write('src/sum.js', WORKING_SUM);
        return say('Implemented sum with the sub-agents’ findings.');
      },
      { apiKey: API_KEY },
    );
    const ws = mathsWorkspace({ '.kiro/settings.json': JSON.stringify({ agent: { verifyCommand: 'npm test' } }) });
    const home = homeWithReviewer();
    const agent = testAgentService({ env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url }, home, trustWorkspaceSettings: true });
    const prepared = await agent.prepare({ workspace: ws });
    const outcome = await agent.start(prepared, { spec: 'maths', selection: { kind: 'task', id: '1' } }).finished;
    expect(outcome.outcome).toBe('completed');

    // They overlapped: every one started before any finished.
    expect([...spans.keys()].sort()).toEqual(['A', 'B', 'C']);
    const lastStart = Math.max(...[...spans.values()].map((s) => s.start));
    const firstEnd = Math.min(...[...spans.values()].map((s) => s.end));
    expect(lastStart).toBeLessThan(firstEnd);

    const requests = fake.requests.filter((r) => r.path === '/v1/messages');
    const orchestrator = requests.filter((r) => !laneOf(r));
    const sub = (lane: string) => requests.find((r) => laneOf(r) === lane)!;
    // The orchestrator is offered use_subagent, naming the custom agent; sub-agents are not.
    expect(toolNames(orchestrator[0]!)).toContain('use_subagent');
    expect(JSON.stringify(orchestrator[0]!.body!.tools)).toContain('reviewer (Reviews code for defects)');
    for (const lane of ['A', 'B', 'C']) expect(toolNames(sub(lane))).not.toContain('use_subagent');
    // Own model: the custom agent's; the others the run's.
    expect(sub('B').body!.model).toBe('claude-haiku-4-5');
    expect(sub('A').body!.model).toBe(orchestrator[0]!.body!.model);
    expect(sub('A').body!.model).not.toBe('claude-haiku-4-5');
    // Its profile: its prompt and only its tools.
    expect(JSON.stringify(sub('B').body!.system)).toContain('REVIEWER-PROMPT');
    expect(toolNames(sub('B')).sort()).toEqual(['fs_read', 'grep']);
    // Fresh context: its query and the context given, not the task or the conversation.
    expect(firstMessage(sub('C'))).toContain('CONTEXT-FOR-C');
    expect(sub('A').body!.messages).toHaveLength(1);
    expect(firstMessage(sub('A'))).not.toContain('Implement sum');
    // The answers come back to the orchestrator in the order asked.
    const toolResult = JSON.stringify(orchestrator[1]!.body!.messages.at(-1));
    expect(toolResult).toMatch(/Sub-agent 1 of 3 \(itself\): done\\nanswer from A.*Sub-agent 2 of 3 \(reviewer\): done\\nanswer from B.*Sub-agent 3 of 3 \(itself\): done\\nanswer from C/);

    // Every sub-agent step is in the run log, nested in its lane under the tool call.
    const log = logged(outcome.logFile);
    const started = log.filter((e): e is Extract<ActivityEvent, { type: 'subagent_started' }> & { parentId?: string } => e.type === 'subagent_started');
    expect(started.map((e) => e.agent).sort()).toEqual(['itself', 'itself', 'reviewer']);
    expect(started.every((e) => e.parentId === 'toolu_delegate')).toBe(true);
    expect(started.find((e) => e.agent === 'reviewer')!.model).toBe('claude-haiku-4-5');
    for (const lane of started) {
      const steps = log.filter((e) => e.parentId === lane.subagentId);
      expect(steps.map((e) => e.type)).toEqual(expect.arrayContaining(['assistant_text', 'usage']));
      expect(log.find((e) => e.type === 'subagent_finished' && e.subagentId === lane.subagentId)).toMatchObject({ status: 'done', parentId: 'toolu_delegate' });
    }
    // What the sub-agents spent is the task's: one usage step of the orchestrator carries their sum.
    const subInput = log.filter((e) => e.type === 'subagent_finished').reduce((sum, e) => sum + (e as { usage: { inputTokens: number } }).usage.inputTokens, 0);
    expect(subInput).toBeGreaterThan(0);
    const ownUsage = log.filter((e): e is Extract<ActivityEvent, { type: 'usage' }> => e.type === 'usage' && !e.parentId);
    expect(ownUsage.map((e) => e.usage.inputTokens)).toContain(subInput);
    expect(ownUsage.at(-1)!.total.inputTokens).toBeGreaterThan(subInput);
  });
});

describe('sub-agents and the budget', () => {
  it('spend from the task’s budget together with their caller and each other: three lanes cannot spend three budgets', async () => {
    const usage = { input_tokens: 1000, output_tokens: 0, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 };
    fake = await startFakeAnthropic(
      async (request) => {
        const lane = laneOf(request);
        // Each sub-agent would look around forever: only the budget ends it.
        if (lane) {
          await sleep(20);
          return { content: [{ type: 'tool_use', name: 'glob', input: { pattern: 'src/*.js' } }], usage };
        }
        if (request.body!.messages.length === 1) return { ...delegate([{ query: 'SUB-A: look' }, { query: 'SUB-B: look' }, { query: 'SUB-C: look' }]), usage };
        return { ...say('Done.'), usage };
      },
      { apiKey: API_KEY },
    );
    const ws = mathsWorkspace();
    const home = mkdtempSync(path.join(tmpdir(), 'sw-home-'));
    made.push(home);
    const agent = testAgentService({ env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url }, home });
    const outcome = await agent.start(await agent.prepare({ workspace: ws }), { spec: 'maths', selection: { kind: 'task', id: '1' }, budget: { maxTokens: 6000 }, maxTurns: 40 }).finished;

    const requests = fake.requests.filter((r) => r.path === '/v1/messages');
    const subRequests = requests.filter((r) => laneOf(r));
    // 6,000 tokens at 1,000 a step: the orchestrator's first step and about five more between all
    // three lanes (lanes that check at the same moment may each take one step more), never 3 × 5.
    expect(subRequests.length).toBeGreaterThanOrEqual(3);
    expect(subRequests.length).toBeLessThanOrEqual(8);
    const log = logged(outcome.logFile);
    const finished = log.filter((e): e is Extract<ActivityEvent, { type: 'subagent_finished' }> => e.type === 'subagent_finished');
    expect(finished).toHaveLength(3);
    expect(finished.every((e) => e.status === 'budget_exceeded')).toBe(true);
    // The task itself stops on the same budget once their spending is counted in.
    expect(outcome.outcome).toBe('budget_exceeded');
    expect(requests.filter((r) => !laneOf(r))).toHaveLength(1);
  });
});

describe('use_subagent in a free prompt', () => {
  it('stops one lane alone: that sub-agent ends as stopped, the other answers, and the orchestrator goes on', async () => {
    const lanes = new RunningLanes();
    const events: ActivityEvent[] = [];
    fake = await startFakeAnthropic(
      async (request) => {
        const lane = laneOf(request);
        if (lane === 'A') {
          await sleep(300);
          return say('answer from A');
        }
        // B never answers by itself: only its Stop ends it.
        if (lane === 'B') return { fault: 'hang' };
        return request.body!.messages.length === 1 ? delegate([{ query: 'SUB-A: quick look' }, { query: 'SUB-B: slow look' }]) : say('Summed up what I have.');
      },
      { apiKey: API_KEY },
    );
    const ws = mathsWorkspace();
    const agent = testAgentService({ env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url }, home: homeWithReviewer() });
    const prepared = await agent.prepare({ workspace: ws, mcp: false });
    const stopped: boolean[] = [];
    const result = await agent.runPrompt(prepared, {
      prompt: 'Look at the project in two ways.',
      signal: new AbortController().signal,
      lanes,
      onEvent: (event) => {
        events.push(event);
        // Stop B once its model call is under way.
        if (event.type === 'subagent_started' && event.query.includes('SUB-B')) {
          const id = event.subagentId;
          setTimeout(() => stopped.push(lanes.stop(id, 'Not needed any more.')), 150);
        }
      },
    });
    await prepared.release();
    expect(stopped).toEqual([true]);
    expect(result).toMatchObject({ status: 'done', output: 'Summed up what I have.' });
    const finished = events.filter((e): e is Extract<ActivityEvent, { type: 'subagent_finished' }> => e.type === 'subagent_finished');
    expect(Object.fromEntries(finished.map((e) => [e.summary.includes('answer from A') ? 'A' : 'B', e.status]))).toEqual({ A: 'done', B: 'stopped' });
    const toolResult = JSON.stringify(fake.requests.filter((r) => r.path === '/v1/messages' && !laneOf(r)).at(-1)!.body!.messages.at(-1));
    expect(toolResult).toContain('Sub-agent 1 of 2 (itself): done\\nanswer from A');
    expect(toolResult).toContain('Sub-agent 2 of 2 (itself): stopped — error\\nStopped before it finished: Not needed any more.');
    expect(lanes.running).toEqual([]);
  });

  it('runs no more than agents.maxParallel at once; the rest wait their turn', async () => {
    let inFlight = 0;
    let most = 0;
    fake = await startFakeAnthropic(
      async (request) => {
        const lane = laneOf(request);
        if (!lane) return request.body!.messages.length === 1 ? delegate(['A', 'B', 'C', 'D', 'E'].map((x) => ({ query: `SUB-${x}: part ${x}` }))) : say('All parts done.');
        inFlight++;
        most = Math.max(most, inFlight);
        await sleep(200);
        inFlight--;
        return say(`part ${lane} done`);
      },
      { apiKey: API_KEY },
    );
    const ws = mathsWorkspace({ '.kiro/settings.json': JSON.stringify({ agents: { maxParallel: 2 } }) });
    const agent = testAgentService({ env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url }, home: homeWithReviewer() });
    const prepared = await agent.prepare({ workspace: ws, mcp: false });
    const result = await agent.runPrompt(prepared, { prompt: 'Do five parts.', signal: new AbortController().signal });
    await prepared.release();
    expect(result.status).toBe('done');
    expect(most).toBe(2);
    expect(fake.requests.filter((r) => laneOf(r))).toHaveLength(5);
    expect(JSON.stringify(fake.requests.find((r) => !laneOf(r))!.body!.tools)).toContain('up to 2 at once');
  });

  it('returns a failing sub-agent as an error entry while the others answer', async () => {
    fake = await startFakeAnthropic(
      async (request) => {
        const lane = laneOf(request);
        if (lane === 'A') return say('answer from A');
        if (lane === 'B') return { fault: 'status', status: 400, message: 'SUB-B request is malformed' };
        return request.body!.messages.length === 1 ? delegate([{ query: 'SUB-A: fine' }, { query: 'SUB-B: breaks' }]) : say('Reported both.');
      },
      { apiKey: API_KEY },
    );
    const ws = mathsWorkspace();
    const agent = testAgentService({ env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url }, home: homeWithReviewer() });
    const prepared = await agent.prepare({ workspace: ws, mcp: false });
    const result = await agent.runPrompt(prepared, { prompt: 'Two things.', signal: new AbortController().signal });
    await prepared.release();
    expect(result.status).toBe('done');
    const toolResult = JSON.stringify(fake.requests.filter((r) => r.path === '/v1/messages' && !laneOf(r)).at(-1)!.body!.messages.at(-1));
    expect(toolResult).toContain('Sub-agent 1 of 2 (itself): done\\nanswer from A');
    expect(toolResult).toMatch(/Sub-agent 2 of 2 \(itself\): failed — error\\n[^"]*malformed/);
  });
});
