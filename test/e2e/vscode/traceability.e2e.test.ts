import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { bash, say, startFakeModel, write } from './fakeModel';
import { activeEditorTab, codeLens, mathsProject, openFile, panelFrame, pickItem, screenshot, showViewContainer, sideBarView, startVsCode, WORKING_SUM } from './harness';

/** The maths project's test, named after the criterion it covers (line 5). */
const SUM_TEST = "const test = require('node:test');\nconst assert = require('node:assert');\nconst { sum } = require('../src/sum');\n\ntest('1.1: sum adds two numbers', () => assert.strictEqual(sum(1, 2), 3));\n";

const row = (view: Locator, text: string | RegExp): Locator => view.locator('.monaco-list-row', { hasText: text }).first();

async function expand(item: Locator): Promise<void> {
  await item.waitFor({ timeout: 30_000 });
  if ((await item.getAttribute('aria-expanded')) === 'false') await item.locator('.monaco-tl-twistie').click();
  await expect.poll(() => item.getAttribute('aria-expanded'), { timeout: 10_000 }).toBe('true');
}

/** Five views share the side bar: fold the ones this test does not look at, so the rows it does fit. */
async function fold(page: Page, ...views: string[]): Promise<void> {
  for (const name of views) {
    const header = sideBarView(page, 'specwright', name).locator('.pane-header');
    if ((await header.getAttribute('aria-expanded')) === 'true') await header.click();
  }
}

const cursorAt = (page: Page, line: number) => page.locator('.statusbar-item', { hasText: new RegExp(`Ln ${line}, Col 1\\b`) }).first();

describe('traceability in VS Code', () => {
  it('the Traceability view follows a real run from unimplemented to covered and opens each link at its line; an edit to what the task wrote marks it drifting in both views until Accept Drift', async () => {
    const { env } = await startFakeModel([write('src/sum.js', WORKING_SUM), bash('npm test'), say('Implemented sum; its test passes.')]);
    const workspace = mathsProject({ 'test/sum.test.js': SUM_TEST });
    const { page } = await startVsCode({ workspace, env, settings: { 'specwright.autonomyLevel': 'full' } });
    await showViewContainer(page, 'Specwright');
    await fold(page, 'Agent Runs', 'Hooks', 'Steering');
    const view = sideBarView(page, 'specwright', 'Traceability');

    // Before any run: a test names 1.1, but no task citing it is done.
    const criterion = row(view, '1.1 WHEN sum is called with two numbers');
    await expect.poll(() => criterion.innerText(), { timeout: 60_000 }).toMatch(/unimplemented/);
    await expect.poll(() => row(view, 'maths').innerText(), { timeout: 30_000 }).toMatch(/1 unimplemented/);

    await openFile(page, '.kiro/specs/maths/tasks.md');
    await codeLens(page, /Execute with Agent/).first().click({ timeout: 60_000 });
    await panelFrame(page).getByText(/Task 1 done/).waitFor({ timeout: 90_000 });

    // The run's end refreshes the view: done, with the file it wrote and the test that names it.
    await expect.poll(() => criterion.innerText(), { timeout: 30_000 }).toMatch(/covered/);
    await expect.poll(() => row(view, 'maths').innerText(), { timeout: 30_000 }).toMatch(/1 covered/);
    await expand(criterion);
    const task = row(view, '1 Implement sum');
    const file = row(view, 'src/sum.js');
    const test = row(view, '1.1: sum adds two numbers');
    await expect.poll(() => task.innerText(), { timeout: 30_000 }).toMatch(/task · done/);
    await expect(row(view, '2 Document sum').innerText()).resolves.toMatch(/task · to do/);
    await expect(file.innerText()).resolves.toMatch(/file · task 1/);
    await expect(test.innerText()).resolves.toMatch(/test · test\/sum\.test\.js:5/);
    await screenshot(page, 'traceability--covered');

    await test.click();
    await activeEditorTab(page, 'sum.test.js').waitFor({ timeout: 30_000 });
    await cursorAt(page, 5).waitFor({ timeout: 15_000 });
    await file.click();
    await activeEditorTab(page, 'sum.js').waitFor({ timeout: 30_000 });
    await task.click();
    await activeEditorTab(page, 'tasks.md').waitFor({ timeout: 30_000 });
    await cursorAt(page, 3).waitFor({ timeout: 15_000 });
    await criterion.click();
    await activeEditorTab(page, 'requirements.md').waitFor({ timeout: 30_000 });
    await cursorAt(page, 15).waitFor({ timeout: 15_000 });

    // Someone else rewrites the line the task wrote: the Specs view marks the spec and the task.
    const sum = path.join(workspace, 'src/sum.js');
    writeFileSync(sum, readFileSync(sum, 'utf8').replace('return a + b;', 'return b + a;'));
    const specs = sideBarView(page, 'specwright', 'Specs');
    const maths = row(specs, 'maths');
    await expect.poll(() => maths.innerText(), { timeout: 30_000 }).toMatch(/1 drifting/);
    await expand(maths);
    await expand(row(specs, 'tasks.md'));
    const drifting = row(specs, '1 Implement sum');
    await expect.poll(() => drifting.innerText(), { timeout: 30_000 }).toMatch(/done · drifting/);
    await expect(drifting.getAttribute('aria-label')).resolves.toMatch(/drifting/);
    await expect(row(specs, '2 Document sum').innerText()).resolves.not.toMatch(/drifting/);
    // The Traceability view marks the task under its criterion too.
    await expect.poll(() => task.innerText(), { timeout: 30_000 }).toMatch(/task · done · drifting/);
    await screenshot(page, 'traceability--drifting');

    // Accept Drift (inline on the task): the code as it is now is the task's baseline; both views clear the mark.
    await drifting.hover();
    await drifting.getByRole('button', { name: 'Accept Drift' }).click();
    await expect.poll(() => drifting.innerText(), { timeout: 30_000 }).not.toMatch(/drifting/);
    await expect.poll(() => maths.innerText(), { timeout: 30_000 }).not.toMatch(/drifting/);
    await expect.poll(() => task.innerText(), { timeout: 30_000 }).not.toMatch(/drifting/);
  });

  it('Link Files to Task… on a task done by hand: the picked file goes on its _Files: line and under its criterion in the Traceability view', async () => {
    const { page, workspace } = await startVsCode({ workspace: mathsProject({ 'src/sum.js': WORKING_SUM }) });
    await showViewContainer(page, 'Specwright');
    await fold(page, 'Agent Runs', 'Hooks', 'Steering');
    const view = sideBarView(page, 'specwright', 'Traceability');
    const criterion = row(view, '1.1 WHEN sum is called with two numbers');
    await expect.poll(() => criterion.innerText(), { timeout: 60_000 }).toMatch(/unimplemented/);

    const specs = sideBarView(page, 'specwright', 'Specs');
    await expand(row(specs, 'maths'));
    await expand(row(specs, 'tasks.md'));
    await row(specs, '1 Implement sum').click({ button: 'right' });
    // The menu acts on the item it highlights: hover it, then Enter (a click right after opening is taken for the opening one).
    await page.locator('.context-view .action-label', { hasText: 'Link Files to Task…' }).first().hover();
    await page.keyboard.press('Enter');
    await pickItem(page, 'Specwright: Link Files to Task 1', 'src/sum.js');
    await page.locator('.quick-input-widget .monaco-button', { hasText: 'OK' }).first().click();

    await expect.poll(() => readFileSync(path.join(workspace, '.kiro/specs/maths/tasks.md'), 'utf8'), { timeout: 30_000 }).toContain('  - _Requirements: 1.1_\n  - _Files: src/sum.js_\n');
    // Implemented by the linked file, and no test names 1.1 yet.
    await expect.poll(() => criterion.innerText(), { timeout: 30_000 }).toMatch(/untested/);
    await expand(criterion);
    await expect.poll(() => row(view, 'src/sum.js').innerText(), { timeout: 30_000 }).toMatch(/linked · task 1/);
    await screenshot(page, 'traceability--linked');
  });
});
