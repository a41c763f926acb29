import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../../../src/core/activity';
import { compactionText } from '../../../src/shared/compactionText';
import { testAgentService } from '../../support/agentHost';
import { startFakeAnthropic, type FakeAnthropic, type RecordedRequest, type ScriptedTurn } from '../../support/fakeAnthropic';
import { mathsWorkspace, WORKING_SUM } from './fixture';

const API_KEY = 'sk-ant-test-compact-run-5c1a';
let fake: FakeAnthropic | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const isSummaryRequest = (r: RecordedRequest) => JSON.stringify(r.body?.system ?? '').includes('You compress the working history');
const write: ScriptedTurn = { content: [{ type: 'tool_use', name: 'fs_write', input: { command: 'create', path: 'src/sum.js', file_text: WORKING_SUM } }] };
const test: ScriptedTurn = { content: [{ type: 'tool_use', name: 'execute_bash', input: { command: 'npm test' } }] };
const read = (file: string): ScriptedTurn => ({ content: [{ type: 'tool_use', name: 'fs_read', input: { operations: [{ mode: 'Line', path: file }] } }] });
const done: ScriptedTurn = { content: [{ type: 'text', text: 'Done: sum added, tests pass.' }] };

/**
 * Runs task 1 of the maths spec against a fake model that answers `turns` in order and holds its
 * answer to request number `pauseAt` until released; summary requests get `summary`.
 */
async function startPaused(ws: string, turns: ScriptedTurn[], pauseAt: number, summary: string) {
  let reached!: () => void;
  const arrived = new Promise<void>((resolve) => (reached = resolve));
  let release!: () => void;
  const mayAnswer = new Promise<void>((resolve) => (release = resolve));
  let next = 0;
  fake = await startFakeAnthropic(
    async (request) => {
      if (isSummaryRequest(request)) return { content: [{ type: 'text', text: summary }] };
      const turn = turns[next++] ?? done;
      if (next === pauseAt) {
        reached();
        await mayAnswer;
      }
      return turn;
    },
    { apiKey: API_KEY },
  );
  const agent = testAgentService({ env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url }, home: mkdtempSync(path.join(tmpdir(), 'sw-compact-home-')), trustWorkspaceSettings: true });
  const events: ActivityEvent[] = [];
  const handle = agent.start(await agent.prepare({ workspace: ws }), { spec: 'maths', selection: { kind: 'task', id: '1' }, onEvent: (e) => events.push(e) });
  return { handle, events, arrived, release };
}

describe('Compact Conversation on a running task (RunHandle.compact)', () => {
  it('summarises before the next request, keeping the focus asked for, as one context_compacted step; the task completes', async () => {
    const ws = mathsWorkspace({ '.kiro/settings.json': JSON.stringify({ agent: { autonomyLevel: 'full' } }) });
    // The last two exchanges are never summarised: the request to compact comes during the fourth.
    const { handle, events, arrived, release } = await startPaused(ws, [write, read('src/sum.js'), read('package.json'), read('src/sum.js'), test, done], 4, 'SUMMARY-MANUAL: wrote src/sum.js.');
    await arrived;
    expect(handle.compact('  the sum module  ')).toBe(true);
    release();
    const result = await handle.finished;

    expect(result.outcome).toBe('completed');
    const compactions = events.filter((e) => e.type === 'context_compacted');
    expect(compactions).toEqual([expect.objectContaining({ reason: 'manual', focus: 'the sum module', summary: 'SUMMARY-MANUAL: wrote src/sum.js.' })]);
    const messages = fake!.requests.filter((r) => r.path === '/v1/messages');
    const summary = messages.findIndex(isSummaryRequest);
    // Asked during the fourth request: the summary comes after it, before the fifth.
    expect(summary).toBe(4);
    expect(messages[summary]!.rawBody).toContain('keep in particular: the sum module');
    expect(messages[summary + 1]!.rawBody).toContain('SUMMARY-MANUAL');
    expect(readFileSync(path.join(ws, '.kiro/specs/maths/tasks.md'), 'utf8')).toMatch(/^- \[x\] 1\./m);
    // Once the run is over there is no task to compact.
    expect(handle.compact()).toBe(false);
  });

  it('says there is nothing to compact when asked before the conversation has more than its last two exchanges, and goes on', async () => {
    const ws = mathsWorkspace({ '.kiro/settings.json': JSON.stringify({ agent: { autonomyLevel: 'full' } }) });
    const { handle, events, arrived, release } = await startPaused(ws, [write, test, done], 1, 'never asked');
    await arrived;
    expect(handle.compact()).toBe(true);
    release();
    expect((await handle.finished).outcome).toBe('completed');
    const [said] = events.filter((e) => e.type === 'context_compacted');
    expect(said).toMatchObject({ reason: 'manual', summarizedMessages: 0, droppedToolOutputs: 0 });
    expect(compactionText(said as Extract<ActivityEvent, { type: 'context_compacted' }>)).toMatch(/^Nothing to compact yet/);
    expect(fake!.requests.some(isSummaryRequest)).toBe(false);
  });
});
