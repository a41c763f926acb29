import { ActivityStream, type ActivityEvent } from '../../../src/core/activity';

/** Events of a run, stamped by the core's own stream (run id, seq, time). */
export function runEvents(build: (s: ActivityStream) => void, runId = 'run-1'): ActivityEvent[] {
  const stream = new ActivityStream(runId, 0, () => new Date('2025-03-03T14:05:00Z'));
  const events: ActivityEvent[] = [];
  stream.subscribe((e) => events.push(e));
  build(stream);
  return events;
}

export const task1 = { spec: 'todo', id: '1', title: 'Add store' };
export const task2 = { spec: 'todo', id: '2', title: 'Add CLI' };

export const usage = (tokens: number, costUsd: number) => ({ inputTokens: tokens, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd });

/** A two-task run stopped during task 2, with checkpoints and writes. */
export function stoppedRun(): ActivityEvent[] {
  return runEvents((s) => {
    s.emit({ type: 'run_started', workspace: '/w', model: 'claude-x', autonomy: 'balanced', mode: 'autonomous', tasks: [task1, task2] });
    s.emit({ type: 'checkpoint_created', checkpointId: 'aaaa11112222', task: '1', files: 3 });
    s.emit({ type: 'task_started', task: task1 });
    s.emit({ type: 'usage', step: 1, usage: usage(1000, 0.01), total: usage(1000, 0.01) });
    s.emit({ type: 'file_written', path: 'src/store.js', change: 'created', added: 10, removed: 0, diff: '' });
    s.emit({ type: 'usage', step: 2, usage: usage(500, 0.005), total: usage(1500, 0.015) });
    s.emit({ type: 'task_finished', task: task1, status: 'done', summary: 'Task 1 complete.' });
    s.emit({ type: 'checkpoint_created', checkpointId: 'bbbb11112222', task: '2', files: 1 });
    s.emit({ type: 'task_started', task: task2 });
    s.emit({ type: 'checkpoint_created', checkpointId: 'cccc11112222', task: '2', files: 1 });
    s.emit({ type: 'usage', step: 1, usage: usage(2000, 0.02), total: usage(2000, 0.02) });
    s.emit({ type: 'file_written', path: 'src/store.js', change: 'modified', added: 2, removed: 1, diff: '' });
    s.emit({ type: 'task_finished', task: task2, status: 'stopped', summary: 'Stopped by the user.' });
    s.emit({ type: 'run_finished', outcome: 'stopped', summary: '1 of 2 tasks done (stopped).', completedTasks: ['1'] });
  });
}
