import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseConfigFile } from '../../../src/core/mcp';
import { EVERYTHING_SERVER } from '../../support/mcp/servers';
import { activeEditorTab, dialogButton, mathsProject, modalDialog, processesWithArgv, screenshot, showViewContainer, sideBarView, startVsCode, statusBarItem } from './harness';

const MCP_FILE = '.kiro/settings/mcp.json';
const CONFIG = `{
  // Servers of this project (kept by hand)
  "mcpServers": {
    "everything": { "command": ${JSON.stringify(process.execPath)}, "args": [${JSON.stringify(EVERYTHING_SERVER)}, "stdio"] }, // the reference server
    /* not wanted now */
    "off": { "command": "no-such-server", "disabled": true }
  }
}
`;

/** A row of the view whose label is exactly `label`. */
const row = (view: Locator, page: Page, label: string) => view.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) }).first();

/** An inline action of a row (shown on hover), by its title. */
async function inlineAction(target: Locator, title: string): Promise<void> {
  await target.hover();
  await target.locator(`.action-label[aria-label=${JSON.stringify(title)}]`).click();
}

const serverProcesses = () => processesWithArgv([process.execPath, EVERYTHING_SERVER, 'stdio']).length;

describe('the MCP Servers view', () => {
  it('lists servers with their state, starts a workspace server only once approved, lists its tools, turns a tool off in place and opens the config', async () => {
    const { page, workspace } = await startVsCode({ workspace: mathsProject({ [MCP_FILE]: CONFIG }) });
    await showViewContainer(page, 'Specwright');
    const view = sideBarView(page, 'specwright', 'MCP Servers');
    await view.locator('.pane-header').click();

    // The workspace's own server waits for approval: seen in the view, never started by it.
    const everything = row(view, page, 'everything');
    await expect.poll(() => everything.innerText(), { timeout: 60_000 }).toMatch(/needs approval/);
    await expect(row(view, page, 'off').innerText()).resolves.toMatch(/disabled/);
    expect(serverProcesses()).toBe(0);
    await screenshot(page, 'mcpServersView--needs-approval');

    // Approve: the dialog a run shows; then it starts, and its tools are listed under it.
    await inlineAction(everything, 'Approve and Start MCP Server');
    const ask = modalDialog(page, /start MCP server "everything", defined by this workspace/);
    await ask.waitFor({ timeout: 30_000 });
    await dialogButton(ask, 'Start Server').click();
    await expect.poll(() => everything.innerText(), { timeout: 60_000 }).toMatch(/running · \d+ tools/);
    expect(serverProcesses()).toBe(1);
    await everything.click();
    const echo = row(view, page, 'echo');
    await echo.waitFor({ timeout: 30_000 });
    await screenshot(page, 'mcpServersView--running');

    // Disable Tool edits disabledTools in place (the comments stay); the approval is kept, so the
    // server starts again without a question, and the tool is listed as disabled.
    await inlineAction(echo, 'Disable Tool');
    await expect.poll(() => readFileSync(path.join(workspace, MCP_FILE), 'utf8'), { timeout: 30_000 }).toContain('"disabledTools"');
    const text = readFileSync(path.join(workspace, MCP_FILE), 'utf8');
    for (const comment of ['// Servers of this project (kept by hand)', '// the reference server', '/* not wanted now */']) expect(text).toContain(comment);
    const parsed = parseConfigFile(text, MCP_FILE);
    expect(parsed.problems).toEqual([]);
    expect(parsed.servers.find((s) => s.name === 'everything')).toMatchObject({ disabledTools: ['echo'] });
    await expect.poll(() => everything.innerText(), { timeout: 60_000 }).toMatch(/running/);
    if (!(await echo.isVisible())) await everything.click();
    await expect.poll(() => echo.innerText(), { timeout: 30_000 }).toMatch(/disabled/);
    await expect(modalDialog(page, /start MCP server/).count()).resolves.toBe(0);
    await screenshot(page, 'mcpServersView--tool-disabled');

    // Open MCP Config (context menu): the file, at the server's entry.
    await everything.click({ button: 'right' });
    // The menu acts on Enter on the item under the pointer (a synthetic click on it is not always taken).
    await page.locator('.monaco-menu .action-label', { hasText: 'Open MCP Config' }).first().hover();
    await page.keyboard.press('Enter');
    await activeEditorTab(page, 'mcp.json').waitFor({ timeout: 30_000 });
    // The cursor is on the server's name: line 4, column 5.
    await statusBarItem(page, /Ln 4, Col 5/).waitFor({ timeout: 30_000 });
    await screenshot(page, 'mcpServersView--config');
  });

  it('offers the fix of a broken entry as a button on its row: Open MCP Config, at that entry', async () => {
    // An entry with neither a command nor a url: what is wrong is in the file, wherever it runs.
    const config = `{\n  "mcpServers": {\n    "tracker": { "args": ["--port", "4000"] }\n  }\n}\n`;
    const { page } = await startVsCode({ workspace: mathsProject({ [MCP_FILE]: config }) });
    await showViewContainer(page, 'Specwright');
    const view = sideBarView(page, 'specwright', 'MCP Servers');
    await view.locator('.pane-header').click();
    const tracker = row(view, page, 'tracker');
    await expect.poll(() => tracker.innerText(), { timeout: 60_000 }).toMatch(/error: .*command/);
    await screenshot(page, 'mcpServersView--broken-entry');
    await inlineAction(tracker, 'Open MCP Config');
    await activeEditorTab(page, 'mcp.json').waitFor({ timeout: 30_000 });
    // The cursor is on the server's name: line 3, column 5.
    await statusBarItem(page, /Ln 3, Col 5/).waitFor({ timeout: 30_000 });
  });
});
