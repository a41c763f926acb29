import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic, type ScriptedTurn } from '../../support/fakeAnthropic';
import { codeLens, editorText, makeWorkspace, notification, panelFrame, runCommand, screenshot, showViewContainer, sideBarView, startVsCode, waitForEditorLine } from './harness';

const API_KEY = 'sk-ant-e2e-walkthrough-key';
/** The recorded model run of the example's task 1 (what `npm run demo` replays). */
const REPLAY = path.resolve(__dirname, '../../../examples/replays/todo-cli-task-1.json');

let fake: FakeAnthropic | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** A step of the Get Started walkthrough, by its id in package.json. */
const step = (page: Page, id: string) => page.locator(`button.getting-started-step[data-step-id$="#${id}"]`);
const stepDone = (page: Page, id: string) => step(page, id).locator('[role="checkbox"][aria-checked="true"]');

/** Brings the walkthrough's editor tab to the front (the run opens editors and the panel over it). */
async function showWalkthrough(page: Page) {
  const deadline = Date.now() + 30_000;
  while (!(await step(page, 'apiKey').isVisible())) {
    if (Date.now() > deadline) throw new Error('the walkthrough tab could not be brought to the front');
    await page.locator('.tabs-container .tab', { hasText: 'Walkthrough' }).first().click({ timeout: 2_000 }).catch(() => undefined);
    await page.waitForTimeout(300);
  }
}

async function openStep(page: Page, id: string) {
  await showWalkthrough(page);
  await step(page, id).click();
}

async function expectDone(page: Page, id: string) {
  await showWalkthrough(page);
  await stepDone(page, id).waitFor({ timeout: 60_000 });
}

describe('the Get Started walkthrough', () => {
  it('takes an empty folder to a finished first task, each step ticking itself when done', async () => {
    const turns = (JSON.parse(readFileSync(REPLAY, 'utf8')) as { turns: ScriptedTurn[] }).turns;
    fake = await startFakeAnthropic(turns, { apiKey: API_KEY });
    const workspace = makeWorkspace({});
    // No key in the environment: the walkthrough's first step sets it.
    const { page } = await startVsCode({ workspace, env: { ANTHROPIC_BASE_URL: fake.url } });

    // The command opens a second pick in the same widget, so it is driven by keys rather than runCommand.
    const input = page.locator('.quick-input-widget input.input');
    await page.keyboard.press('F1');
    await input.fill('>Welcome: Open Walkthrough...');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Open Walkthrough' }).first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Get started with Specwright' }).first().click({ timeout: 30_000 });
    await step(page, 'apiKey').waitFor({ timeout: 30_000 });
    for (const id of ['apiKey', 'spec', 'task', 'activity', 'autonomy', 'setup']) await expect(stepDone(page, id).count()).resolves.toBe(0);
    await screenshot(page, 'walkthrough--start');

    // 1. The key, through the step's own button and VS Code's input box.
    await openStep(page, 'apiKey');
    await step(page, 'apiKey').locator('..').getByRole('button', { name: 'Set API Key' }).click();
    await input.waitFor({ timeout: 30_000 });
    await input.fill(API_KEY);
    await page.keyboard.press('Enter');
    await expectDone(page, 'apiKey');

    // 2. The bundled example, copied into the empty folder; its tasks open.
    await openStep(page, 'spec');
    await step(page, 'spec').locator('..').getByRole('button', { name: 'Open Example' }).click();
    await waitForEditorLine(page, /^- \[ \] 1\. Implement `addTodo`/, { file: 'tasks.md' });
    expect(readFileSync(path.join(workspace, 'package.json'), 'utf8')).toContain('"name": "todo-app"');
    await expectDone(page, 'spec');

    // 3 and 4. The first task, from its CodeLens, on the recorded model run; the panel shows it.
    await page.locator('.tabs-container .tab', { hasText: 'tasks.md' }).first().click();
    await codeLens(page, /Execute with Agent/).first().click({ timeout: 60_000 });
    await panelFrame(page).getByText(/Task 1 done/).waitFor({ timeout: 120_000 });
    await screenshot(page, 'walkthrough--task-done');
    expect(readFileSync(path.join(workspace, '.kiro/specs/todo-cli/tasks.md'), 'utf8')).toMatch(/^- \[x\] 1\. Implement `addTodo`/m);
    await expectDone(page, 'task');
    await expectDone(page, 'activity');

    // 5. The autonomy level, from the palette: the step ticks however the level was chosen (the
    //    walkthrough's own button works the same, but under load its focus changes can close the pick).
    await runCommand(page, 'Specwright: Set Autonomy Level');
    await input.waitFor({ timeout: 30_000 });
    await input.fill('Balanced');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.statusbar').innerText(), { timeout: 30_000 }).toMatch(/Balanced/);
    await expectDone(page, 'autonomy');

    // 6. Check Setup: the key from the secret store is accepted by the (fake) endpoint.
    await openStep(page, 'setup');
    await step(page, 'setup').locator('..').getByRole('button', { name: 'Check Setup' }).click();
    await notification(page, /Specwright: (the setup is ready|.*problem)/).first().waitFor({ timeout: 60_000 });
    expect(fake.requests.filter((r) => r.method === 'GET').map((r) => `${r.method} ${r.path} ${r.headers['x-api-key'] === API_KEY || r.headers.authorization === `Bearer ${API_KEY}` ? 'with the key' : 'without the key'}`)).toEqual(['GET /v1/models with the key']);
    await expectDone(page, 'setup');
    await screenshot(page, 'walkthrough--done');

    // The Specs view: the example spec with its progress.
    await showViewContainer(page, 'Specwright');
    await sideBarView(page, 'specwright', 'Specs').getByText('todo-cli').first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'walkthrough--specs-view');
  });

  it('offers New Spec and Open Example in the Specs view of a folder without .kiro, and both buttons work', async () => {
    const workspace = makeWorkspace({ 'package.json': '{ "name": "mine" }\n' });
    const { page } = await startVsCode({ workspace });
    await showViewContainer(page, 'Specwright');
    const specs = sideBarView(page, 'specwright', 'Specs');
    const welcome = specs.locator('.welcome-view-content');
    await welcome.getByText(/No specs yet/).waitFor({ timeout: 60_000 });
    await screenshot(page, 'specs-view--welcome');

    // New Spec: its first question opens; cancelled, nothing is written.
    await welcome.locator('.monaco-button', { hasText: 'New Spec' }).click();
    await page.locator('.quick-input-widget:visible .quick-input-title', { hasText: 'Specwright: New Spec (1/4)' }).waitFor({ timeout: 30_000 });
    await page.keyboard.press('Escape');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 30_000 });
    expect(existsSync(path.join(workspace, '.kiro'))).toBe(false);

    // Open Example: the bundled example is copied in (the folder's own package.json kept), its tasks open and the view lists its spec.
    await welcome.locator('.monaco-button', { hasText: 'Open Example' }).click();
    await waitForEditorLine(page, /^- \[ \] 1\. Implement `addTodo`/, { file: 'tasks.md' });
    expect(await editorText(page)).toMatch(/^# Implementation Plan/m);
    expect(readFileSync(path.join(workspace, 'package.json'), 'utf8')).toBe('{ "name": "mine" }\n');
    expect(existsSync(path.join(workspace, '.kiro/specs/todo-cli/requirements.md'))).toBe(true);
    await specs.getByText('todo-cli').first().waitFor({ timeout: 30_000 });
    await welcome.waitFor({ state: 'hidden', timeout: 30_000 });
  });
});
