import { describe, expect, it } from 'vitest';
import { ActivityStream, type ActivityEvent, type ActivityEventInput } from '../../../src/core/activity';
import { withTaskLanes } from '../../../webview-ui/src/state/taskLanes';

const ref = (id: string, title: string) => ({ spec: 'todo', id, title });

function logOf(inputs: ActivityEventInput[]): ActivityEvent[] {
  const stream = new ActivityStream('run');
  const events: ActivityEvent[] = [];
  stream.subscribe((e) => events.push(e));
  for (const input of inputs) stream.emit(input);
  return events;
}

const started = (tasks: ReturnType<typeof ref>[], sideBySide?: { limit: number }): ActivityEventInput => ({ type: 'run_started', workspace: '/w', model: 'm', autonomy: 'balanced', mode: 'autonomous', tasks, ...(sideBySide ? { sideBySide } : {}) });

describe('lanes of tasks side by side', () => {
  it('has none for a run whose tasks run one after another', () => {
    expect(withTaskLanes(null, logOf([started([ref('1', 'A'), ref('2', 'B')]), { type: 'task_started', task: ref('1', 'A') }]))).toBeNull();
  });

  it('gives a top-level task one lane for its sub-tasks, done only when its last sub-task is', () => {
    const tasks = [ref('1.1', 'Parse'), ref('1.2', 'Print'), ref('2', 'Docs')];
    const head = withTaskLanes(null, logOf([started(tasks, { limit: 2 }), { type: 'task_started', task: tasks[0]! }, { type: 'task_finished', task: tasks[0]!, status: 'done', summary: '' }]));
    expect(head?.lanes.map((lane) => [lane.id, lane.task.id, lane.state])).toEqual([
      ['1', '1.1', 'running'],
      ['2', '2', 'waiting'],
    ]);
    const end = withTaskLanes(null, logOf([started(tasks, { limit: 2 }), ...tasks.flatMap((task): ActivityEventInput[] => [{ type: 'task_started', task }, { type: 'task_finished', task, status: 'done', summary: '' }])]));
    expect(end?.lanes.map((lane) => [lane.id, lane.task.id, lane.state])).toEqual([
      ['1', '1.2', 'done'],
      ['2', '2', 'done'],
    ]);
  });

  it('marks a task that conflicted as waiting to run again, then running again, and tasks never started as not run when the run ends', () => {
    const tasks = [ref('1', 'A'), ref('2', 'B'), ref('3', 'C')];
    const events = logOf([
      started(tasks, { limit: 2 }),
      { type: 'task_started', task: tasks[0]! },
      { type: 'task_started', task: tasks[1]! },
      { type: 'task_rerun', task: tasks[1]!, files: ['a.ts'], summary: '' },
    ]);
    const waiting = withTaskLanes(null, events);
    expect(waiting?.lanes.map((lane) => lane.state)).toEqual(['running', 'conflict', 'waiting']);
    const more = logOf([{ type: 'task_started', task: tasks[1]! }, { type: 'task_finished', task: tasks[1]!, status: 'failed', summary: '' }, { type: 'run_finished', outcome: 'failed', summary: '', completedTasks: [] }]).map((e, i) => ({ ...e, seq: events.length + i }));
    const again = withTaskLanes(waiting, more.slice(0, 1));
    expect(again?.lanes[1]?.state).toBe('running again');
    expect(withTaskLanes(again, more.slice(1))?.lanes.map((lane) => lane.state)).toEqual(['running', 'failed', 'not run']);
    // Events that change no lane keep the lanes as they were: the header does not re-render.
    expect(withTaskLanes(again, logOf([{ type: 'assistant_text', text: 'hi' }]))).toBe(again);
  });
});
