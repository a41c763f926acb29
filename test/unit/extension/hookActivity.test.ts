import { describe, expect, it } from 'vitest';
import { ActivityStream, type ActivityEvent, type ActivityEventInput } from '../../../src/core/activity';
import { RunTranscript } from '../../../src/extension/agent/runTranscript';
import { HookActivity, newerTranscript } from '../../../src/extension/hooks/hookActivity';
import { runEvents, task1 } from './fixtures';

const at = (iso: string) => () => new Date(iso);
const started: ActivityEventInput = { type: 'hook_started', hook: 'lint', trigger: 'PostFileSave', paths: ['src/a.ts'] };
const finished: ActivityEventInput = { type: 'hook_finished', hook: 'lint', ok: true, output: 'clean' };

describe('HookActivity', () => {
  it('keeps hook runs outside agent runs in a Hooks transcript of full events', () => {
    const activity = new HookActivity(at('2025-03-03T14:05:00Z'));
    expect(activity.transcript).toBeNull();
    activity.emit(started);
    activity.emit({ type: 'command_output', commandId: 'c1', stream: 'stdout', text: 'ok\n' });
    activity.emit(finished);
    const events = activity.transcript!.events;
    expect(events.map((e) => [e.type, e.seq])).toEqual([['hook_started', 0], ['command_output', 1], ['hook_finished', 2]]);
    expect(events.every((e) => e.runId.startsWith('hooks-') && e.time === '2025-03-03T14:05:00.000Z')).toBe(true);
    expect(activity.transcript!.figures.header()?.task).toBe('Hooks');
  });

  it('shows the Hooks transcript as running while a hook runs and done after', () => {
    const activity = new HookActivity();
    activity.emit(started);
    expect(activity.transcript!.figures.status).toBe('running');
    activity.emit(finished);
    expect(activity.transcript!.figures.status).toBe('done');
    expect(activity.transcript!.figures.state()?.finishedAt).toBeTruthy();
  });

  it('reports into the attached agent run, numbered in its sequence', () => {
    const run = new ActivityStream('run-7', 0);
    const seen: ActivityEvent[] = [];
    run.subscribe((e) => seen.push(e));
    run.emit({ type: 'run_started', workspace: '/w', model: 'm', autonomy: 'balanced', mode: 'autonomous', tasks: [task1] });
    const activity = new HookActivity();
    activity.attachRun(run);
    activity.emit(started);
    activity.emit(finished);
    expect(seen.map((e) => [e.type, e.runId, e.seq])).toEqual([['run_started', 'run-7', 0], ['hook_started', 'run-7', 1], ['hook_finished', 'run-7', 2]]);
    expect(activity.transcript).toBeNull();
  });

  it('goes back to the Hooks transcript once the run is detached', () => {
    const activity = new HookActivity();
    activity.attachRun(new ActivityStream('run-7'));
    activity.emit(started);
    activity.attachRun(null);
    activity.emit(started);
    expect(activity.transcript!.events).toHaveLength(1);
  });
});

describe('newerTranscript', () => {
  const transcriptAt = (time: string) => {
    const t = new RunTranscript(null, async () => []);
    for (const e of runEvents((s) => s.emit(started))) t.add({ ...e, time });
    return t;
  };

  it('picks the transcript whose last event is later', () => {
    const run = transcriptAt('2025-03-03T14:00:00.000Z');
    const hooks = transcriptAt('2025-03-03T14:05:00.000Z');
    expect(newerTranscript(run, hooks)).toBe(hooks);
    expect(newerTranscript(hooks, run)).toBe(hooks);
  });

  it('picks whichever exists when one is missing', () => {
    const run = transcriptAt('2025-03-03T14:00:00.000Z');
    expect(newerTranscript(null, run)).toBe(run);
    expect(newerTranscript(run, null)).toBe(run);
    expect(newerTranscript(null, null)).toBeNull();
  });
});
