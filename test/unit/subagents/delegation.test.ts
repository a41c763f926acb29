import { describe, expect, it } from 'vitest';
import { ActivityStream, type ActivityEvent } from '../../../src/core/activity';
import { createDelegationTool, mapLimited, type SubagentLauncher, type SubagentRequest } from '../../../src/core/subagents';

const usage = (tokens: number) => ({ inputTokens: tokens, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: tokens / 1e6 });
const agents = [
  { name: 'reviewer', description: 'Reviews code for defects' },
  { name: 'team/docs', description: null },
];

/** A launcher whose sub-agents take `ms` each and count how many overlap. */
function timedLauncher(ms: number, behaviour: (request: SubagentRequest) => 'ok' | 'fail' | 'throw' = () => 'ok') {
  let running = 0;
  const seen = { maxRunning: 0, started: [] as string[] };
  const launcher: SubagentLauncher = {
    modelOf: (agent) => (agent === 'reviewer' ? 'claude-haiku-4-5' : 'claude-sonnet-4-5'),
    async run(request) {
      running++;
      seen.maxRunning = Math.max(seen.maxRunning, running);
      seen.started.push(request.query);
      request.emit({ type: 'assistant_text', text: `working on ${request.query}` });
      try {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(resolve, ms);
          request.signal.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(new Error('aborted'));
          });
        });
      } finally {
        running--;
      }
      const how = behaviour(request);
      if (how === 'throw') throw new Error(`model unreachable for ${request.query}`);
      return { status: how === 'ok' ? 'done' : 'failed', answer: `${how === 'ok' ? 'answer' : 'could not'}: ${request.query}`, usage: usage(100) };
    },
  };
  return { launcher, seen };
}

function context(signal = new AbortController().signal) {
  const stream = new ActivityStream('run-1');
  const events: ActivityEvent[] = [];
  stream.subscribe((e) => events.push(e));
  return { events, ctx: { workspace: '/ws', signal, emit: (e: Parameters<typeof stream.emit>[0]) => void stream.emit(e), toolUseId: 'toolu_1' } };
}

describe('mapLimited', () => {
  it('runs at most `limit` at once and keeps the order of the items', async () => {
    let running = 0;
    let most = 0;
    const results = await mapLimited([30, 5, 20, 5, 10], 2, new AbortController().signal, async (ms, i) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, ms));
      running--;
      return i * 10;
    }, () => -1);
    expect(results).toEqual([0, 10, 20, 30, 40]);
    expect(most).toBe(2);
  });

  it('starts nothing more once stopped: queued items get their not-started answer', async () => {
    const abort = new AbortController();
    const results = await mapLimited([1, 2, 3, 4], 1, abort.signal, async (n) => {
      if (n === 2) abort.abort();
      return `ran ${n}`;
    }, (n) => `skipped ${n}`);
    expect(results).toEqual(['ran 1', 'ran 2', 'skipped 3', 'skipped 4']);
  });
});

describe('use_subagent', () => {
  it("offers Kiro CLI's input shape and names the custom agents with their descriptions", () => {
    const tool = createDelegationTool({ agents, maxParallel: 6, launcher: timedLauncher(1).launcher });
    const [definition] = tool.definitions;
    expect(definition!.name).toBe('use_subagent');
    expect(definition!.description).toContain('reviewer (Reviews code for defects)');
    expect(definition!.description).toContain('team/docs');
    expect(definition!.description).toContain('up to 6 at once');
    const properties = definition!.input_schema.properties as Record<string, { items: { properties: Record<string, unknown>; required: string[] } }>;
    const items = properties.subagents!.items;
    expect(Object.keys(items.properties).sort()).toEqual(['agent_name', 'query', 'relevant_context']);
    expect(items.required).toEqual(['query']);
  });

  it('plans one subagent action per entry for the policy, and refuses an agent it may not use, naming the ones it may', async () => {
    const tool = createDelegationTool({ agents, maxParallel: 6, launcher: timedLauncher(1).launcher });
    const { ctx } = context();
    await expect(tool.plan('use_subagent', { subagents: [{ query: 'a', agent_name: 'reviewer' }, { query: 'b' }] }, ctx)).resolves.toEqual([
      { kind: 'subagent', agent: 'reviewer', query: 'a' },
      { kind: 'subagent', agent: null, query: 'b' },
    ]);
    await expect(tool.plan('use_subagent', { subagents: [{ query: 'a', agent_name: 'hacker' }] }, ctx)).rejects.toThrow(/subagents\.0\.agent_name: there is no agent "hacker" you may use; use one of: reviewer, team\/docs/);
    await expect(tool.plan('use_subagent', { subagents: [] }, ctx)).rejects.toThrow(/Invalid input for use_subagent: subagents/);
    await expect(tool.plan('use_subagent', { subagents: [{ query: '  ' }] }, ctx)).rejects.toThrow(/subagents\.0\.query/);
  });

  it('runs sub-agents side by side up to maxParallel, queues the rest, and answers in the order asked', async () => {
    const { launcher, seen } = timedLauncher(80);
    const tool = createDelegationTool({ agents, maxParallel: 2, launcher });
    const { ctx } = context();
    const started = Date.now();
    const output = await tool.execute('use_subagent', { subagents: ['q1', 'q2', 'q3', 'q4', 'q5'].map((query) => ({ query })) }, ctx);
    const took = Date.now() - started;
    expect(seen.maxRunning).toBe(2);
    expect(took).toBeGreaterThanOrEqual(3 * 80 - 10);
    expect(output.isError).toBe(false);
    const text = output.content as string;
    expect(text.indexOf('answer: q1')).toBeLessThan(text.indexOf('answer: q2'));
    expect(text.indexOf('answer: q4')).toBeLessThan(text.indexOf('answer: q5'));
    expect(text).toContain('## Sub-agent 5 of 5 (itself): done');
    expect(output.usage).toMatchObject({ inputTokens: 500 });
  });

  it('nests each sub-agent in a lane under the call: started and finished around its own steps', async () => {
    const { launcher } = timedLauncher(5);
    const tool = createDelegationTool({ agents, maxParallel: 6, launcher });
    const { ctx, events } = context();
    await tool.execute('use_subagent', { subagents: [{ query: 'find the bug', agent_name: 'reviewer' }, { query: 'write docs', agent_name: 'team/docs' }] }, ctx);
    const starts = events.filter((e) => e.type === 'subagent_started');
    expect(starts).toHaveLength(2);
    expect(starts[0]).toMatchObject({ parentId: 'toolu_1', agent: 'reviewer', model: 'claude-haiku-4-5', query: 'find the bug' });
    expect(starts[1]).toMatchObject({ parentId: 'toolu_1', agent: 'team/docs', model: 'claude-sonnet-4-5' });
    const lane = (starts[0] as Extract<ActivityEvent, { type: 'subagent_started' }>).subagentId;
    expect(events.find((e) => e.type === 'assistant_text' && e.text === 'working on find the bug')).toMatchObject({ parentId: lane });
    expect(events.find((e) => e.type === 'subagent_finished' && e.subagentId === lane)).toMatchObject({ parentId: 'toolu_1', status: 'done', usage: { inputTokens: 100 } });
    // Both started before either finished: they overlapped.
    const firstFinish = events.findIndex((e) => e.type === 'subagent_finished');
    expect(events.filter((e, i) => e.type === 'subagent_started' && i < firstFinish)).toHaveLength(2);
  });

  it('reports a failing or crashing sub-agent as an error entry while the others go on', async () => {
    const { launcher } = timedLauncher(5, (r) => (r.query === 'b' ? 'fail' : r.query === 'c' ? 'throw' : 'ok'));
    const tool = createDelegationTool({ agents, maxParallel: 6, launcher });
    const { ctx, events } = context();
    const output = await tool.execute('use_subagent', { subagents: [{ query: 'a' }, { query: 'b' }, { query: 'c' }] }, ctx);
    const text = output.content as string;
    expect(output.isError).toBe(false);
    expect(text).toContain('## Sub-agent 1 of 3 (itself): done\nanswer: a');
    expect(text).toContain('## Sub-agent 2 of 3 (itself): failed — error\ncould not: b');
    expect(text).toContain('## Sub-agent 3 of 3 (itself): failed — error\nmodel unreachable for c');
    expect(events.filter((e) => e.type === 'subagent_finished').map((e) => (e as { status: string }).status).sort()).toEqual(['done', 'failed', 'failed']);
  });

  it('a stop reaches every running sub-agent, and queued ones never start', async () => {
    const { launcher, seen } = timedLauncher(10_000);
    const tool = createDelegationTool({ agents, maxParallel: 2, launcher });
    const abort = new AbortController();
    const { ctx, events } = context(abort.signal);
    setTimeout(() => abort.abort(), 50);
    const started = Date.now();
    const output = await tool.execute('use_subagent', { subagents: [{ query: 'a' }, { query: 'b' }, { query: 'c' }] }, ctx);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(seen.started).toEqual(['a', 'b']);
    expect(output.content).toContain('## Sub-agent 3 of 3 (itself): stopped — error\nNot started');
    expect(output.isError).toBe(true);
    expect(events.filter((e) => e.type === 'subagent_finished').map((e) => (e as { status: string }).status)).toEqual(['stopped', 'stopped']);
  });
});

describe('stopping one sub-agent', () => {
  it('ends that lane as stopped while the others and the caller go on', async () => {
    const { launcher } = timedLauncher(300);
    const open = new Map<string, (reason: string) => void>();
    const tool = createDelegationTool({
      agents,
      maxParallel: 6,
      launcher,
      lanes: {
        open(id, stop) {
          open.set(id, stop);
          return () => open.delete(id);
        },
      },
    });
    const { ctx, events } = context();
    const pending = tool.execute('use_subagent', { subagents: [{ query: 'a' }, { query: 'b' }] }, ctx);
    await new Promise((r) => setTimeout(r, 50));
    expect([...open.keys()]).toEqual(['toolu_1#1', 'toolu_1#2']);
    open.get('toolu_1#1')!('Stopped from the panel.');
    const output = await pending;
    expect(open.size).toBe(0);
    expect(output.content).toContain('## Sub-agent 1 of 2 (itself): stopped — error\nStopped before it finished: Stopped from the panel.');
    expect(output.content).toContain('## Sub-agent 2 of 2 (itself): done\nanswer: b');
    expect(events.filter((e) => e.type === 'subagent_finished').map((e) => (e as { status: string }).status)).toEqual(['stopped', 'done']);
  });
});
