import type Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { ActivityStream, type ActivityEvent, type StepUsage } from '../../../src/core/activity';
import type { ApprovalGate, ApprovalRequest } from '../../../src/core/approvals';
import type { AgentHooks, ModelTurn, ToolBox, TurnModel, TurnRequest, UserInput } from '../../../src/core/agent/ports';
import { runTasks, type SpecAccess, type TaskRunnerOptions } from '../../../src/core/agent/taskRunner';
import type { RunnableTask, TaskSelection, TaskStatus } from '../../../src/core/agent/taskSelection';
import type { AgentMode } from '../../../src/core/policy';

/**
 * The task runner and its sessions through plain ports: a scripted model, one tool, a spec in
 * memory. No HTTP, no files: what is checked is the order of events and what the ports were asked.
 */

const STEP: StepUsage = { inputTokens: 100, outputTokens: 20, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0.001 };

type Reply = { text?: string; tool?: { name: string; input: unknown }; stopReason?: string };

/** Answers each turn with the next reply; records what it was sent. */
function scriptedModel(replies: Reply[]): TurnModel & { requests: TurnRequest[] } {
  const requests: TurnRequest[] = [];
  let n = 0;
  return {
    model: 'scripted',
    requests,
    async createTurn(request, { signal }): Promise<ModelTurn> {
      signal.throwIfAborted();
      requests.push(structuredClone(request));
      const reply = replies[n++];
      if (!reply) throw new Error(`the script has no turn ${n}`);
      const content: Anthropic.ContentBlock[] = [];
      if (reply.text) content.push({ type: 'text', text: reply.text, citations: null });
      if (reply.tool) content.push({ type: 'tool_use', id: `tu${n}`, name: reply.tool.name, input: reply.tool.input } as Anthropic.ToolUseBlock);
      return { content, stopReason: reply.stopReason ?? (reply.tool ? 'tool_use' : 'end_turn'), usage: STEP };
    },
  };
}

/** One tool, `note`, that writes nothing and asks the policy about a command; `crash` throws. */
function noteTools(calls: unknown[] = []): ToolBox {
  return {
    definitions: [
      { name: 'note', description: 'Take a note.', input_schema: { type: 'object', properties: { text: { type: 'string' } } } },
      { name: 'fs_read', description: 'Read.', input_schema: { type: 'object', properties: {} } },
    ],
    summarize: (name) => name,
    plan: async (name, input) => (name === 'note' ? [{ kind: 'command', command: `note ${(input as { text: string }).text}`, cwd: '/ws' }] : []) as never,
    execute: async (name, input) => {
      if ((input as { text?: string }).text === 'crash') throw new Error('the tool crashed');
      calls.push(input);
      return { content: `noted`, isError: false };
    },
  };
}

function memorySpec(tasks: Array<Pick<RunnableTask, 'id' | 'title'> & Partial<RunnableTask>>, failOn?: { id: string; status: TaskStatus }): SpecAccess & { statuses: Map<string, TaskStatus>; edits: string[] } {
  const statuses = new Map(tasks.map((t) => [t.id, t.status ?? ('todo' as TaskStatus)]));
  const edits: string[] = [];
  return {
    name: 'demo',
    statuses,
    edits,
    read: async () => ({
      documents: { name: 'demo', tasks: '- [ ] 1. …' },
      tasks: tasks.map((t) => ({ optional: false, parentId: null, text: `- [ ] ${t.id}. ${t.title}`, requirements: [], ...t, status: statuses.get(t.id)! })),
      criteria: new Map(),
    }),
    setStatus: async (id, status) => {
      if (failOn && failOn.id === id && failOn.status === status) throw new Error(`tasks.md could not be written`);
      edits.push(`${id}:${status}`);
      statuses.set(id, status);
    },
  };
}

interface Harness {
  events: ActivityEvent[];
  options: TaskRunnerOptions;
  types(): string[];
}

function harness(parts: { model: TurnModel; spec: SpecAccess; approvals?: ApprovalGate; mode?: AgentMode; maxTurns?: number; userInput?: UserInput; hooks?: AgentHooks; tools?: ToolBox; pauseBetweenTasks?: boolean; ask?: boolean }): Harness {
  const stream = new ActivityStream('run-1');
  const events: ActivityEvent[] = [];
  stream.subscribe((event) => events.push(event));
  const options: TaskRunnerOptions = {
    workspace: '/ws',
    spec: parts.spec,
    model: parts.model,
    tools: parts.tools ?? noteTools(),
    policy: { evaluate: () => ({ decision: parts.ask ? 'ask' : 'allow', reason: parts.ask ? 'commands are asked about' : 'allowed' }), grantForSession: () => undefined },
    approvals: parts.approvals ?? { request: async () => ({ outcome: 'approved' }) },
    contextDocs: async () => [],
    autonomy: 'balanced',
    mode: parts.mode ?? 'autonomous',
    maxTurns: parts.maxTurns ?? 10,
    selfCorrectionAttempts: 0,
    budget: {},
    verifyCommand: 'check',
    runVerification: async (command) => ({ command, exitCode: 0, output: 'ok' }),
    isTestCommand: () => false,
    stream,
    ...(parts.userInput ? { userInput: parts.userInput } : {}),
    ...(parts.hooks ? { hooks: parts.hooks } : {}),
    ...(parts.pauseBetweenTasks ? { pauseBetweenTasks: true } : {}),
  };
  return { events, options, types: () => events.map((e) => e.type) };
}

const ALL: TaskSelection = { kind: 'all' };
const TWO_TASKS = [
  { id: '1', title: 'First' },
  { id: '2', title: 'Second' },
];

function finished(events: ActivityEvent[]) {
  const last = events.at(-1);
  expect(last?.type).toBe('run_finished');
  return last as Extract<ActivityEvent, { type: 'run_finished' }>;
}

describe('the pause between tasks', () => {
  it('asks before the next top-level task, and goes on when told to', async () => {
    const asked: ApprovalRequest[] = [];
    const h = harness({
      model: scriptedModel([{ text: 'Did 1.' }, { text: 'Did 2.' }]),
      spec: memorySpec(TWO_TASKS),
      pauseBetweenTasks: true,
      approvals: { request: async (request) => (asked.push(request), { outcome: 'approved' }) },
    });
    const outcome = await runTasks(h.options, ALL, new AbortController().signal);
    expect(outcome.outcome).toBe('completed');
    expect(asked.map((r) => r.action)).toEqual([{ kind: 'continue', detail: 'Continue with task 2: Second?' }]);
    expect(h.types().filter((t) => t.startsWith('approval'))).toEqual(['approval_requested', 'approval_resolved']);
    expect(finished(h.events)).toMatchObject({ outcome: 'completed', completedTasks: ['1', '2'] });
  });

  it('stops there when told no, leaving the next task untouched', async () => {
    const spec = memorySpec(TWO_TASKS);
    const h = harness({ model: scriptedModel([{ text: 'Did 1.' }]), spec, pauseBetweenTasks: true, approvals: { request: async () => ({ outcome: 'rejected' }) } });
    const outcome = await runTasks(h.options, ALL, new AbortController().signal);
    expect(outcome.outcome).toBe('stopped');
    expect(spec.statuses.get('2')).toBe('todo');
    expect(h.events.filter((e) => e.type === 'task_started').map((e) => (e as { task: { id: string } }).task.id)).toEqual(['1']);
    expect(finished(h.events)).toMatchObject({ outcome: 'stopped', completedTasks: ['1'] });
  });

  it('ends with run_finished when the user stops the run while the pause waits for an answer', async () => {
    const abort = new AbortController();
    const spec = memorySpec(TWO_TASKS);
    const approvals: ApprovalGate = {
      request: (_request, signal) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => reject(signal.reason), { once: true });
          abort.abort(new Error('Stopped by the user.'));
        }),
    };
    const h = harness({ model: scriptedModel([{ text: 'Did 1.' }]), spec, pauseBetweenTasks: true, approvals });
    const outcome = await runTasks(h.options, ALL, abort.signal);
    expect(outcome.outcome).toBe('stopped');
    expect(spec.statuses).toEqual(new Map([['1', 'done'], ['2', 'todo']]));
    expect(finished(h.events)).toMatchObject({ outcome: 'stopped' });
  });
});

describe('Supervised mode', () => {
  it('asks for the plan with its text, then works once it is approved', async () => {
    const asked: ApprovalRequest[] = [];
    const model = scriptedModel([{ text: 'Plan: take one note.' }, { tool: { name: 'note', input: { text: 'hi' } } }, { text: 'Done.' }]);
    const calls: unknown[] = [];
    const h = harness({ model, spec: memorySpec([TWO_TASKS[0]!]), mode: 'supervised', tools: noteTools(calls), approvals: { request: async (r) => (asked.push(r), { outcome: 'approved' }) } });
    const outcome = await runTasks(h.options, ALL, new AbortController().signal);
    expect(outcome.outcome).toBe('completed');
    expect(asked[0]!.action).toEqual({ kind: 'plan', detail: 'Plan: take one note.' });
    // While planning, the model is offered only the read-only tools.
    expect(model.requests[0]!.tools.map((t) => t.name)).toEqual(['fs_read']);
    expect(model.requests[1]!.tools.map((t) => t.name)).toEqual(['note', 'fs_read']);
    expect(calls).toEqual([{ text: 'hi' }]);
    expect(finished(h.events)).toMatchObject({ outcome: 'completed' });
  });

  it('changes nothing when the plan is rejected, and the task is open again', async () => {
    const spec = memorySpec([TWO_TASKS[0]!]);
    const calls: unknown[] = [];
    const h = harness({ model: scriptedModel([{ text: 'Plan: delete everything.' }]), spec, mode: 'supervised', tools: noteTools(calls), approvals: { request: async () => ({ outcome: 'rejected' }) } });
    const outcome = await runTasks(h.options, ALL, new AbortController().signal);
    expect(outcome.outcome).toBe('failed');
    expect(calls).toEqual([]);
    expect(spec.edits).toEqual(['1:in_progress', '1:todo']);
    expect(h.events.find((e) => e.type === 'task_finished')).toMatchObject({ status: 'failed', summary: 'The plan was rejected; nothing was changed.' });
    expect(finished(h.events)).toMatchObject({ outcome: 'failed' });
  });
});

describe('an answer cut off at max_tokens', () => {
  it('is continued, and the continuation counts as a turn', async () => {
    const model = scriptedModel([{ text: 'Half of the ans', stopReason: 'max_tokens' }, { text: 'wer. Done.' }]);
    const h = harness({ model, spec: memorySpec([TWO_TASKS[0]!]), maxTurns: 2 });
    const outcome = await runTasks(h.options, ALL, new AbortController().signal);
    expect(outcome.outcome).toBe('completed');
    const continuation = model.requests[1]!.messages.at(-1)!;
    expect(continuation.role).toBe('user');
    expect(JSON.stringify(continuation.content)).toMatch(/cut off|continue/i);
    expect(finished(h.events)).toMatchObject({ outcome: 'completed' });
  });

  it('fails the task when the continuations use up its turns, saying how to allow more', async () => {
    const model = scriptedModel([{ text: 'Half', stopReason: 'max_tokens' }, { text: 'More', stopReason: 'max_tokens' }]);
    const h = harness({ model, spec: memorySpec([TWO_TASKS[0]!]), maxTurns: 2 });
    const outcome = await runTasks(h.options, ALL, new AbortController().signal);
    expect(outcome.outcome).toBe('failed');
    expect(model.requests).toHaveLength(2);
    expect(h.events.find((e) => e.type === 'task_finished')).toMatchObject({ status: 'failed', remedy: { kind: 'raiseMaxTurns', maxTurns: 2 } });
    expect(finished(h.events)).toMatchObject({ outcome: 'failed' });
  });
});

describe('Interactive mode', () => {
  it('gives the model each message the person types, until they send none', async () => {
    const typed = ['Also say goodbye.', null];
    const model = scriptedModel([{ text: 'Hello.' }, { text: 'Goodbye.' }]);
    const h = harness({ model, spec: memorySpec([TWO_TASKS[0]!]), mode: 'interactive', userInput: { nextMessage: async () => typed.shift() ?? null } });
    const outcome = await runTasks(h.options, ALL, new AbortController().signal);
    expect(outcome.outcome).toBe('completed');
    expect(h.events.filter((e) => e.type === 'user_message')).toMatchObject([{ text: 'Also say goodbye.' }]);
    expect(model.requests[1]!.messages.at(-1)).toEqual({ role: 'user', content: 'Also say goodbye.' });
    expect(finished(h.events)).toMatchObject({ outcome: 'completed' });
  });
});

describe('a stop while a question waits', () => {
  it('ends the task as stopped, opens it again, and logs run_finished', async () => {
    const abort = new AbortController();
    const spec = memorySpec([TWO_TASKS[0]!]);
    const calls: unknown[] = [];
    const approvals: ApprovalGate = {
      request: (_request, signal) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => reject(signal.reason), { once: true });
          setTimeout(() => abort.abort(new Error('Stopped by the user.')), 5);
        }),
    };
    const h = harness({ model: scriptedModel([{ tool: { name: 'note', input: { text: 'x' } } }]), spec, tools: noteTools(calls), approvals, ask: true });
    const outcome = await runTasks(h.options, ALL, abort.signal);
    expect(outcome.outcome).toBe('stopped');
    expect(calls).toEqual([]);
    expect(spec.statuses.get('1')).toBe('todo');
    expect(h.events.find((e) => e.type === 'task_finished')).toMatchObject({ status: 'stopped' });
    expect(finished(h.events)).toMatchObject({ outcome: 'stopped' });
  });
});

describe('what throws still ends with run_finished', () => {
  const throwingHook = (trigger: string): AgentHooks => ({
    dispatchAgentEvent: async (event) => {
      if (event.trigger === trigger) throw new Error(`${trigger} hook crashed`);
      return { blocked: false, results: [] };
    },
    notifyFileEvent: () => undefined,
  });

  it('a PreTaskExecution hook that throws: the error is logged and rethrown, no task is left in progress', async () => {
    const spec = memorySpec([TWO_TASKS[0]!]);
    const h = harness({ model: scriptedModel([]), spec, hooks: throwingHook('PreTaskExecution') });
    await expect(runTasks(h.options, ALL, new AbortController().signal)).rejects.toThrow('PreTaskExecution hook crashed');
    expect(h.events.find((e) => e.type === 'error')).toMatchObject({ message: 'PreTaskExecution hook crashed' });
    expect(spec.statuses.get('1')).toBe('todo');
    expect(finished(h.events)).toMatchObject({ outcome: 'failed', summary: 'The run failed: PreTaskExecution hook crashed' });
  });

  it('a status edit that fails after the work: the task is logged as finished (failed) before the run', async () => {
    const spec = memorySpec([TWO_TASKS[0]!], { id: '1', status: 'done' });
    const h = harness({ model: scriptedModel([{ text: 'Done.' }]), spec });
    await expect(runTasks(h.options, ALL, new AbortController().signal)).rejects.toThrow('tasks.md could not be written');
    expect(h.types().slice(-3)).toEqual(['error', 'task_finished', 'run_finished']);
    expect(finished(h.events)).toMatchObject({ outcome: 'failed', summary: 'Task 1 failed: tasks.md could not be written' });
  });

  it('a tool that crashes: the task is open again and logged as failed before the run', async () => {
    const spec = memorySpec([TWO_TASKS[0]!]);
    const h = harness({ model: scriptedModel([{ tool: { name: 'note', input: { text: 'crash' } } }]), spec });
    await expect(runTasks(h.options, ALL, new AbortController().signal)).rejects.toThrow('the tool crashed');
    expect(spec.statuses.get('1')).toBe('todo');
    expect(h.types().slice(-3)).toEqual(['error', 'task_finished', 'run_finished']);
    expect(finished(h.events)).toMatchObject({ outcome: 'failed', summary: 'Task 1 failed: the tool crashed' });
  });

  it('a model that fails', async () => {
    const spec = memorySpec([TWO_TASKS[0]!]);
    const model: TurnModel = { model: 'broken', createTurn: async () => Promise.reject(Object.assign(new Error('overloaded'), { code: 'overloaded' })) };
    const h = harness({ model, spec });
    await expect(runTasks(h.options, ALL, new AbortController().signal)).rejects.toThrow('overloaded');
    expect(h.events.find((e) => e.type === 'error')).toMatchObject({ message: 'overloaded', code: 'overloaded' });
    expect(finished(h.events)).toMatchObject({ outcome: 'failed' });
  });
});
