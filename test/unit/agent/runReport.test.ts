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
});
