import { describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../../../src/core/activity';
import { RunTranscript, transcriptFromLog } from '../../../src/extension/agent/runTranscript';
import { runEvents, stoppedRun, task1, usage } from './fixtures';

const noLog = async (): Promise<ActivityEvent[]> => [];

function longRun(count: number): ActivityEvent[] {
  return runEvents((s) => {
    s.emit({ type: 'run_started', workspace: '/w', model: 'm', autonomy: 'balanced', mode: 'autonomous', tasks: [task1] });
    for (let i = 1; i < count; i++) s.emit({ type: 'command_output', commandId: 'c1', stream: 'stdout', text: `line ${i}\n` });
  });
}

describe('RunTranscript', () => {
  it('heads a chat with its first message, live or read back from its log', () => {
    const transcript = new RunTranscript(null, noLog);
    for (const e of runEvents((s) => s.emit({ type: 'run_started', workspace: '/w', model: 'm', agent: 'reviewer', autonomy: 'balanced', mode: 'interactive', tasks: [], chat: { prompt: 'Review src/a.ts\nthoroughly' } }))) transcript.add(e);
    expect(transcript.figures.header()).toMatchObject({ task: 'Chat · Review src/a.ts', agent: 'reviewer', mode: 'interactive' });
  });

  it('gives the newest page and says whether older events exist', () => {
    const transcript = new RunTranscript(null, noLog);
    for (const e of longRun(1200)) transcript.add(e);
    const page = transcript.newestPage(500);
    expect(page.events.map((e) => e.seq)).toEqual(Array.from({ length: 500 }, (_, i) => 700 + i));
    expect(page.hasOlder).toBe(true);
  });

  it('pages older events from memory until the start of the run', async () => {
    const transcript = new RunTranscript(null, noLog);
    for (const e of longRun(1200)) transcript.add(e);
    const older = await transcript.olderPage(700, 500);
    expect(older.events[0]!.seq).toBe(200);
    expect(older.hasOlder).toBe(true);
    const oldest = await transcript.olderPage(200, 500);
    expect(oldest.events.map((e) => e.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(oldest.hasOlder).toBe(false);
  });

  it('reads pages older than its in-memory window from the run log', async () => {
    const all = longRun(100);
    const transcript = new RunTranscript('/logs/run-1.jsonl', async () => all, 30);
    for (const e of all) transcript.add(e);
    expect(transcript.events).toHaveLength(30);
    const page = await transcript.olderPage(70, 50);
    expect(page.events.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => 20 + i));
    expect(page.hasOlder).toBe(true);
  });

  it('adds local notes after the last event, for listeners too', () => {
    const transcript = new RunTranscript(null, noLog);
    for (const e of stoppedRun()) transcript.add(e);
    const seen: number[] = [];
    transcript.onEvent((e) => seen.push(e.seq));
    const note = transcript.addLocal({ type: 'assistant_text', text: 'Completed: 1 Add store.' });
    expect(note?.seq).toBe(transcript.events.length - 1);
    expect(note?.runId).toBe('run-1');
    expect(seen).toEqual([note!.seq]);
  });

  it('adds up usage over tasks, since each task counts from zero', () => {
    const transcript = new RunTranscript(null, noLog);
    for (const e of stoppedRun()) transcript.add(e);
    expect(transcript.figures.tokens).toBe(3500);
    expect(transcript.figures.usage.costUsd).toBeCloseTo(0.035);
    expect(transcript.figures.state()?.status).toBe('stopped');
  });

  it('tells the header the run’s tokens by kind, every task’s added up, for its token mix bar', () => {
    const transcript = new RunTranscript(null, noLog);
    const events = runEvents((s) => {
      const step = (id: string, total: { inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheWriteTokens: number }) => {
        s.emit({ type: 'task_started', task: { ...task1, id } });
        s.emit({ type: 'usage', step: 1, usage: { ...total, costUsd: 0.01 }, total: { ...total, costUsd: 0.01 } });
      };
      step('1', { inputTokens: 100, outputTokens: 20, cacheReadTokens: 0, cacheWriteTokens: 900 });
      step('2', { inputTokens: 50, outputTokens: 30, cacheReadTokens: 900, cacheWriteTokens: 0 });
    });
    for (const e of events) transcript.add(e);
    expect(transcript.figures.state()?.mix).toEqual({ cacheRead: 900, cacheWrite: 900, input: 150, output: 50 });
    expect(transcript.figures.state()?.tokens).toBe(2000);
  });

  it('describes the run for the panel header', () => {
    const transcript = new RunTranscript(null, noLog);
    for (const e of stoppedRun()) transcript.add(e);
    expect(transcript.figures.header()).toEqual({ runId: 'run-1', task: 'todo · 2 tasks', autonomy: 'balanced', model: 'claude-x', mode: 'autonomous' });
  });

  it('shows a log that ends without run_finished as failed', async () => {
    const events = runEvents((s) => {
      s.emit({ type: 'run_started', workspace: '/w', model: 'm', autonomy: 'full', mode: 'autonomous', tasks: [task1] });
      s.emit({ type: 'usage', step: 1, usage: usage(10, 0), total: usage(10, 0) });
    });
    const transcript = await transcriptFromLog('/logs/x.jsonl', async () => events);
    expect(transcript.figures.state()?.status).toBe('failed');
    expect(transcript.figures.header()?.task).toBe('todo · 1 Add store');
  });
});
