import { describe, expect, it } from 'vitest';
import { checkpointsOf, filesWritten, firstCheckpoint, runRecord, usageTotals } from '../../../src/extension/agent/runHistory';
import { runEvents, stoppedRun, task1 } from './fixtures';

const entry = (runId: string) => ({ runId, file: `/logs/${runId}.jsonl`, modifiedAt: new Date('2025-03-03T14:05:00Z') });

const completedRun = () =>
  runEvents((s) => {
    s.emit({ type: 'run_started', workspace: '/w', model: 'm', autonomy: 'balanced', mode: 'autonomous', tasks: [task1] });
    s.emit({ type: 'task_started', task: task1 });
    s.emit({ type: 'task_finished', task: task1, status: 'done', summary: 'ok' });
    s.emit({ type: 'run_finished', outcome: 'completed', summary: '1 of 1 task done.', completedTasks: ['1'] });
  }, 'run-2');

describe('run history', () => {
  it('lists the checkpoints of a run, the first one being the workspace before the agent touched it', () => {
    const events = stoppedRun();
    expect(firstCheckpoint(events)).toBe('aaaa11112222');
    expect(checkpointsOf(events)).toHaveLength(3);
  });

  it('lists written files once, keeping a created file created', () => {
    expect(filesWritten(stoppedRun())).toEqual([{ path: 'src/store.js', change: 'created', added: 12, removed: 1 }]);
  });

  it('adds up tokens and cost of runs', () => {
    const totals = usageTotals([runRecord(entry('run-1'), stoppedRun()), runRecord(entry('run-2'), completedRun())]);
    expect(totals).toEqual({ runs: 2, tokens: 3500, costUsd: expect.closeTo(0.035) });
  });
});
