import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  activeEditorTab,
  answerInput,
  centreNotification,
  dialogButton,
  hideNotificationCentre,
  mathsProject,
  modalDialog,
  notificationButton,
  pickItem,
  runCommand,
  screenshot,
  showViewContainer,
  sideBarView,
  startVsCode,
  statusBarItem,
} from './harness';
import { REPO_ROOT } from './paths';

const GUIDE = '# Guide\n\n## Proxy\n\nBehind a proxy, set HTTPS_PROXY before installing the zeppelin client.\n';
const SETUP = '# Setup\n\nRun the installer, then restart the terminal.\n';
const STORE = '.kiro/.specwright/knowledge/bases.json';

/** The registry as the core wrote it. */
const bases = (workspace: string) => (JSON.parse(readFileSync(path.join(workspace, STORE), 'utf8')) as { bases: Array<{ id: string; name: string; files: number; updatedAt: string }> }).bases;

/** The Knowledge section's row of a base, by its name. */
const baseRow = (view: Locator, page: Page, name: string) =>
  view.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${name}$`) }) }).first();

/** The views this test does not look at, folded so the Steering view's rows fit. */
async function foldOthers(page: Page): Promise<void> {
  for (const name of ['Specs', 'Agent Runs', 'Traceability', 'Hooks', 'Usage', 'MCP Servers']) {
    const header = sideBarView(page, 'specwright', name).locator('.pane-header');
    if ((await header.count()) && (await header.getAttribute('aria-expanded')) === 'true') await header.click();
  }
}

/** A row's context-menu item (the menu acts on Enter on the item under the pointer). */
async function contextMenu(page: Page, row: Locator, item: string): Promise<void> {
  await row.click({ button: 'right' });
  await page.locator('.monaco-menu .action-label', { hasText: item }).first().hover();
  await page.keyboard.press('Enter');
}

/**
 * Answers VS Code's own folder picker (code-server's is the simple dialog, a quick input). The dialog
 * first reads its default folder and then writes that folder into the input: a path typed before
 * that is overwritten, and OK then picks the default. So: wait for the default folder's listing, type
 * the path, wait until the dialog lists that folder (`sibling`, a folder next to it, gone from the
 * list), then press OK until the dialog takes it (it ignores the button while it reads).
 */
async function pickFolder(page: Page, title: RegExp, folder: string, sibling: string): Promise<void> {
  const dialog = page.locator('.quick-input-widget:visible', { has: page.locator('.quick-input-title', { hasText: title }) });
  await dialog.waitFor({ timeout: 30_000 });
  const rowNamed = (name: string) => dialog.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${name.replace(/\./g, '\\.')}$`) }) });
  const input = dialog.locator('input.input');
  await expect.poll(async () => (await rowNamed(sibling).count()) > 0 && (await input.inputValue()).endsWith('/'), { timeout: 30_000, interval: 200 }).toBe(true);
  await input.fill(folder + '/');
  await expect
    .poll(async () => (await input.inputValue()) === folder + '/' && (await rowNamed('..').count()) > 0 && (await rowNamed(sibling).count()) === 0, { timeout: 30_000, interval: 200 })
    .toBe(true);
  await expect
    .poll(
      async () => {
        if (!(await dialog.isVisible())) return true;
        await dialog.locator('.quick-input-action .monaco-button, .monaco-button', { hasText: 'Index Folder' }).first().click({ timeout: 2_000 }).catch(() => undefined);
        return !(await dialog.isVisible());
      },
      { timeout: 30_000, interval: 500 },
    )
    .toBe(true);
}

const localTime = (iso: string) => new Date(iso).toTimeString().slice(0, 8);

describe('the Knowledge section of the Steering view', () => {
  it('adds a folder, lists it with its counts, reindexes an edit, searches and opens a passage, follows the CLI, offers the fix for a missing folder, and removes a base without touching its files', async () => {
    const { page, workspace } = await startVsCode({
      workspace: mathsProject({ 'docs/guide.md': GUIDE, 'docs/setup.md': SETUP, 'notes/todo.md': '# Todo\n\nCall the airship people.\n' }),
    });
    await showViewContainer(page, 'Specwright');
    await foldOthers(page);
    const view = sideBarView(page, 'specwright', 'Steering');

    // Add Knowledge Base…: the folder picker, the name (the folder's by default), the index kind.
    await runCommand(page, 'Specwright: Add Knowledge Base…');
    await pickFolder(page, /Add Knowledge Base: the folder to index/, path.join(workspace, 'docs'), 'notes');
    await answerInput(page, /Add Knowledge Base: name/, 'docs');
    await pickItem(page, /how to index "docs"/, 'best');

    const row = baseRow(view, page, 'docs');
    await expect.poll(() => row.innerText().catch(() => ''), { timeout: 60_000 }).toMatch(/docs\s*2 files, \d+ chunks · best · indexed \d\d:\d\d:\d\d/);
    const [added] = bases(workspace);
    expect(added).toMatchObject({ name: 'docs', files: 2 });
    await expect(row.innerText()).resolves.toContain(`indexed ${localTime(added!.updatedAt)}`);
    await expect(view.locator('.monaco-list-row', { hasText: 'Knowledge' }).first().innerText()).resolves.toMatch(/1 base/);
    await screenshot(page, 'knowledgeView--added');

    // An edit, then Reindex (inline): the counts and the time change.
    writeFileSync(path.join(workspace, 'docs/quotas.md'), '# Quotas\n\nEach key has a daily quota of airships.\n');
    await row.hover();
    await row.locator('.action-label[aria-label="Reindex Knowledge Base"]').click();
    await expect.poll(() => row.innerText(), { timeout: 60_000 }).toMatch(/docs\s*3 files, /);
    const [reindexed] = bases(workspace);
    expect(reindexed!.updatedAt > added!.updatedAt).toBe(true);
    await expect(row.innerText()).resolves.toContain(`indexed ${localTime(reindexed!.updatedAt)}`);

    // Search Knowledge…: the passages; the picked one opens at its lines.
    await runCommand(page, 'Specwright: Search Knowledge…');
    await answerInput(page, 'Specwright: Search Knowledge', 'proxy zeppelin');
    await pickItem(page, /passages? for "proxy zeppelin"/, /^docs\/guide\.md:\d+-\d+$/);
    await activeEditorTab(page, 'guide.md').waitFor({ timeout: 30_000 });
    await statusBarItem(page, /Ln \d+, Col \d+ \(\d+ selected\)/).waitFor({ timeout: 30_000 });
    await screenshot(page, 'knowledgeView--search');

    // The CLI adds a base: the view follows the store's folder.
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'dist/cli.js'), 'knowledge', 'add', 'notes', '--workspace', workspace], { stdio: 'pipe' });
    const notes = baseRow(view, page, 'notes');
    await expect.poll(() => notes.innerText().catch(() => ''), { timeout: 60_000 }).toMatch(/notes\s*1 file, \d+ chunks? · fast/);

    // Its folder goes: the base is marked, and a click offers the fix (Remove), which asks first.
    rmSync(path.join(workspace, 'notes'), { recursive: true });
    await expect.poll(() => notes.innerText(), { timeout: 60_000 }).toMatch(/notes\s*folder missing/);
    await notes.click();
    const problem = await centreNotification(page, /The source of knowledge base "notes", notes, no longer exists/);
    await problem.waitFor({ timeout: 30_000 });
    await notificationButton(problem, 'Remove "notes"').click();
    const askNotes = modalDialog(page, /Remove knowledge base "notes"\?/);
    await askNotes.waitFor({ timeout: 30_000 });
    await dialogButton(askNotes, 'Remove').click();
    await notes.waitFor({ state: 'detached', timeout: 30_000 });
    await hideNotificationCentre(page);

    // Remove (context menu): the index goes, the folder and its files stay.
    await contextMenu(page, row, 'Remove Knowledge Base');
    const ask = modalDialog(page, /Remove knowledge base "docs"\?/);
    await ask.waitFor({ timeout: 30_000 });
    await dialogButton(ask, 'Remove').click();
    await row.waitFor({ state: 'detached', timeout: 30_000 });
    expect(bases(workspace)).toEqual([]);
    expect(existsSync(path.join(workspace, '.kiro/.specwright/knowledge', added!.id))).toBe(false);
    expect(readFileSync(path.join(workspace, 'docs/guide.md'), 'utf8')).toBe(GUIDE);
    await screenshot(page, 'knowledgeView--removed');
  });
});
