import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { messageRequests, promptOf, say, startFakeModel } from './fakeModel';
import {
  activeEditorTab,
  answerInput,
  closeEditorTab,
  dialogButton,
  extensionHostPids,
  mathsProject,
  modalDialog,
  openFile,
  panelFrame,
  processesWithArgv,
  runCommand,
  screenshot,
  showViewContainer,
  sideBarView,
  startVsCode,
} from './harness';

const NOTES = 'docs/notes.md';
const DESCRIPTION = 'when a Markdown file under docs/ is saved, say which one';
const DRAFTED_HOOK = {
  version: 'v1',
  hooks: [
    {
      name: 'Echo saved notes',
      description: 'Says which note was saved.',
      trigger: 'PostFileSave',
      matcher: '^docs/.*\\.md$',
      action: { type: 'command', command: 'echo "saved $KIRO_HOOK_PATHS"' },
      enabled: true,
      source: 'user',
    },
  ],
};

/**
 * Types a line at the end of the editor just opened (the active group's: the panel may sit in
 * another group, beside an editor of its own) and saves it, as a person does. (Markdown files: a
 * .js file would start the TypeScript server, seconds of CPU.)
 */
async function editAndSave(page: Page, line: string): Promise<void> {
  await page.locator('.editor-group-container.active .editor-instance .monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(`\n${line}`);
  await page.keyboard.press('Control+S');
}

/** The hook's row in the visible Agent Activity panel. */
const hookRow = (page: Page, name: string) => panelFrame(page).locator('.sw-step', { hasText: `Hook ${name}` }).first();

describe('hooks in VS Code', () => {
  it('Create Hook from a description; a save fires it, its run is in the panel, and stays there after the panel and the window close', async () => {
    const { fake, env } = await startFakeModel([say(JSON.stringify(DRAFTED_HOOK))]);
    const { page, workspace } = await startVsCode({ workspace: mathsProject({ [NOTES]: '# Notes\n' }), env });

    await runCommand(page, 'Specwright: Create Hook');
    await answerInput(page, 'Specwright: Create Hook', DESCRIPTION);
    const confirm = modalDialog(page, /save the hook "Echo saved notes"/);
    await confirm.waitFor({ timeout: 60_000 });
    await expect(confirm.innerText()).resolves.toMatch(/Trigger: PostFileSave matching \/\^docs\/\.\*\\\.md\$\//);
    await screenshot(page, 'hookFlow--confirm');
    await dialogButton(confirm, 'Save Hook').click();

    await activeEditorTab(page, 'echo-saved-notes.json').waitFor({ timeout: 30_000 });
    expect(JSON.parse(readFileSync(path.join(workspace, '.kiro/hooks/echo-saved-notes.json'), 'utf8'))).toEqual(DRAFTED_HOOK);
    expect(promptOf(messageRequests(fake)[0]!)).toContain(DESCRIPTION);
    await showViewContainer(page, 'Specwright');
    await sideBarView(page, 'specwright', 'Hooks').locator('.monaco-list-row', { hasText: 'Echo saved notes' }).waitFor({ timeout: 30_000 });

    // The panel, opened before anything ran, shows the hook run once the save starts it.
    await runCommand(page, 'Specwright: Open Agent Activity');
    const panel = panelFrame(page);
    await panel.getByText(/No agent run yet/).waitFor({ timeout: 30_000 });
    await openFile(page, NOTES);
    await editAndSave(page, 'Saved in the editor.');
    await expect.poll(() => readFileSync(path.join(workspace, NOTES), 'utf8'), { timeout: 30_000 }).toContain('Saved in the editor.');
    await panel.getByRole('heading', { name: 'Hooks' }).waitFor({ timeout: 30_000 });
    const row = hookRow(page, 'Echo saved notes');
    await expect.poll(() => row.innerText(), { timeout: 30_000 }).toMatch(/on PostFileSave[\s\S]*✓ done/);
    // The hook's command is folded under its run, credited to the hook.
    await row.getByRole('button', { name: '1 hook step' }).click();
    await expect(panel.locator('.sw-step', { hasText: 'echo "saved $KIRO_HOOK_PATHS"' }).locator('.sw-actor').innerText()).resolves.toBe('Hook');
    await row.getByRole('button', { name: /output of hook/ }).click();
    await expect.poll(() => row.innerText()).toMatch(/saved docs\/notes\.md/);
    await screenshot(page, 'hookFlow--hook-run');

    // Closed and opened again: the Hooks transcript is still what the panel shows.
    await closeEditorTab(page, 'Agent Activity');
    await runCommand(page, 'Specwright: Open Agent Activity');
    await expect.poll(() => hookRow(page, 'Echo saved notes').innerText(), { timeout: 30_000 }).toMatch(/✓ done/);

    // A new window (a new extension host), with no editor open: it is read back from the hooks log.
    const hostsBefore = extensionHostPids();
    expect(hostsBefore).toHaveLength(1);
    await runCommand(page, 'View: Close All Editors');
    await page.reload();
    await page.locator('.statusbar').waitFor({ timeout: 60_000 });
    await runCommand(page, 'Specwright: Open Agent Activity');
    await expect.poll(() => hookRow(page, 'Echo saved notes').innerText(), { timeout: 30_000 }).toMatch(/on PostFileSave[\s\S]*✓ done/);
    expect(extensionHostPids()).not.toContain(hostsBefore[0]);
    await screenshot(page, 'hookFlow--after-reload');
  });

  it('Stop Hooks in the panel stops a running hook: its command dies and the panel says so', async () => {
    const seconds = `40.${process.pid}${Math.floor(Math.random() * 1000)}`; // an argv no other process on the machine has
    const slowHook = {
      version: 'v1',
      hooks: [{ name: 'Slow check', trigger: 'PostFileSave', matcher: '^docs/', action: { type: 'command', command: `sleep ${seconds}; echo late > late.txt` }, source: 'user' }],
    };
    const { page, workspace } = await startVsCode({ workspace: mathsProject({ [NOTES]: '# Notes\n', '.kiro/hooks/slow-check.json': JSON.stringify(slowHook, null, 2) }) });
    // The Hooks view lists the hook once the extension has loaded (and, the folder being trusted, armed) it.
    await showViewContainer(page, 'Specwright');
    await sideBarView(page, 'specwright', 'Hooks').locator('.monaco-list-row', { hasText: 'Slow check' }).waitFor({ timeout: 60_000 });
    await openFile(page, NOTES);
    await editAndSave(page, 'Fire the slow hook.');
    await expect.poll(() => processesWithArgv(['sleep', seconds]).length, { timeout: 30_000 }).toBe(1);

    await runCommand(page, 'Specwright: Open Agent Activity');
    const panel = panelFrame(page);
    const stop = panel.getByRole('button', { name: 'Stop Hooks' });
    await stop.waitFor({ timeout: 30_000 });
    await expect(hookRow(page, 'Slow check').innerText()).resolves.toMatch(/running/);
    await screenshot(page, 'hookFlow--slow-hook-running');
    await stop.click();

    await expect.poll(() => processesWithArgv(['sleep', seconds]).length, { timeout: 15_000 }).toBe(0);
    await expect.poll(() => hookRow(page, 'Slow check').innerText(), { timeout: 15_000 }).toMatch(/✗ failed[\s\S]*\(stopped\)/);
    await expect(panel.getByRole('status').innerText()).resolves.toMatch(/Stopped/);
    expect(existsSync(path.join(workspace, 'late.txt'))).toBe(false);
    await screenshot(page, 'hookFlow--slow-hook-stopped');
  });
});
