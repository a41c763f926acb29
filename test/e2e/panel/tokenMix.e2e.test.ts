import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../../../src/core/activity';
import type { HostMessage, RunState } from '../../../src/shared/panelMessages';
import { sendToPanel } from './panelHarness';
import { panelPages } from './panelPages';
import type { ThemeKind } from './vscodeTheme';

const RUN_ID = '20261204T160000Z-mix';
const startedAt = '2026-12-04T16:00:00.000Z';
const run = { runId: RUN_ID, task: 'todo-cli · 2.1 Add the list command', autonomy: 'balanced', model: 'claude-sonnet-4-5' };
const state = (mix: NonNullable<RunState['mix']>): RunState => ({ status: 'running', tokens: mix.cacheRead + mix.cacheWrite + mix.input + mix.output, mix, costUsd: 0.05, startedAt });
const started: ActivityEvent = { runId: RUN_ID, seq: 0, time: startedAt, type: 'run_started', workspace: '/home/dev/todo', model: 'claude-sonnet-4-5', autonomy: 'balanced', mode: 'autonomous', tasks: [] };

const pages = panelPages();

const openPanel = (theme: ThemeKind = 'dark'): Promise<Page> => pages.open({ theme, height: 700 });

/** Each part's share of the bar's width in percent (to within the pixel a 64 px bar rounds to), and its colour, by kind. */
async function parts(page: Page): Promise<Record<string, { share: number; colour: string }>> {
  return page.getByRole('img', { name: /^Token mix/ }).evaluate((bar) => {
    const whole = bar.getBoundingClientRect().width;
    return Object.fromEntries(
      [...bar.querySelectorAll<HTMLElement>('[data-kind]')].map((part) => [part.dataset.kind!, { share: (part.getBoundingClientRect().width / whole) * 100, colour: getComputedStyle(part).backgroundColor }]),
    );
  });
}

describe('the run header’s token mix bar', () => {
  it('shows cache reads, cache writes, fresh input and output as one bar, its numbers in its label and tooltip, in the theme’s chart colours', async () => {
    const page = await openPanel();
    await sendToPanel(page, { type: 'init', run, state: state({ cacheRead: 30_000, cacheWrite: 5_000, input: 3_000, output: 2_000 }), events: [started], hasOlder: false } satisfies HostMessage);
    const bar = page.getByRole('banner').getByRole('img', { name: 'Token mix: 30k cache reads, 5k cache writes, 3k fresh input, 2k output' });
    await bar.waitFor();
    expect(await bar.getAttribute('title')).toBe(
      ['Cache reads: 30,000 tokens (75%)', 'Cache writes: 5,000 tokens (13%)', 'Fresh input: 3,000 tokens (8%)', 'Output: 2,000 tokens (5%)'].join('\n'),
    );
    const around = (share: number) => expect.toSatisfy((actual: number) => Math.abs(actual - share) < 2);
    expect(await parts(page)).toEqual({
      cacheRead: { share: around(75), colour: 'rgb(137, 209, 133)' },
      cacheWrite: { share: around(12.5), colour: 'rgb(209, 134, 22)' },
      input: { share: around(7.5), colour: 'rgb(55, 148, 255)' },
      output: { share: around(5), colour: 'rgb(177, 128, 215)' },
    });
    await expect(page.getByRole('banner').textContent()).resolves.toMatch(/Tokens40k/);
  });

  it('follows the run: a usage step and the host’s totals move it, a kind with no tokens has no part', async () => {
    const page = await openPanel('light');
    await sendToPanel(page, { type: 'init', run, state: state({ cacheRead: 0, cacheWrite: 4_000, input: 1_000, output: 0 }), events: [started], hasOlder: false } satisfies HostMessage);
    await page.getByRole('img', { name: 'Token mix: 0 cache reads, 4k cache writes, 1k fresh input, 0 output' }).waitFor();
    expect(Object.keys(await parts(page))).toEqual(['cacheWrite', 'input']);
    const total = { inputTokens: 1_500, outputTokens: 500, cacheReadTokens: 4_000, cacheWriteTokens: 4_000, costUsd: 0.02 };
    const usage: ActivityEvent = { runId: RUN_ID, seq: 1, time: startedAt, type: 'usage', step: 2, usage: total, total };
    await sendToPanel(page, { type: 'append', events: [usage] } satisfies HostMessage);
    await page.getByRole('img', { name: 'Token mix: 4k cache reads, 4k cache writes, 1.5k fresh input, 500 output' }).waitFor();
    const cacheRead = (await parts(page)).cacheRead!;
    expect(cacheRead.colour).toBe('rgb(56, 138, 52)');
    expect(Math.abs(cacheRead.share - 40)).toBeLessThan(2);
    await sendToPanel(page, { type: 'runState', tokens: 100_000, mix: { cacheRead: 90_000, cacheWrite: 4_000, input: 4_000, output: 2_000 } } satisfies HostMessage);
    await page.getByRole('img', { name: 'Token mix: 90k cache reads, 4k cache writes, 4k fresh input, 2k output' }).waitFor();
    expect(Math.abs((await parts(page)).cacheRead!.share - 90)).toBeLessThan(2);
  });

  it('shows no bar before any tokens were spent', async () => {
    const page = await openPanel();
    await sendToPanel(page, { type: 'init', run, state: state({ cacheRead: 0, cacheWrite: 0, input: 0, output: 0 }), events: [started], hasOlder: false } satisfies HostMessage);
    await page.getByRole('banner').getByText('Tokens').waitFor();
    expect(await page.getByRole('img', { name: /^Token mix/ }).count()).toBe(0);
  });
});
