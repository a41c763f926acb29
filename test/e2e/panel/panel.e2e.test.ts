import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ActivityStream, type ActivityEvent } from '../../../src/core/activity';
import type { HostMessage } from '../../../src/shared/panelMessages';
import { postedMessages, repoRoot, sendToPanel } from './panelHarness';
import { panelPages } from './panelPages';
import { afterApproval, APPROVAL_ID, beforeApproval, FIRST_CHECKPOINT_ID, recordedRun } from './recordedRun';
import { syntheticRun } from './syntheticRun';
import type { ThemeKind } from './vscodeTheme';

const screenshots = path.join(repoRoot(), 'test-results', 'panel');
const run = { runId: recordedRun[0]!.runId, task: 'todo-cli · 2.1 Add the list command', autonomy: 'balanced', model: 'claude-sonnet-4-5' };
const startedAt = Date.now() - 42_000;
const running = { status: 'running' as const, tokens: 19_650, costUsd: 0.074, startedAt: new Date(startedAt).toISOString() };

const pages = panelPages({ screenshots });

const openPanel = (theme: ThemeKind = 'dark'): Promise<Page> => pages.open({ theme });

/** The host's side of a live run: init with the first steps, then the rest appended a few at a time. */
async function replayUntilApproval(page: Page, { filtered = false } = {}): Promise<void> {
  await sendToPanel(page, { type: 'init', run, state: running, events: beforeApproval.slice(0, 8), hasOlder: false } satisfies HostMessage);
  for (let i = 8; i < beforeApproval.length; i += 4) await sendToPanel(page, { type: 'append', events: beforeApproval.slice(i, i + 4) } satisfies HostMessage);
  // Under a filter the approval may be hidden; the last command is not.
  await (filtered ? page.getByText('exit 0 · 2.0 s') : page.getByRole('button', { name: 'Approve' })).waitFor();
}

async function finishRun(page: Page): Promise<void> {
  await sendToPanel(page, { type: 'append', events: afterApproval } satisfies HostMessage);
  await sendToPanel(page, { type: 'runState', status: 'done', tokens: 45_770, costUsd: 0.184, finishedAt: new Date(startedAt + 74_000).toISOString() } satisfies HostMessage);
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(screenshots, `${name}.png`) });

describe('the Agent Activity panel in Chromium', () => {
  it('shows a recorded run’s steps as they stream in', async () => {
    const page = await openPanel();
    await replayUntilApproval(page);
    const log = page.getByRole('log');
    await expect(log.getByText('Reading .kiro/specs/todo-cli/design.md…').isVisible()).resolves.toBe(true);
    await expect(log.getByText('Self-correction 1/3').isVisible()).resolves.toBe(true);
    await expect(log.getByText('11 passed · 1 failed').isVisible()).resolves.toBe(true);
    await expect(log.getByText(/Installing packages changes package\.json/).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('banner').textContent()).resolves.toMatch(/Running.*todo-cli · 2\.1 Add the list command.*Stop Agent.*Autonomybalanced/);
    await shot(page, 'running-approval');
  });

  it('posts approve when Approve is clicked, then shows the outcome', async () => {
    const page = await openPanel();
    await replayUntilApproval(page);
    await page.getByRole('button', { name: 'Approve' }).click();
    expect(await postedMessages(page)).toContainEqual({ type: 'approve', approvalId: APPROVAL_ID });
    await sendToPanel(page, { type: 'append', events: afterApproval.slice(0, 1) } satisfies HostMessage);
    await page.getByText('Approved', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
  });

  it('posts stop from the Stop Agent button and from the Escape key', async () => {
    const page = await openPanel();
    await replayUntilApproval(page);
    await page.keyboard.press('Escape');
    expect(await postedMessages(page)).toContainEqual({ type: 'stop' });
    await page.reload();
    await page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
    await replayUntilApproval(page);
    await page.getByRole('button', { name: 'Stop Agent' }).click();
    expect(await postedMessages(page)).toContainEqual({ type: 'stop' });
    await page.getByRole('button', { name: 'Stopping…' }).waitFor();
  });

  it('ends with the summary line, no Stop button, and restorable checkpoints', async () => {
    const page = await openPanel();
    await replayUntilApproval(page);
    await finishRun(page);
    await page.getByText('Run completed').waitFor();
    expect(await page.getByRole('button', { name: /Stop Agent/ }).count()).toBe(0);
    await expect(page.getByRole('banner').textContent()).resolves.toMatch(/Done.*Elapsed1:14.*Tokens46k.*Cost\$0\.184/);
    await shot(page, 'finished');
    await page.getByRole('log').evaluate((el) => (el.scrollTop = 0));
    await page.getByRole('button', { name: `Restore checkpoint ${FIRST_CHECKPOINT_ID}` }).click();
    expect(await postedMessages(page)).toContainEqual({ type: 'restoreCheckpoint', checkpointId: FIRST_CHECKPOINT_ID });
  });

  it('opens a diff with added and removed lines in the theme’s diff colours', async () => {
    const page = await openPanel();
    await replayUntilApproval(page);
    await page.getByRole('log').evaluate((el) => (el.scrollTop = 0));
    await page.getByRole('button', { name: 'diff of src/commands/index.ts' }).click();
    const diff = page.getByRole('region', { name: 'Changes to src/commands/index.ts' });
    const background = (selector: string) => diff.locator(selector).first().evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(await background('.sw-diff__line--add')).toBe('rgba(155, 185, 85, 0.2)');
    expect(await background('.sw-diff__line--del')).toBe('rgba(255, 0, 0, 0.2)');
    await diff.scrollIntoViewIfNeeded();
    await shot(page, 'diff');
  });

  it('filters to errors and searches the steps', async () => {
    const page = await openPanel();
    await replayUntilApproval(page);
    await finishRun(page);
    await page.getByRole('button', { name: /^Errors/ }).click();
    expect(await page.locator('.sw-log .sw-step').count()).toBe(3);
    await shot(page, 'errors-filter');
    await page.getByRole('button', { name: /^All/ }).click();
    await page.getByRole('searchbox', { name: 'Search activity' }).fill('sorting each group');
    expect(await page.locator('.sw-log .sw-step').count()).toBe(1);
  });

  it('keeps its filter and search when hidden and shown again', async () => {
    const page = await openPanel();
    await replayUntilApproval(page);
    await page.getByRole('button', { name: /^Commands/ }).click();
    await page.getByRole('searchbox', { name: 'Search activity' }).fill('npm');
    await page.reload();
    await page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
    await replayUntilApproval(page, { filtered: true });
    expect(await page.getByRole('button', { name: /^Commands/ }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByRole('searchbox', { name: 'Search activity' }).inputValue()).toBe('npm');
  });

  it('keeps a 10,000-event run to a window of rows, and jumps back to the latest', async () => {
    const page = await openPanel();
    const events = syntheticRun(10_000);
    await sendToPanel(page, { type: 'init', run: { ...run, runId: events[0]!.runId }, state: running, events, hasOlder: false } satisfies HostMessage);
    await page.getByText('Step 9992:', { exact: false }).waitFor();
    expect(await page.locator('.sw-log__row').count()).toBeLessThan(120);
    await page.getByRole('log').evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
    await page.getByRole('button', { name: 'Jump to latest' }).waitFor();
    await shot(page, 'long-run-scrolled');
    await page.getByRole('button', { name: 'Jump to latest' }).click();
    await page.getByText('Step 9992:', { exact: false }).waitFor();
    expect(await page.getByRole('button', { name: 'Jump to latest' }).count()).toBe(0);
  });

  it('jumps across a 10,000-event run without changing its height: each row is as tall as its estimate', async () => {
    const page = await openPanel();
    const events = syntheticRun(10_000);
    await sendToPanel(page, { type: 'init', run: { ...run, runId: events[0]!.runId }, state: running, events, hasOlder: false } satisfies HostMessage);
    await page.getByText('Step 9992:', { exact: false }).waitFor();
    const { before, after, uncovered } = await page.getByRole('log').evaluate(async (log) => {
      const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
      const before = log.scrollHeight;
      let uncovered = 0;
      for (let i = 1; i <= 20; i++) {
        log.scrollTop = ((i * 7919) % 20) * (before / 21);
        await frame();
        await frame();
        const view = log.getBoundingClientRect();
        const rows = [...log.querySelectorAll('.sw-log__row')].map((row) => row.getBoundingClientRect());
        if (!rows.some((r) => r.top <= view.top + 1) || !rows.some((r) => r.bottom >= view.bottom - 9)) uncovered++;
      }
      return { before, after: log.scrollHeight, uncovered };
    });
    expect(after).toBe(before);
    expect(uncovered).toBe(0);
  });

  it('leaves the scrollbar where the reader drops it while the rows there are measured', async () => {
    const page = await openPanel();
    // Long agent texts wrap to a height only the browser knows, so rows change height as they are measured.
    const events = syntheticRun(10_000).map((e) => (e.type === 'assistant_text' && e.seq % 3 === 1 ? { ...e, text: `${e.text} `.repeat(6) } : e));
    await sendToPanel(page, { type: 'init', run: { ...run, runId: events[0]!.runId }, state: running, events, hasOlder: false } satisfies HostMessage);
    await page.getByText('Step 9992:', { exact: false }).waitFor();
    const moved = await page.getByRole('log').evaluate(
      (log) =>
        new Promise<number[]>((resolve) => {
          const moves: number[] = [];
          let dropped = -1;
          let frames = 0;
          const frame = () => {
            // One scrollbar drop per frame, as a drag does; the list may place rows, never move the thumb.
            if (dropped >= 0 && Math.abs(log.scrollTop - dropped) > 1) moves.push(log.scrollTop - dropped);
            if (++frames > 60) return resolve(moves);
            dropped = Math.round(((frames * 7919) % 60) * ((log.scrollHeight - log.clientHeight) / 61));
            log.scrollTop = dropped;
            requestAnimationFrame(frame);
          };
          requestAnimationFrame(frame);
        }),
    );
    expect(moved).toEqual([]);
  });

  it('shows the warning that the run passed 80% of its budget as one step', async () => {
    const page = await openPanel();
    await replayUntilApproval(page);
    const last = beforeApproval.at(-1)!;
    const warning = { runId: last.runId, seq: last.seq + 1, time: last.time, type: 'budget_warning', limit: 'run', spentUsd: 4.2, limitUsd: 5, setting: 'agent.budget.maxCostUsdPerRun' } as const;
    await sendToPanel(page, { type: 'append', events: [warning] } satisfies HostMessage);
    const row = page.getByRole('log').getByText('84% of this run’s budget spent: $4.20 of $5.00 (agent.budget.maxCostUsdPerRun)', { exact: false });
    await row.waitFor();
    expect(await row.count()).toBe(1);
    await row.scrollIntoViewIfNeeded();
    await shot(page, 'budget-warning');
  });

  it('stops one running sub-agent from its lane: posts stopSubagent with the lane id, and shows the lane stopped when it ends', async () => {
    const page = await openPanel();
    const stream = new ActivityStream('run-lanes');
    const lanes: ActivityEvent[] = [];
    stream.subscribe((e) => lanes.push(e));
    const usage = { inputTokens: 900, outputTokens: 100, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0.004 };
    stream.emit({ type: 'tool_call', toolUseId: 'tu-d', tool: 'use_subagent', input: { subagents: [] }, summary: 'Delegating to 2 sub-agents: reviewer, itself' });
    stream.emit({ type: 'subagent_started', subagentId: 'tu-d#1', agent: 'reviewer', query: 'Review src/list.ts for defects', model: 'claude-haiku-4-5', parentId: 'tu-d' });
    stream.emit({ type: 'subagent_started', subagentId: 'tu-d#2', agent: 'itself', query: 'Write tests for listTodos', model: 'claude-sonnet-4-5', parentId: 'tu-d' });
    await sendToPanel(page, { type: 'init', run: { ...run, runId: 'run-lanes', agent: 'team/orchestrator' }, state: running, events: lanes.splice(0), hasOlder: false } satisfies HostMessage);
    const stopReviewer = page.getByRole('button', { name: 'Stop sub-agent reviewer' });
    await stopReviewer.waitFor();
    // The run works as a custom agent: the header says which.
    await expect(page.getByRole('banner').textContent()).resolves.toMatch(/Agent\s*team\/orchestrator/);
    expect(await page.getByRole('button', { name: 'Stop sub-agent itself' }).count()).toBe(1);
    await shot(page, 'subagent-lanes-running');
    await stopReviewer.click();
    expect(await postedMessages(page)).toContainEqual({ type: 'stopSubagent', subagentId: 'tu-d#1' });
    // Only that lane: the run's own Stop was not asked for.
    expect(await postedMessages(page)).not.toContainEqual({ type: 'stop' });
    await page.getByRole('button', { name: 'Stop sub-agent reviewer' }).and(page.getByText('Stopping…')).waitFor();
    stream.emit({ type: 'subagent_finished', subagentId: 'tu-d#1', agent: 'reviewer', status: 'stopped', summary: 'Stopped before it finished: Stopped by the user.', usage, parentId: 'tu-d' });
    await sendToPanel(page, { type: 'append', events: lanes.splice(0) } satisfies HostMessage);
    await page.getByText('✗ stopped').waitFor();
    expect(await page.getByRole('button', { name: 'Stop sub-agent reviewer' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Stop sub-agent itself' }).isEnabled()).toBe(true);
  });

  it('shows the tasks of a run side by side as lanes: which are running, the one waiting to run again after a conflict, and how each ended', async () => {
    const page = await openPanel();
    const stream = new ActivityStream('run-side-by-side');
    const events: ActivityEvent[] = [];
    stream.subscribe((e) => events.push(e));
    const tasks = ['Write alpha', 'Write beta', 'Write gamma', 'Write delta'].map((title, i) => ({ spec: 'maths', id: String(i + 1), title }));
    stream.emit({ type: 'run_started', workspace: '/w', model: 'claude-sonnet-4-5', autonomy: 'balanced', mode: 'autonomous', tasks, sideBySide: { limit: 4 } });
    for (const task of tasks) stream.emit({ type: 'task_started', task });
    await sendToPanel(page, { type: 'init', run: { ...run, runId: 'run-side-by-side', task: 'maths' }, state: running, events: events.splice(0), hasOlder: false } satisfies HostMessage);
    const lanes = page.getByRole('banner').getByRole('region', { name: 'Tasks side by side' });
    const lane = (title: string) => lanes.getByRole('listitem').filter({ hasText: title });
    await lanes.getByText('Tasks side by side: 4 running, up to 4 at once').waitFor();
    // Several tasks are at work: the header names the run, not the task started last.
    await expect(page.getByRole('banner').getByRole('heading').textContent()).resolves.toBe('maths · 4 tasks side by side');

    stream.emit({ type: 'task_finished', task: tasks[0]!, status: 'done', summary: 'Task 1 complete.' });
    stream.emit({ type: 'task_rerun', task: tasks[3]!, files: ['src/list.js'], summary: 'Task 4 conflicts with changes merged into the workspace meanwhile, in src/list.js.' });
    await sendToPanel(page, { type: 'append', events: events.splice(0) } satisfies HostMessage);
    await lane('Write delta').getByText('conflict: waiting to run again').waitFor();
    await lanes.getByText('Tasks side by side: 2 running, up to 4 at once').waitFor();
    await expect(lane('Write alpha').textContent()).resolves.toMatch(/done$/);
    await expect(lane('Write beta').textContent()).resolves.toMatch(/running$/);
    await shot(page, 'tasks-side-by-side');

    stream.emit({ type: 'task_finished', task: tasks[1]!, status: 'done', summary: 'Task 2 complete.' });
    stream.emit({ type: 'task_finished', task: tasks[2]!, status: 'done', summary: 'Task 3 complete.' });
    stream.emit({ type: 'task_started', task: tasks[3]! });
    await sendToPanel(page, { type: 'append', events: events.splice(0) } satisfies HostMessage);
    await lane('Write delta').getByText('running again').waitFor();
    await lanes.getByText('Tasks side by side: 1 running, up to 4 at once').waitFor();

    stream.emit({ type: 'task_finished', task: tasks[3]!, status: 'failed', summary: 'Task 4 conflicts again.', conflict: { files: ['src/list.js'], kept: '.kiro/.specwright/worktrees/r-4' } });
    stream.emit({ type: 'run_finished', outcome: 'failed', summary: '3 of 4 tasks done (failed).', completedTasks: ['1', '2', '3'] });
    await sendToPanel(page, { type: 'append', events: events.splice(0) } satisfies HostMessage);
    await lane('Write delta').getByText('failed').waitFor();
    await expect(lanes.getByRole('listitem').allTextContents()).resolves.toEqual(['1 Write alpha done', '2 Write beta done', '3 Write gamma done', '4 Write delta failed']);
  });

  it('posts compact from Compact Conversation, waits for the compaction, and shows it as one step', async () => {
    const page = await openPanel();
    await replayUntilApproval(page);
    const button = page.getByRole('banner').getByRole('button', { name: 'Compact Conversation' });
    await button.click();
    expect(await postedMessages(page)).toContainEqual({ type: 'compact' });
    const waiting = page.getByRole('button', { name: 'Compacting…' });
    expect(await waiting.isDisabled()).toBe(true);
    await shot(page, 'compacting');
    const last = beforeApproval.at(-1)!;
    const compacted = { runId: last.runId, seq: last.seq + 1, time: last.time, type: 'context_compacted', reason: 'manual', tokensBefore: 48_000, tokensAfter: 9_500, contextWindow: 200_000, summarizedMessages: 14, droppedToolOutputs: 0, pinnedFiles: ['src/commands/list.ts'], summary: 'Listed todos.' } satisfies ActivityEvent;
    await sendToPanel(page, { type: 'append', events: [compacted] } satisfies HostMessage);
    await page.getByRole('log').getByText('Compacted the conversation on request: ~48k → ~9.5k tokens (14 messages summarised, 1 changed file kept in view)').waitFor();
    expect(await page.getByRole('log').getByText(/Compacted the conversation/).count()).toBe(1);
    await button.waitFor();
    expect(await button.isEnabled()).toBe(true);
    // Once the run is over there is nothing to compact.
    await finishRun(page);
    await page.getByText('Run completed').waitFor();
    expect(await page.getByRole('button', { name: /Compact Conversation|Compacting/ }).count()).toBe(0);
  });

  it('completes # to the steering documents with their descriptions, and sends the chosen name', async () => {
    const page = await openPanel();
    await replayUntilApproval(page);
    const choices = [
      { name: 'api-style', inclusion: 'manual', description: 'API style', source: '.kiro/steering/api-style.md' },
      { name: 'db', inclusion: 'auto', description: 'Database conventions: migrations and naming', source: '.kiro/steering/db.md' },
      { name: 'graph-api', inclusion: 'fileMatch', description: 'GraphQL schema', source: '.kiro/steering/graph-api.md' },
    ] as const;
    await sendToPanel(page, { type: 'mentionChoices', choices: [...choices] } satisfies HostMessage);
    const box = page.getByRole('combobox', { name: 'Message the agent' });
    await box.click();
    await page.keyboard.type('Follow #');
    const list = page.getByRole('listbox', { name: 'Steering documents to name' });
    await list.waitFor();
    await expect(list.getByRole('option').allInnerTexts()).resolves.toEqual([
      expect.stringMatching(/#api-style\s*manual\s*API style/),
      expect.stringMatching(/#db\s*auto\s*Database conventions: migrations and naming/),
      expect.stringMatching(/#graph-api\s*fileMatch\s*GraphQL schema/),
    ]);
    await shot(page, 'mention-completion');

    // Narrowing: "api" puts the name that starts with it first; the arrow moves to the next.
    await page.keyboard.type('api');
    await expect(list.getByRole('option').allInnerTexts()).resolves.toEqual([expect.stringContaining('#api-style'), expect.stringContaining('#graph-api')]);
    await page.keyboard.press('ArrowDown');
    await expect(list.getByRole('option', { selected: true }).innerText()).resolves.toContain('#graph-api');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await expect(box.inputValue()).resolves.toBe('Follow #api-style ');
    await expect(list.count()).resolves.toBe(0);

    // Escape closes the list, and only the list: the run is not stopped.
    await page.keyboard.type('and #d');
    await list.waitFor();
    await page.keyboard.press('Escape');
    await expect(list.count()).resolves.toBe(0);
    expect(await postedMessages(page)).not.toContainEqual({ type: 'stop' });
    // A click chooses too.
    await page.keyboard.press('Backspace');
    await page.keyboard.type('d');
    await list.getByRole('option', { name: /#db/ }).click();
    await page.keyboard.type('please.');
    await page.keyboard.press('Enter');
    expect(await postedMessages(page)).toContainEqual({ type: 'sendMessage', text: 'Follow #api-style and #db please.' });
    await expect(box.inputValue()).resolves.toBe('');
  });

  it('follows the theme: a light theme gives a light panel', async () => {
    const page = await openPanel('light');
    await replayUntilApproval(page);
    await finishRun(page);
    expect(await page.locator('body').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(255, 255, 255)');
    await shot(page, 'light-finished');
  });
});
