import { describe, expect, it } from 'vitest';
import { ActivityStream, type ActivityEvent } from '../../../src/core/activity';
import { reportFromEvents } from '../../../src/core/runs';

function record(build: (s: ActivityStream) => void): ActivityEvent[] {
  const stream = new ActivityStream('run-1');
  const events: ActivityEvent[] = [];
  stream.subscribe((e) => events.push(e));
  build(stream);
  return events;
}

const t1 = { spec: 'todo', id: '1', title: 'Add store' };
const t2 = { spec: 'todo', id: '2', title: 'Add CLI' };

describe('run report', () => {
  it('answers what was completed and what remains after a stop', () => {
    const events = record((s) => {
      s.emit({ type: 'run_started', workspace: '/w', model: 'm', autonomy: 'balanced', mode: 'autonomous', tasks: [t1, t2] });
      s.emit({ type: 'task_started', task: t1 });
      s.emit({ type: 'file_written', path: 'src/store.js', change: 'created', added: 10, removed: 0, diff: '' });
      s.emit({ type: 'task_finished', task: t1, status: 'done', summary: 'Task 1 complete.' });
      s.emit({ type: 'task_started', task: t2 });
      s.emit({ type: 'task_finished', task: t2, status: 'stopped', summary: 'Stopped by the user.' });
      s.emit({ type: 'run_finished', outcome: 'stopped', summary: '1 of 2 tasks done (stopped).', completedTasks: ['1'] });
    });
    const report = reportFromEvents(events);
    expect(report.completed.map((t) => t.id)).toEqual(['1']);
    expect(report.remaining.map((t) => t.id)).toEqual(['2']);
    expect(report.outcome).toBe('stopped');
    expect(report.summary).toContain('Completed: 1 Add store.');
    expect(report.summary).toContain('Files changed: src/store.js.');
  });

  it('calls a log without a final record a crash that can be resumed', () => {
    const events = record((s) => {
      s.emit({ type: 'run_started', workspace: '/w', model: 'm', autonomy: 'full', mode: 'autonomous', tasks: [t1] });
      s.emit({ type: 'task_started', task: t1 });
    });
    const report = reportFromEvents(events);
    expect(report.outcome).toBe('crashed');
    expect(report.remaining).toEqual([t1]);
    expect(report.summary).toContain('can be resumed');
  });

  it('tells a spec verify run (no tasks) from a run with nothing to do, from its header or, in older logs, its verdicts', () => {
    const verdict = (criterion: string, v: 'pass' | 'fail' | 'unknown') => ({ type: 'criterion_verdict' as const, spec: 'todo', criterion, text: 'THE app SHALL…', verdict: v, summary: '', evidence: { files: [], tests: [] } });
    const checked = record((s) => {
      s.emit({ type: 'run_started', workspace: '/w', model: 'm', autonomy: 'balanced', mode: 'autonomous', tasks: [], verify: { spec: 'todo', task: '2' } });
      s.emit(verdict('1.1', 'pass'));
      s.emit(verdict('1.2', 'fail'));
      s.emit({ type: 'run_finished', outcome: 'budget_exceeded', summary: '2 criteria: 1 pass, 1 fail, 0 unknown.', completedTasks: [] });
    });
    const report = reportFromEvents(checked);
    expect(report.spec).toBe('todo');
    expect(report.verification).toEqual({ spec: 'todo', task: '2', pass: 1, fail: 1, unknown: 0 });
    expect(report.summary).toBe("Verified task 2's criteria of todo: 1 pass, 1 fail, 0 unknown. The check stopped at its budget.");
    expect(report.remaining).toEqual([]);

    const older = record((s) => {
      s.emit({ type: 'run_started', workspace: '/w', model: 'm', autonomy: 'balanced', mode: 'autonomous', tasks: [] });
      s.emit(verdict('1.1', 'unknown'));
    });
    expect(reportFromEvents(older).verification).toEqual({ spec: 'todo', pass: 0, fail: 0, unknown: 1 });
    expect(reportFromEvents(older).summary).toBe('Verified the criteria of todo: 0 pass, 0 fail, 1 unknown. The run ended without a final record (crash or kill).');

    const tasksRun = record((s) => {
      s.emit({ type: 'run_started', workspace: '/w', model: 'm', autonomy: 'balanced', mode: 'autonomous', tasks: [t1] });
      s.emit({ type: 'run_finished', outcome: 'completed', summary: 'Done.', completedTasks: ['1'] });
    });
    expect(reportFromEvents(tasksRun).verification).toBeNull();
  });
});
