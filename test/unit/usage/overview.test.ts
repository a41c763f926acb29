import { describe, expect, it } from 'vitest';
import { usageOverview, type UsageRecord } from '../../../src/core/usage';

const at = (time: Date, cost: number, spec: string | null, task: string | null, source: UsageRecord['source'] = 'task'): UsageRecord => ({
  time: time.toISOString(),
  source,
  model: 'claude-sonnet-5-5',
  spec,
  task: task ? { id: task, title: `Task ${task}` } : null,
  hook: null,
  runId: null,
  usage: { inputTokens: 100, outputTokens: 10, cacheReadTokens: 1_000, cacheWriteTokens: 50, costUsd: cost },
});

describe('the Usage view’s overview', () => {
  it('counts today from local midnight and the week as today and the six days before, with specs and their tasks', () => {
    const now = new Date(2026, 2, 10, 15, 30); // local time
    const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
    const records = [
      at(hoursAgo(1), 1, 'todo', '1'),
      at(new Date(2026, 2, 10, 0, 5), 2, 'todo', '2'),
      at(new Date(2026, 2, 9, 23, 55), 4, 'todo', '1'), // yesterday, late
      at(new Date(2026, 2, 4, 0, 1), 8, 'auth', '3.1'), // six days ago: in the week
      at(new Date(2026, 2, 3, 23, 59), 16, 'auth', '3.1'), // seven days ago: not
      at(hoursAgo(2), 0.5, 'todo', null, 'spec'),
      at(hoursAgo(3), 0.25, null, null, 'commit-message'),
    ];
    const overview = usageOverview(records, now);
    expect(overview.today).toMatchObject({ calls: 4, costUsd: 3.75, cacheReadTokens: 4_000 });
    expect(overview.week).toMatchObject({ calls: 6, costUsd: 15.75 });
    expect(overview.specs.map((s) => [s.key, s.costUsd, s.tasks.map((t) => [t.label, t.costUsd])])).toEqual([
      ['auth', 24, [['auth 3.1 Task 3.1', 24]]],
      ['todo', 7.5, [['todo 1 Task 1', 5], ['todo 2 Task 2', 2], ['todo: spec workflow', 0.5]]],
    ]);
    expect(overview.outsideSpecs).toMatchObject({ calls: 1, costUsd: 0.25 });
  });

  it('is all zeros with nothing on record', () => {
    const overview = usageOverview([], new Date());
    expect(overview.today.calls).toBe(0);
    expect(overview.specs).toEqual([]);
  });
});
