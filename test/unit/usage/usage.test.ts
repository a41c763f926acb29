import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StepUsage } from '../../../src/core/activity';
import { aggregateUsage, collectUsage, meteredModel, parseSince, runLogUsage, UsageLedger, type UsageRecord } from '../../../src/core/usage';
import { tempWorkspace } from '../tools/toolFixture';

const u = (input: number, output: number, read = 0, write = 0, cost = 0): StepUsage => ({ inputTokens: input, outputTokens: output, cacheReadTokens: read, cacheWriteTokens: write, costUsd: cost });
const line = (event: Record<string, unknown>) => JSON.stringify({ runId: 'r1', seq: 0, ...event });

/** A run log as RunLog writes it: run_started, tasks, usage per step, noise between. */
const RUN_LOG = [
  line({ type: 'run_started', time: '2026-03-02T09:00:00.000Z', workspace: '/w', model: 'claude-sonnet-5-5', autonomy: 'balanced', mode: 'autonomous', tasks: [{ spec: 'todo', id: '1', title: 'Add items' }, { spec: 'todo', id: '2', title: 'List items' }] }),
  line({ type: 'task_started', time: '2026-03-02T09:00:01.000Z', task: { spec: 'todo', id: '1', title: 'Add items' } }),
  line({ type: 'command_output', time: '2026-03-02T09:00:02.000Z', commandId: 'c1', stream: 'stdout', text: 'mentions "type":"usage" in its output' }),
  line({ type: 'usage', time: '2026-03-02T09:00:03.000Z', step: 1, usage: u(100, 50, 1000, 200, 0.01), total: u(100, 50, 1000, 200, 0.01) }),
  line({ type: 'usage', time: '2026-03-02T09:00:04.000Z', step: 2, usage: u(10, 20, 1200, 0, 0.002), total: u(110, 70, 2200, 200, 0.012) }),
  line({ type: 'usage', time: '2026-03-02T09:00:05.000Z', parentId: 'hook:Lint', step: 1, usage: u(30, 5, 0, 0, 0.001), total: u(30, 5, 0, 0, 0.001) }),
  line({ type: 'usage', time: '2026-03-02T09:00:05.500Z', parentId: 'toolu_sub', step: 1, usage: u(999, 999, 0, 0, 9), total: u(999, 999, 0, 0, 9) }),
  line({ type: 'task_started', time: '2026-03-02T09:01:00.000Z', task: { spec: 'todo', id: '2', title: 'List items' } }),
  '{"runId":"r1","seq":9,"type":"usage","time":"2026-03-02T09:0',
  line({ type: 'usage', time: '2026-03-03T10:00:00.000Z', step: 1, usage: u(5, 5, 0, 0, 0.0005), total: u(5, 5, 0, 0, 0.0005) }),
].join('\n');

describe('usage from run logs', () => {
  it('attributes each step to the task running at the time, and a hook\'s agent to its hook', () => {
    const records: UsageRecord[] = [];
    const unreadable = runLogUsage(RUN_LOG, records);
    expect(unreadable).toBe(1);
    expect(records.map((r) => [r.source, r.spec, r.task?.id, r.hook, r.model, r.usage.inputTokens])).toEqual([
      ['task', 'todo', '1', null, 'claude-sonnet-5-5', 100],
      ['task', 'todo', '1', null, 'claude-sonnet-5-5', 10],
      ['hook', 'todo', '1', 'Lint', 'claude-sonnet-5-5', 30],
      ['task', 'todo', '2', null, 'claude-sonnet-5-5', 5],
    ]);
  });
});

describe('aggregateUsage', () => {
  const records: UsageRecord[] = [];
  runLogUsage(RUN_LOG, records);
  records.push(
    { time: '2026-03-02T12:00:00.000Z', source: 'spec', model: 'claude-opus-5-5', spec: 'todo', task: null, hook: null, runId: null, usage: u(2000, 800, 0, 0, 0.1) },
    { time: '2026-03-03T12:00:00.000Z', source: 'commit-message', model: 'claude-haiku-4-5', spec: null, task: null, hook: null, runId: null, usage: u(300, 40, 0, 0, 0.0003) },
  );
  const utcDay = (t: Date) => t.toISOString().slice(0, 10);

  it('keeps fresh input, cache reads, cache writes and output apart, per day in order', () => {
    const report = aggregateUsage(records, { by: 'day', dayOf: utcDay });
    expect(report.rows).toEqual([
      { key: '2026-03-02', label: '2026-03-02', calls: 4, inputTokens: 2140, cacheReadTokens: 2200, cacheWriteTokens: 200, outputTokens: 875, costUsd: 0.113 },
      { key: '2026-03-03', label: '2026-03-03', calls: 2, inputTokens: 305, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 45, costUsd: 0.0008 },
    ]);
    expect(report.total).toEqual({ calls: 6, inputTokens: 2445, cacheReadTokens: 2200, cacheWriteTokens: 200, outputTokens: 920, costUsd: 0.1138 });
  });

  it('groups by task, with calls outside tasks in rows of their own, costliest first', () => {
    expect(aggregateUsage(records, { by: 'task' }).rows.map((r) => [r.label, r.calls, r.costUsd])).toEqual([
      ['todo: spec workflow', 1, 0.1],
      ['todo 1 Add items', 3, 0.013],
      ['todo 2 List items', 1, 0.0005],
      ['(commit messages)', 1, 0.0003],
    ]);
  });

  it('groups by spec and by model', () => {
    expect(aggregateUsage(records, { by: 'spec' }).rows.map((r) => [r.label, r.calls])).toEqual([['todo', 5], ['(no spec)', 1]]);
    expect(aggregateUsage(records, { by: 'model' }).rows.map((r) => [r.label, r.calls])).toEqual([['claude-opus-5-5', 1], ['claude-sonnet-5-5', 4], ['claude-haiku-4-5', 1]]);
  });
});

describe('parseSince', () => {
  const now = new Date('2026-03-10T12:00:00.000Z');
  it('reads durations back from now and dates', () => {
    expect(parseSince('7d', now)?.toISOString()).toBe('2026-03-03T12:00:00.000Z');
    expect(parseSince('24h', now)?.toISOString()).toBe('2026-03-09T12:00:00.000Z');
    expect(parseSince('2w', now)?.toISOString()).toBe('2026-02-24T12:00:00.000Z');
    expect(parseSince('90min', now)?.toISOString()).toBe('2026-03-10T10:30:00.000Z');
    expect(parseSince('2026-03-01T08:00:00Z', now)?.toISOString()).toBe('2026-03-01T08:00:00.000Z');
    expect(parseSince('2026-03-01', now)?.getDate()).toBe(1);
    expect(parseSince('last week', now)).toBeNull();
    expect(parseSince('7m', now)).toBeNull();
  });
});

describe('the usage ledger', () => {
  it('records each successful turn of a metered model, with what it was for', async () => {
    const ws = tempWorkspace();
    const ledger = new UsageLedger(path.join(ws.root, 'state'));
    let fail = false;
    const model = {
      model: 'claude-sonnet-5-5',
      maxTokens: 1000,
      async createTurn(_request: unknown, _options: unknown) {
        if (fail) throw new Error('overloaded');
        return { content: [], usage: u(7, 3, 100, 50, 0.004) };
      },
    };
    const metered = meteredModel(model, ledger, { source: 'spec', spec: 'todo' }, () => new Date('2026-03-02T10:00:00.000Z'));
    expect(metered.maxTokens).toBe(1000);
    await metered.createTurn({}, {});
    fail = true;
    await expect(metered.createTurn({}, {})).rejects.toThrow('overloaded');
    const lines = readFileSync(ledger.file, 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual([{ v: 1, time: '2026-03-02T10:00:00.000Z', source: 'spec', model: 'claude-sonnet-5-5', spec: 'todo', task: null, hook: null, usage: u(7, 3, 100, 50, 0.004) }]);
  });

  it('is read with the run logs of every state folder, and --since leaves older run logs unread', async () => {
    const ws = tempWorkspace();
    const cli = path.join(ws.root, '.kiro/.specwright');
    const editor = path.join(ws.root, 'editor-storage');
    mkdirSync(path.join(cli, 'runs'), { recursive: true });
    writeFileSync(path.join(cli, 'runs/r1.jsonl'), RUN_LOG);
    new UsageLedger(editor).append({ time: new Date().toISOString(), source: 'hook', model: 'm', spec: null, task: null, hook: 'Review', runId: null, usage: u(1, 1) });
    writeFileSync(path.join(editor, 'usage.jsonl'), 'not json\n', { flag: 'a' });
    const all = await collectUsage([cli, editor]);
    expect(all.records).toHaveLength(5);
    expect(all.files).toBe(2);
    expect(all.unreadable).toEqual([{ file: path.join(cli, 'runs/r1.jsonl'), lines: 1 }, { file: path.join(editor, 'usage.jsonl'), lines: 1 }]);
    utimesSync(path.join(cli, 'runs/r1.jsonl'), new Date('2026-03-03T10:00:00Z'), new Date('2026-03-03T10:00:00Z'));
    const recent = await collectUsage([cli, editor], { since: new Date(Date.now() - 60_000) });
    expect(recent.records.map((r) => r.hook)).toEqual(['Review']);
    expect(recent.files).toBe(1);
  });
});
