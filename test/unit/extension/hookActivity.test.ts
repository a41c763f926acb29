import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ActivityStream, type ActivityEvent, type ActivityEventInput } from '../../../src/core/activity';
import { listRunLogs, readRunLog } from '../../../src/core/runs';
import { RunTranscript } from '../../../src/extension/agent/runTranscript';
import { HOOKS_LOG_ROTATE_EVENTS, HOOKS_LOGS_KEPT, HOOKS_TRANSCRIPT_LIMIT, HookActivity, newerTranscript } from '../../../src/extension/hooks/hookActivity';
import { hookLogFiles } from '../../../src/extension/hooks/hookLogFiles';
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

  it('announces the Hooks transcript when hook runs begin one, not for hooks reported into a run', () => {
    const activity = new HookActivity();
    const opened: unknown[] = [];
    const stop = activity.onTranscriptOpened((transcript) => opened.push(transcript));
    activity.attachRun(new ActivityStream('run-7'));
    activity.emit(started);
    expect(opened).toEqual([]);
    activity.attachRun(null);
    activity.emit(started);
    activity.emit(finished);
    expect(opened).toEqual([activity.transcript]);
    stop();
    expect(activity.transcript!.events.map((e) => e.type)).toEqual(['hook_started', 'hook_finished']);
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

describe('HookActivity: stopping', () => {
  it('reads "stopped" once the runs a person stopped have ended, and running again on the next run', () => {
    const activity = new HookActivity();
    activity.emit(started);
    activity.markStopRequested();
    expect(activity.transcript!.figures.status).toBe('running');
    activity.emit({ ...finished, ok: false, output: '(stopped)' });
    expect(activity.transcript!.figures.status).toBe('stopped');
    activity.emit(started);
    expect(activity.transcript!.figures.status).toBe('running');
    activity.emit(finished);
    expect(activity.transcript!.figures.status).toBe('done');
  });

  it('heads its transcript as hook runs, not an agent run', () => {
    const activity = new HookActivity();
    activity.emit(started);
    expect(activity.transcript!.figures.header()).toMatchObject({ task: 'Hooks', kind: 'hooks' });
  });
});

describe('HookActivity: the hooks log', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  const logDir = () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'sw-hooklog-')), 'hooks');
    dirs.push(path.dirname(dir));
    return dir;
  };
  const store = (dir: string) => hookLogFiles(dir, { listLogs: listRunLogs, readLog: async (file) => (await readRunLog(file)).events });

  it('writes every hook event to a log as it happens', async () => {
    const dir = logDir();
    const activity = new HookActivity(at('2025-03-03T14:05:00Z'));
    await activity.restore(store(dir));
    expect(activity.transcript).toBeNull(); // nothing logged yet
    activity.emit(started);
    activity.emit(finished);
    const [file] = readdirSync(dir);
    expect(file).toBe('hooks-20250303T140500Z.jsonl');
    expect((await readRunLog(path.join(dir, file!))).events).toEqual(activity.transcript!.events);
    expect(activity.transcript!.logFile).toBe(path.join(dir, file!));
  });

  it('shows the newest log in a later session, and continues it with the next hook runs', async () => {
    const dir = logDir();
    const first = new HookActivity(at('2025-03-03T14:05:00Z'));
    await first.restore(store(dir));
    first.emit(started);
    first.emit(finished);

    const next = new HookActivity(at('2025-03-04T09:00:00Z'));
    await next.restore(store(dir));
    const restored = next.transcript!;
    expect(restored.events.map((e) => [e.type, e.seq])).toEqual([['hook_started', 0], ['hook_finished', 1]]);
    expect(restored.figures.state()).toMatchObject({ status: 'done', finishedAt: '2025-03-03T14:05:00.000Z' });
    expect(restored.figures.header()).toMatchObject({ task: 'Hooks', kind: 'hooks' });

    next.emit(started);
    expect(next.transcript).toBe(restored);
    expect(restored.events.at(-1)).toMatchObject({ type: 'hook_started', seq: 2, runId: 'hooks-20250303T140500Z', time: '2025-03-04T09:00:00.000Z' });
    expect(readdirSync(dir)).toEqual(['hooks-20250303T140500Z.jsonl']);
    expect((await readRunLog(path.join(dir, 'hooks-20250303T140500Z.jsonl'))).events.map((e) => e.seq)).toEqual([0, 1, 2]);
  });

  it('keeps the hooks of this session when they ran before the log was read back', async () => {
    const dir = logDir();
    const earlier = new HookActivity(at('2025-03-03T14:05:00Z'));
    await earlier.restore(store(dir));
    earlier.emit(started);
    const activity = new HookActivity(at('2025-03-04T09:00:00Z'));
    const restoring = activity.restore(store(dir));
    activity.emit(finished);
    await restoring;
    expect(activity.transcript!.events).toHaveLength(1);
    expect(activity.transcript!.runId).toBe('hooks-20250304T090000Z');
  });

  it('begins a new log between hook runs once one is full, and keeps only the newest logs', async () => {
    const dir = logDir();
    const oldLogs = Array.from({ length: HOOKS_LOGS_KEPT + 2 }, (_, i) => path.join(dir, `hooks-2024-${i}.jsonl`));
    store(dir).append(oldLogs[0]!, { type: 'error', message: 'old', runId: 'hooks-2024-0', seq: 0, time: '2024-01-01T00:00:00.000Z' });
    oldLogs.forEach((file, i) => {
      if (i > 0) writeFileSync(file, '');
      utimesSync(file, new Date(2024, 0, 2 + i), new Date(2024, 0, 2 + i));
    });
    let clock = Date.parse('2025-03-03T14:05:00Z');
    const activity = new HookActivity(() => new Date((clock += 1000)));
    await activity.restore(store(dir)); // the newest old log is empty: nothing to show

    activity.emit(started);
    while (activity.transcript!.lastSeq + 2 < HOOKS_LOG_ROTATE_EVENTS) activity.emit({ type: 'command_output', commandId: 'c', stream: 'stdout', text: '.' });
    activity.emit(finished); // the log fills up during a run, which is never split
    const filled = activity.transcript!;
    expect(filled.lastSeq + 1).toBe(HOOKS_LOG_ROTATE_EVENTS);
    // The newest events in memory, the older ones paged from the log.
    expect(filled.events).toHaveLength(HOOKS_TRANSCRIPT_LIMIT);
    const older = await filled.olderPage(filled.events[0]!.seq, HOOKS_LOG_ROTATE_EVENTS);
    expect(older.events[0]).toMatchObject({ type: 'hook_started', seq: 0 });
    expect(older.events).toHaveLength(HOOKS_LOG_ROTATE_EVENTS - HOOKS_TRANSCRIPT_LIMIT);

    activity.emit(started);
    const fresh = activity.transcript!;
    expect(fresh).not.toBe(filled);
    expect(fresh.runId).not.toBe(filled.runId);
    expect(fresh.events.map((e) => e.seq)).toEqual([0]);
    expect(readFileSync(fresh.logFile!, 'utf8').trim().split('\n')).toHaveLength(1);
    expect((await readRunLog(filled.logFile!)).events).toHaveLength(HOOKS_LOG_ROTATE_EVENTS);
    // The two logs of this session and the newest old ones: never more than HOOKS_LOGS_KEPT.
    await expect.poll(() => readdirSync(dir).sort(), { timeout: 25_000 }).toEqual([...oldLogs.slice(-(HOOKS_LOGS_KEPT - 2)), filled.logFile!, fresh.logFile!].map((f) => path.basename(f)).sort());
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
