import type { Page } from 'playwright-core';
import * as path from 'node:path';
import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ActivityEvent, CriterionVerdict } from '../../../src/core/activity';
import type { HostMessage } from '../../../src/shared/panelMessages';
import { postedMessages, repoRoot, sendToPanel } from './panelHarness';
import { panelPages } from './panelPages';

const RUN_ID = '20261203T210000Z-verify';
const start = Date.parse('2026-12-03T21:00:00.000Z');
let seq = 0;
const base = () => ({ runId: RUN_ID, seq: seq, time: new Date(start + seq++ * 500).toISOString() });

function verdict(criterion: string, text: string, v: CriterionVerdict['verdict'], summary: string, evidence: CriterionVerdict['evidence'] = { files: [], tests: [] }): ActivityEvent {
  return { ...base(), type: 'criterion_verdict', spec: 'maths', criterion, text, verdict: v, summary, evidence };
}

/** A `spec verify` run of the maths spec: the model reads, runs the tests, and gives its verdicts. */
const events: ActivityEvent[] = [
  { ...base(), type: 'run_started', workspace: '/home/dev/maths', model: 'claude-sonnet-4-5', autonomy: 'balanced', mode: 'autonomous', tasks: [] },
  { ...base(), type: 'file_read', path: 'src/sum.js' },
  { ...base(), type: 'command_started', commandId: 'c1', command: 'npm test', cwd: '/home/dev/maths' },
  { ...base(), type: 'command_finished', commandId: 'c1', exitCode: 0, signal: null, durationMs: 800, timedOut: false },
  verdict('1.1', 'WHEN sum is called with two numbers, THE library SHALL return their sum.', 'pass', 'sum returns a + b and its test passes.', {
    files: [{ path: 'src/sum.js', lines: { start: 1, end: 3 } }],
    tests: [{ command: 'npm test', exitCode: 0, output: '# pass 1' }],
  }),
  verdict('1.2', 'IF sum is called with a string, THEN THE library SHALL throw a TypeError.', 'fail', 'sum never checks its arguments.', { files: [{ path: 'src/sum.js', lines: { start: 2, end: 2 } }], tests: [] }),
  verdict('2.1', 'THE library SHALL export mean.', 'fail', 'There is no mean.'),
  verdict('2.2', 'WHEN mean is called with no numbers, THE library SHALL return NaN.', 'unknown', 'Nothing implements mean yet to tell.'),
  { ...base(), type: 'run_finished', outcome: 'completed', summary: '4 criteria: 1 pass, 2 fail, 1 unknown.', completedTasks: [] },
];

const run = { runId: RUN_ID, task: 'maths · verify criteria', autonomy: 'balanced', model: 'claude-sonnet-4-5' };
const done = { status: 'done' as const, tokens: 12_000, costUsd: 0.05, startedAt: new Date(start).toISOString(), finishedAt: new Date(start + 9_000).toISOString() };

const pages = panelPages();

const openPanel = (): Promise<Page> => pages.open();

const posted = async (page: Page, type: string) => (await postedMessages(page)).filter((m) => (m as { type: string }).type === type);

describe('spec verify verdicts in the Agent Activity panel', () => {
  it('lists the verdicts as a checklist, with evidence, as they stream in', async () => {
    const page = await openPanel();
    await sendToPanel(page, { type: 'init', run, state: { ...done, status: 'running', finishedAt: null }, events: events.slice(0, 5), hasOlder: false } satisfies HostMessage);
    const checklist = page.getByRole('region', { name: 'Criteria verified' });
    await checklist.getByRole('heading', { name: 'Criteria of maths: 1 pass, 0 fail, 0 unknown' }).waitFor();
    await sendToPanel(page, { type: 'append', events: events.slice(5) } satisfies HostMessage);
    await checklist.getByRole('heading', { name: 'Criteria of maths: 1 pass, 2 fail, 1 unknown' }).waitFor();
    const items = checklist.getByRole('listitem');
    expect(await items.evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')))).toEqual(['Criterion 1.1 passes', 'Criterion 1.2 fails', 'Criterion 2.1 fails', 'Criterion 2.2 unknown']);
    const passed = checklist.getByRole('listitem', { name: 'Criterion 1.1 passes' });
    await expect(passed.textContent()).resolves.toContain('sum returns a + b and its test passes.');
    await expect(passed.textContent()).resolves.toContain('npm test (exit 0)');
    // Only a failed criterion can become a task.
    expect(await checklist.getByRole('button', { name: 'Add as task' }).count()).toBe(2);
    expect(await passed.getByRole('button', { name: 'Add as task' }).count()).toBe(0);
    // Evidence files open in the editor.
    await passed.getByRole('button', { name: 'src/sum.js' }).click();
    expect(await posted(page, 'openFile')).toEqual([{ type: 'openFile', path: 'src/sum.js' }]);
    mkdirSync(path.join(repoRoot(), 'test-results', 'panel'), { recursive: true });
    await page.screenshot({ path: path.join(repoRoot(), 'test-results', 'panel', 'verdicts.png') });
  });

  it('turns a failed criterion into a task through the host, once, and keeps it across a re-show', async () => {
    const page = await openPanel();
    await sendToPanel(page, { type: 'init', run, state: done, events, hasOlder: false } satisfies HostMessage);
    const failed = page.getByRole('listitem', { name: 'Criterion 1.2 fails' });
    await failed.getByRole('button', { name: 'Add as task' }).click();
    expect(await posted(page, 'addCriterionTask')).toEqual([{ type: 'addCriterionTask', spec: 'maths', criterion: '1.2' }]);
    // While the host works, the button waits and a second click sends nothing.
    const adding = failed.getByRole('button', { name: 'Adding…' });
    await expect(adding.isDisabled()).resolves.toBe(true);
    await sendToPanel(page, { type: 'criterionTaskAdded', spec: 'maths', criterion: '1.2', taskId: '3' } satisfies HostMessage);
    await failed.getByText('Added as task 3').waitFor();
    expect(await failed.getByRole('button').filter({ hasText: /Add/ }).count()).toBe(0);

    // A task the host could not add (tasks.md changed meanwhile, say): the button is offered again.
    const other = page.getByRole('listitem', { name: 'Criterion 2.1 fails' });
    await other.getByRole('button', { name: 'Add as task' }).click();
    await sendToPanel(page, { type: 'criterionTaskAdded', spec: 'maths', criterion: '2.1', taskId: null } satisfies HostMessage);
    await other.getByRole('button', { name: 'Add as task' }).waitFor();
    expect(await posted(page, 'addCriterionTask')).toHaveLength(2);

    // Re-shown, the panel starts over from `init`; the host tells it again what was added.
    await page.reload();
    await page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === 'ready'));
    await sendToPanel(page, { type: 'init', run, state: done, events, hasOlder: false } satisfies HostMessage);
    await sendToPanel(page, { type: 'criterionTaskAdded', spec: 'maths', criterion: '1.2', taskId: '3' } satisfies HostMessage);
    await page.getByRole('listitem', { name: 'Criterion 1.2 fails' }).getByText('Added as task 3').waitFor();
  });

  it('shows no checklist for a run without verdicts', async () => {
    const page = await openPanel();
    await sendToPanel(page, { type: 'init', run: { ...run, task: 'maths · 1 Implement sum' }, state: done, events: events.slice(0, 4), hasOlder: false } satisfies HostMessage);
    await page.getByRole('log').waitFor();
    expect(await page.getByRole('region', { name: 'Criteria verified' }).count()).toBe(0);
  });
});
