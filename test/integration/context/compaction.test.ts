import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic, type RecordedRequest, type ScriptedTurn } from '../../support/fakeAnthropic';
import { runSpecwright } from '../../support/workspace';
import { mathsWorkspace, REQUIREMENTS, WORKING_SUM } from '../agent/fixture';

const API_KEY = 'sk-ant-test-compaction-7d2e';
let fake: FakeAnthropic | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

type LoggedEvent = { type: string; [k: string]: unknown };
const events = (stdout: string) => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as LoggedEvent);

const STEERING = 'Always write CommonJS modules; marker STEER-4417.';
const FIRST_SUM = 'function sum(a, b) {\n  return Number(a) + Number(b); // first draft FILE-MARK-93\n}\n\nmodule.exports = { sum };\n';
const SECOND_SUM = 'function sum(a, b) {\n  return +a + +b; // second draft FILE-MARK-94\n}\n\nmodule.exports = { sum };\n';

/** Prose that does not repeat, so no two files (or lines) look alike. */
function bigText(seed: number, chars: number): string {
  const words = ['alpha', 'river', 'copper', 'lantern', 'meadow', 'quartz', 'harbor', 'violet', 'summit', 'ember', 'thistle', 'orbit'];
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < chars; i++) {
    const line = `${seed}-${i}: ` + Array.from({ length: 10 }, (_, j) => words[(seed * 7 + i * 3 + j * 5) % words.length]).join(' ');
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n') + '\n';
}

function workspaceWithDocs(settings: unknown, docs = 8, extraFiles: Record<string, string> = {}): string {
  const ws = mathsWorkspace({
    '.kiro/steering/style.md': `---\ninclusion: always\n---\n${STEERING}\n`,
    '.kiro/settings.json': JSON.stringify(settings),
    ...extraFiles,
  });
  mkdirSync(path.join(ws, 'docs'), { recursive: true });
  for (let i = 1; i <= docs; i++) writeFileSync(path.join(ws, `docs/part-${i}.txt`), bigText(i, 6_000));
  return ws;
}

const isSummaryRequest = (r: RecordedRequest) => JSON.stringify(r.body?.system ?? '').includes('You compress the working history');
const read = (file: string): ScriptedTurn => ({ content: [{ type: 'tool_use', name: 'fs_read', input: { operations: [{ mode: 'Line', path: file }] } }] });
const write = (text: string): ScriptedTurn => ({ content: [{ type: 'tool_use', name: 'fs_write', input: { command: 'create', path: 'src/sum.js', file_text: text } }] });
const test = (): ScriptedTurn => ({ content: [{ type: 'tool_use', name: 'execute_bash', input: { command: 'npm test' } }] });
const done: ScriptedTurn = { content: [{ type: 'text', text: 'Done: sum added, tests pass.' }] };

/** The agent's turns in order; summary requests get a summary that names what it summarised. */
function agentScript(turns: ScriptedTurn[]) {
  let next = 0;
  let summaries = 0;
  return (request: RecordedRequest): ScriptedTurn => {
    if (isSummaryRequest(request)) return { content: [{ type: 'text', text: `SUMMARY-${++summaries}: read docs parts, drafted src/sum.js.` }] };
    const turn = turns[next++];
    if (!turn) throw new Error('the agent asked for more turns than scripted');
    return turn;
  };
}

async function run(workspace: string, script: ReturnType<typeof agentScript>, options: { contextWindow?: number; args?: string[] } = {}) {
  fake = await startFakeAnthropic(script, { apiKey: API_KEY, ...(options.contextWindow ? { contextWindow: options.contextWindow } : {}) });
  return runSpecwright(['--workspace', workspace, 'run', 'maths', '--task', '1', '--json', '--yes', ...(options.args ?? [])], {
    env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url },
  });
}

const text = (r: RecordedRequest) => r.rawBody;
const firstMessageBlocks = (r: RecordedRequest) => r.body!.messages[0]!.content as Array<{ type: string; text: string }>;
const toolUseIds = (r: RecordedRequest) => [...text(r).matchAll(/"type":"tool_use","id":"([^"]+)"/g)].map((m) => m[1]!);

describe('context compaction on the fake Messages API', () => {
  it('summarises older steps twice in a long task, keeps every pinned part in each request, and the task completes', async () => {
    const ws = workspaceWithDocs({ model: { contextWindow: 10_000 }, agent: { compactAt: 0.8 } }, 10);
    const reads = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => read(`docs/part-${from + i}.txt`));
    const turns = [write(FIRST_SUM), ...reads(1, 5), write(SECOND_SUM), ...reads(6, 10), write(WORKING_SUM), test(), done];
    const result = await run(ws, agentScript(turns));
    const log = events(result.stdout);
    expect(result.code, result.stderr).toBe(0);
    expect(log.find((e) => e.type === 'task_finished')).toMatchObject({ status: 'done' });

    const compactions = log.filter((e) => e.type === 'context_compacted');
    expect(compactions.length).toBeGreaterThanOrEqual(2);
    for (const c of compactions) {
      expect(c).toMatchObject({ reason: 'threshold', contextWindow: 10_000 });
      expect(c.tokensAfter as number).toBeLessThan(c.tokensBefore as number);
      expect(c.summarizedMessages as number).toBeGreaterThan(0);
    }
    expect(compactions[0]!.pinnedFiles).toEqual(['src/sum.js']);

    const requests = fake!.requests.filter((r) => r.path === '/v1/messages');
    const agentRequests = requests.filter((r) => !isSummaryRequest(r));
    expect(requests.filter(isSummaryRequest)).toHaveLength(compactions.length);
    const [first] = agentRequests;
    for (const request of agentRequests) {
      // Pinned: the system prompt with steering and spec, byte for byte, and the task first of all messages.
      expect(JSON.stringify(request.body!.system)).toBe(JSON.stringify(first!.body!.system));
      expect(text(request)).toContain('STEER-4417');
      expect(text(request)).toContain(JSON.stringify(REQUIREMENTS.trim()).slice(1, -1));
      expect(firstMessageBlocks(request)[0]!.text ?? request.body!.messages[0]!.content).toContain('Execute task 1: Implement sum');
    }

    // Each compaction: the next agent request is smaller than the last one before it, carries the
    // summary after the task, the current content of the changed file, and the last two exchanges.
    let summaryNo = 0;
    const drafts: string[] = [];
    for (let i = 1; i < requests.length; i++) {
      if (!isSummaryRequest(requests[i]!)) continue;
      summaryNo++;
      const before = requests.slice(0, i).filter((r) => !isSummaryRequest(r)).at(-1)!;
      const after = requests.slice(i + 1).find((r) => !isSummaryRequest(r))!;
      expect(after.rawBody.length).toBeLessThan(before.rawBody.length);
      const blocks = firstMessageBlocks(after);
      expect(blocks[0]!.text).toContain('Execute task 1: Implement sum');
      expect(blocks[1]!.text).toContain(`SUMMARY-${summaryNo}`);
      expect(blocks[2]!.text).toContain('<file path="src/sum.js">');
      // The file as it was on disk when compacted: the draft the agent had written last by then.
      const lastDraft = [...before.rawBody.matchAll(/FILE-MARK-(\d+)/g)].at(-1)![1];
      expect(blocks[2]!.text.match(/FILE-MARK-\d+/g)).toEqual([`FILE-MARK-${lastDraft}`]);
      drafts.push(lastDraft!);
      // The last two exchanges stay whole: the answer to `before` and the one before it, with their
      // results; everything older is gone from the request.
      expect(toolUseIds(after)).toHaveLength(2);
      expect(toolUseIds(after)[0]).toBe(toolUseIds(before).at(-1));
      expect(toolUseIds(before).length).toBeGreaterThan(2);
    }
    expect(drafts[0]).toBe('93');
    expect(drafts.at(-1)).toBe('94');
    expect(readFileSync(path.join(ws, 'src/sum.js'), 'utf8')).toBe(WORKING_SUM);
  });
});

describe('a request the API refuses as too long', () => {
  it('is sent again without older tool outputs, the window is learnt from the refusal, and the task completes', async () => {
    const ws = workspaceWithDocs({}, 6);
    const turns = [...[1, 2, 3, 4, 5, 6].map((i) => read(`docs/part-${i}.txt`)), write(WORKING_SUM), test(), done];
    // The model's window is 7,000 tokens while Specwright assumes the default 200,000: only the API's refusal tells.
    const result = await run(ws, agentScript(turns), { contextWindow: 7_000 });
    const log = events(result.stdout);
    expect(result.code, result.stderr).toBe(0);
    expect(log.find((e) => e.type === 'task_finished')).toMatchObject({ status: 'done' });
    expect(log.filter((e) => e.type === 'error')).toEqual([]);

    const [recovery, ...later] = log.filter((e) => e.type === 'context_compacted');
    expect(recovery).toMatchObject({ reason: 'prompt_too_long', summarizedMessages: 0, contextWindow: 7_000 });
    expect(recovery!.droppedToolOutputs as number).toBeGreaterThan(0);
    // From then on the window the API named is the one Specwright compacts for, before any refusal.
    for (const c of later) expect(c).toMatchObject({ reason: 'threshold', contextWindow: 7_000 });

    const requests = fake!.requests.filter((r) => r.path === '/v1/messages');
    const refused = requests.filter((r) => r.rawBody.length / 4 > 7_000);
    expect(refused).toHaveLength(1);
    // The refused request is followed by the same conversation with older outputs dropped.
    const retry = requests[requests.indexOf(refused[0]!) + 1]!;
    expect(retry.rawBody.length).toBeLessThan(refused[0]!.rawBody.length);
    expect(retry.rawBody).toContain('to fit the context window');
    expect(toolUseIds(retry)).toEqual(toolUseIds(refused[0]!));
    expect(requests.filter(isSummaryRequest)).toHaveLength(later.length);
  });

  it('recovers from a refusal of a request that looked small enough, by summarising', async () => {
    const ws = workspaceWithDocs({}, 4);
    const refusal: ScriptedTurn = { fault: 'status', status: 400, message: 'prompt is too long: 215000 tokens > 200000 maximum' };
    const turns = [...[1, 2, 3, 4].map((i) => read(`docs/part-${i}.txt`)), refusal, refusal, write(WORKING_SUM), test(), done];
    const result = await run(ws, agentScript(turns));
    const log = events(result.stdout);
    expect(result.code, result.stderr).toBe(0);
    const recoveries = log.filter((e) => e.type === 'context_compacted');
    // First the older outputs go; refused again, the history is summarised.
    expect(recoveries.map((r) => [r.reason, r.droppedToolOutputs as number > 0, r.summarizedMessages as number > 0])).toEqual([
      ['prompt_too_long', true, false],
      ['prompt_too_long', false, true],
    ]);
    expect(fake!.requests.filter(isSummaryRequest)).toHaveLength(1);
  });

  it('stops the task when the pinned context alone does not fit, naming the part that is too big', async () => {
    const ws = workspaceWithDocs({}, 1, { '.kiro/steering/huge-glossary.md': `---\ninclusion: always\n---\n${bigText(99, 40_000)}` });
    const result = await run(ws, agentScript([read('docs/part-1.txt'), done]), { contextWindow: 8_000 });
    expect(result.code).not.toBe(0);
    const finished = events(result.stdout).find((e) => e.type === 'task_finished');
    expect(finished).toMatchObject({ status: 'failed' });
    expect(finished!.summary).toMatch(/does not fit in its context window \(8k tokens\).*The largest part is steering [^ ]*huge-glossary\.md/s);
    // Nothing could be shrunk, so it was asked once, not again and again.
    expect(fake!.requests.filter((r) => r.path === '/v1/messages')).toHaveLength(1);
  });
});
