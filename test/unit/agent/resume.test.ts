import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../../../src/core/activity';
import { planResume, selectionOf } from '../../../src/core/agent/resume';
import { runEvents, stoppedRun, task1 } from '../extension/fixtures';

const completedRun = () =>
  runEvents((s) => {
    s.emit({ type: 'run_started', workspace: '/w', model: 'm', autonomy: 'balanced', mode: 'autonomous', tasks: [task1] });
    s.emit({ type: 'task_started', task: task1 });
    s.emit({ type: 'task_finished', task: task1, status: 'done', summary: 'ok' });
    s.emit({ type: 'run_finished', outcome: 'completed', summary: '1 of 1 task done.', completedTasks: ['1'] });
  }, 'run-2');

/** A runs folder with these logs, the first one the newest. */
function runsDir(...runs: ActivityEvent[][]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sw-runs-'));
  runs.forEach((events, i) => {
    const file = path.join(dir, `${events[0]!.runId}.jsonl`);
    writeFileSync(file, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const when = new Date(Date.UTC(2025, 2, 3, 14, 0) - i * 60_000);
    utimesSync(file, when, when);
  });
  return dir;
}

describe('planning a resume from the run logs', () => {
  it('resumes the remaining tasks of a stopped run, with a note for the agent and the checkpoint before its first task', async () => {
    const plan = await planResume(runsDir(stoppedRun()), 'todo');
    expect(plan).toMatchObject({ kind: 'resume', runId: 'run-1', spec: 'todo', outcome: 'stopped', selection: { kind: 'task', id: '2' } });
    if (plan.kind !== 'resume') throw new Error('expected a resume');
    expect(plan.remaining.map((t) => t.id)).toEqual(['2']);
    expect(plan.note).toContain('This resumes run run-1, which ended stopped.');
    // Task 2's first checkpoint, taken before it started; the later one was before a step.
    expect(plan.checkpointBeforeTask).toBe('bbbb11112222');
  });

  it('lets the newest run decide: nothing to resume once it finished, whatever older runs left', async () => {
    expect(await planResume(runsDir(completedRun(), stoppedRun()))).toEqual({ kind: 'finished', runId: 'run-2', spec: 'todo' });
    expect(await planResume(runsDir(stoppedRun(), completedRun()))).toMatchObject({ kind: 'resume', runId: 'run-1' });
  });

  it('passes over a spec verify run: it changed nothing, so the task run before it still decides', async () => {
    const verification = runEvents((s) => {
      s.emit({ type: 'run_started', workspace: '/w', model: 'm', autonomy: 'balanced', mode: 'autonomous', tasks: [], verify: { spec: 'todo' } });
      s.emit({ type: 'run_finished', outcome: 'completed', summary: '0 criteria.', completedTasks: [] });
    }, 'run-3');
    expect(await planResume(runsDir(verification, stoppedRun()), 'todo')).toMatchObject({ kind: 'resume', runId: 'run-1' });
    expect(await planResume(runsDir(verification, stoppedRun()))).toMatchObject({ kind: 'resume', runId: 'run-1' });
  });

  it('passes over a Generate Steering Documents run: it runs no task, so the task run before it still decides', async () => {
    const generation = runEvents((s) => {
      s.emit({ type: 'run_started', workspace: '/w', model: 'm', autonomy: 'balanced', mode: 'autonomous', tasks: [], steering: { documents: ['product.md'] } });
      s.emit({ type: 'run_finished', outcome: 'failed', summary: 'Wrote no steering document.', completedTasks: [] });
    }, 'run-4');
    expect(await planResume(runsDir(generation, stoppedRun()))).toMatchObject({ kind: 'resume', runId: 'run-1' });
  });

  it('looks only at runs of the spec asked about, and says when there are none', async () => {
    expect(await planResume(runsDir(stoppedRun()), 'other-spec')).toEqual({ kind: 'none' });
    expect(await planResume(path.join(tmpdir(), 'sw-no-such-runs-folder'))).toEqual({ kind: 'none' });
  });

  it('resumes a run that crashed (no run_finished) like a stopped one', async () => {
    const crashed = stoppedRun().filter((e) => e.type !== 'run_finished' && !(e.type === 'task_finished' && e.task.id === '2'));
    expect(await planResume(runsDir(crashed), 'todo')).toMatchObject({ kind: 'resume', outcome: 'crashed', selection: { kind: 'task', id: '2' } });
  });

  it('selects one task, or the range remaining tasks span', () => {
    expect(selectionOf([{ spec: 's', id: '2.1', title: '' }])).toEqual({ kind: 'task', id: '2.1' });
    expect(selectionOf([{ spec: 's', id: '2.1', title: '' }, { spec: 's', id: '3', title: '' }])).toEqual({ kind: 'range', from: '2.1', to: '3' });
  });
});
