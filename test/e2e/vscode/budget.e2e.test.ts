import { describe, expect, it } from 'vitest';
import type { ScriptedTurn } from '../../support/fakeAnthropic';
import { bash, say, startFakeModel, write } from './fakeModel';
import { codeLens, mathsProject, openFile, panelFrame, screenshot, showViewContainer, sideBarView, startVsCode, statusBarItem, WORKING_SUM } from './harness';

const MODEL = 'claude-sonnet-5-5';
/** Every step costs exactly $1: 1,000 fresh input tokens at $1,000 per million, nothing else billed. */
const DOLLAR = { input_tokens: 1_000, output_tokens: 1, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 };
const PRICES = { [MODEL]: { inputPerMTok: 1_000, outputPerMTok: 0, cacheReadPerMTok: 0, cacheWritePerMTok: 0 } };
const costly = (turn: ScriptedTurn): ScriptedTurn => ({ ...turn, usage: DOLLAR });

describe('budgets in VS Code', () => {
  it('the run status bar item turns to the warning colour once the run passes 80% of specwright.budget.maxCostPerRunUsd, and the panel says so', async () => {
    const { env } = await startFakeModel([costly(write('src/sum.js', WORKING_SUM)), costly(bash('npm test')), costly(say('Implemented sum.'))]);
    const workspace = mathsProject({ '.kiro/settings.json': JSON.stringify({ model: { prices: PRICES } }) });
    const { page } = await startVsCode({
      workspace,
      env: { ...env, SPECWRIGHT_MODEL: MODEL },
      settings: { 'specwright.autonomyLevel': 'full', 'specwright.budget.maxCostPerRunUsd': 3.5 },
    });
    await openFile(page, '.kiro/specs/maths/tasks.md');
    const lens = codeLens(page, /Execute with Agent/).first();
    await lens.waitFor({ timeout: 60_000 });
    await lens.click();

    const panel = panelFrame(page);
    await panel.getByText(/Task 1 done/).waitFor({ timeout: 60_000 });
    // $3 of $3.50 after the third step: warned once, in the panel and in the status bar.
    const warning = '85% of this run’s budget spent: $3.00 of $3.50 (agent.budget.maxCostUsdPerRun)';
    await expect(panel.getByRole('log').innerText()).resolves.toContain(warning);
    const item = statusBarItem(page, /this run’s budget spent/);
    await item.waitFor({ timeout: 30_000 });
    // The text ends with the warning (after a $(warning) icon).
    await expect(item.innerText()).resolves.toMatch(/\$3\.00 ·\s+85% of run budget$/);
    await page.locator('.statusbar-item.warning-kind').filter({ hasText: '85% of run budget' }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'budget--run-warning');

    // The Usage view counts the run: today, the week, the spec and its task.
    await showViewContainer(page, 'Specwright');
    const usage = sideBarView(page, 'specwright', 'Usage');
    await usage.locator('.pane-header').click();
    const row = (label: string) => usage.locator('.monaco-list-row', { hasText: label }).first();
    await expect.poll(() => row('Today').innerText(), { timeout: 30_000 }).toMatch(/Today\s*\$3\.00 · 3k tokens/);
    await expect(row('Last 7 days').innerText()).resolves.toMatch(/\$3\.00/);
    await expect(row('maths').innerText()).resolves.toMatch(/maths\s*\$3\.00/);
    await row('maths').click();
    await expect.poll(() => row('Implement sum').innerText(), { timeout: 10_000 }).toMatch(/1 Implement sum\s*\$3\.00/);
    await screenshot(page, 'budget--usage-view');
  });
});
