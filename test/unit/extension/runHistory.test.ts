import { describe, expect, it } from 'vitest';
import { beforeTaskCheckpoint, checkpointsOf, filesWritten, firstCheckpoint, lastUnfinishedRun, resumePlan, runRecord, selectionOf, usageTotals } from '../../../src/extension/agent/runHistory';
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
  it('resumes the remaining tasks of a stopped run, with a note for the agent', () => {
    const plan = resumePlan(runRecord(entry('run-1'), stoppedRun()));
    expect(plan?.spec).toBe('todo');
    expect(plan?.selection).toEqual({ kind: 'task', id: '2' });
    expect(plan?.note).toContain('This resumes run run-1, which ended stopped.');
  });

  it('finds nothing to resume when the newest run of the spec finished', () => {
    const records = [runRecord(entry('run-2'), completedRun()), runRecord(entry('run-1'), stoppedRun())];
    expect(lastUnfinishedRun(records)).toBeNull();
    expect(lastUnfinishedRun(records.slice(1))?.runId).toBe('run-1');
    expect(lastUnfinishedRun(records.slice(1), 'other-spec')).toBeNull();
  });

  it('takes the first checkpoint of a task as its before-task checkpoint', () => {
    const events = stoppedRun();
    expect(beforeTaskCheckpoint(events, '2')).toBe('bbbb11112222');
    expect(firstCheckpoint(events)).toBe('aaaa11112222');
    expect(checkpointsOf(events)).toHaveLength(3);
  });

  it('lists written files once, keeping a created file created', () => {
    expect(filesWritten(stoppedRun())).toEqual([{ path: 'src/store.js', change: 'created', added: 12, removed: 1 }]);
  });

  it('selects one task, or the range remaining tasks span', () => {
    expect(selectionOf([{ spec: 's', id: '2.1', title: '' }])).toEqual({ kind: 'task', id: '2.1' });
    expect(selectionOf([{ spec: 's', id: '2.1', title: '' }, { spec: 's', id: '3', title: '' }])).toEqual({ kind: 'range', from: '2.1', to: '3' });
  });

  it('adds up tokens and cost of runs', () => {
    const totals = usageTotals([runRecord(entry('run-1'), stoppedRun()), runRecord(entry('run-2'), completedRun())]);
    expect(totals).toEqual({ runs: 2, tokens: 3500, costUsd: expect.closeTo(0.035) });
  });
});
