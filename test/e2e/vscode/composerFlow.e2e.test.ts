import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../../support/fakeAnthropic';
import { EVERYTHING_SERVER, flaky } from '../../support/mcp/servers';
import { bash, messageRequests, promptOf, say, startFakeModel, write } from './fakeModel';
import { dialogButton, mathsProject, modalDialog, panelFrame, processesWithArgv, runCommand, screenshot, startVsCode, WORKING_SUM } from './harness';

const REVIEWER = '---\ndescription: Reviews code\nmodel: claude-haiku-4.5\nwelcomeMessage: Send me a file to review.\n---\nYou are REVIEWER-PROMPT.\n';

const systemOf = (request: RecordedRequest) => JSON.stringify(request.body!.system);

describe('the Agent Activity composer in VS Code', () => {
  it('chats with the custom agent picked in the composer (its welcome message, its name in the run header, its prompt and model), and runs a task asked for there as it', async () => {
    const { fake, env } = await startFakeModel((request) => {
      const turn = request.body!.messages.length;
      if (!promptOf(request).startsWith('Execute task 1')) return turn === 1 ? say('REVIEWED: src/sum.js is missing its export.') : say('Glad to help.');
      return turn === 1 ? write('src/sum.js', WORKING_SUM) : turn === 3 ? bash('npm test') : say('Implemented sum.');
    });
    const { page, workspace } = await startVsCode({ workspace: mathsProject({ '.kiro/agents/reviewer.md': REVIEWER }), env, settings: { 'specwright.autonomyLevel': 'full' } });
    await runCommand(page, 'Specwright: Open Agent Activity', { timeoutMs: 60_000 });
    const panel = panelFrame(page);

    const picker = panel.getByLabel('Agent', { exact: true });
    await picker.waitFor({ timeout: 60_000 });
    await expect(picker.locator('option').allInnerTexts()).resolves.toEqual(['Specwright (default)', 'reviewer — Reviews code']);
    // An agent file written while the panel is open joins the list.
    writeFileSync(path.join(workspace, '.kiro/agents/tester.md'), '---\ndescription: Writes tests\n---\nYou write tests.\n');
    await expect.poll(() => picker.locator('option').allInnerTexts(), { timeout: 30_000 }).toEqual(['Specwright (default)', 'reviewer — Reviews code', 'tester — Writes tests']);
    await picker.selectOption('reviewer');
    await expect(panel.getByRole('status').filter({ hasText: 'Send me a file to review.' }).innerText()).resolves.toBe('reviewer: Send me a file to review.');

    const box = panel.getByRole('combobox', { name: 'Message the agent' });
    await box.fill('Review src/sum.js');
    await box.press('Enter');
    await panel.getByText('REVIEWED: src/sum.js is missing its export.').waitFor({ timeout: 60_000 });
    await expect(panel.locator('.sw-header__task').innerText()).resolves.toBe('Chat · Review src/sum.js');
    await expect(panel.locator('.sw-header__facts').innerText()).resolves.toMatch(/Agent\s*reviewer/);
    await page.locator('.statusbar').getByRole('button', { name: /the chat is running\. It is waiting for your reply/ }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'composerFlow--agent-chat');

    // The chat waits for the next message; "done" ends it.
    await box.fill('done');
    await box.press('Enter');
    await panel.getByRole('status').filter({ hasText: 'Done' }).waitFor({ timeout: 60_000 });
    const requests = messageRequests(fake);
    expect(requests).toHaveLength(1);
    expect(promptOf(requests[0]!)).toBe('Review src/sum.js');
    expect(systemOf(requests[0]!)).toContain('REVIEWER-PROMPT');
    expect(requests[0]!.body!.model).toBe('claude-haiku-4-5');

    // A task asked for in the composer runs as the picked agent too.
    await box.fill('Execute task 1');
    await box.press('Enter');
    await panel.getByText(/Task 1 done/).waitFor({ timeout: 90_000 });
    await expect(panel.locator('.sw-header__facts').innerText()).resolves.toMatch(/Agent\s*reviewer/);
    expect(readFileSync(path.join(workspace, 'src/sum.js'), 'utf8')).toBe(WORKING_SUM);
    const task = messageRequests(fake).slice(1);
    expect(task.length).toBeGreaterThan(0);
    for (const request of task) expect(systemOf(request)).toContain('REVIEWER-PROMPT');
  });

  it('/everything:args-prompt asks for its arguments, fills the real server-everything’s prompt in, and sends it; a workspace server waiting for approval is not started', async () => {
    const { fake, env } = await startFakeModel(() => say('SUNNY in Lisbon.'));
    const markers = 'mcp-markers';
    const workspaceMcp = { mcpServers: { ownserver: flaky({ FLAKY_MARKER_DIR: markers }) } };
    const { page, dirs, workspace } = await startVsCode({ workspace: mathsProject({ '.kiro/settings/mcp.json': JSON.stringify(workspaceMcp, null, 2), [`${markers}/.keep`]: '' }), env });
    // The user's own server starts without asking (read when the composer first asks for prompts).
    mkdirSync(path.join(dirs.home, '.kiro/settings'), { recursive: true });
    writeFileSync(path.join(dirs.home, '.kiro/settings/mcp.json'), JSON.stringify({ mcpServers: { everything: { command: process.execPath, args: [EVERYTHING_SERVER, 'stdio'] } } }));
    await runCommand(page, 'Specwright: Open Agent Activity', { timeoutMs: 60_000 });
    const panel = panelFrame(page);

    const box = panel.getByRole('combobox', { name: 'Message the agent' });
    await box.waitFor({ timeout: 60_000 });
    await box.click();
    await box.pressSequentially('/');
    const list = panel.getByRole('listbox', { name: 'MCP prompts' });
    await list.waitFor({ timeout: 60_000 });
    await expect(panel.getByRole('note').filter({ hasText: 'ownserver needs approval before it starts' }).count()).resolves.toBe(1);
    await screenshot(page, 'composerFlow--prompts');
    await box.pressSequentially('everything:args');
    await list.getByRole('option', { name: /\/everything:args-prompt/ }).click();

    const form = panel.getByRole('form', { name: 'Arguments of /everything:args-prompt' });
    await form.getByRole('textbox', { name: 'city (required)' }).fill('Lisbon');
    await form.getByRole('button', { name: 'Insert Prompt' }).click();
    await expect.poll(() => box.inputValue(), { timeout: 30_000 }).toBe("What's weather in Lisbon?");
    expect(processesWithArgv([process.execPath, EVERYTHING_SERVER, 'stdio']).length).toBeGreaterThan(0);
    expect(readdirSync(path.join(workspace, markers)).filter((f) => f.startsWith('started-'))).toEqual([]);
    await box.press('Enter');

    // The chat's own MCP servers start as a run's do: the workspace's server only after the usual question.
    const ask = modalDialog(page, /start MCP server "ownserver", defined by this workspace/);
    await ask.waitFor({ timeout: 60_000 });
    await dialogButton(ask, 'Cancel').click();
    await panel.getByText('SUNNY in Lisbon.').waitFor({ timeout: 60_000 });
    await screenshot(page, 'composerFlow--prompt-sent');
    expect(promptOf(messageRequests(fake)[0]!)).toBe("What's weather in Lisbon?");
    // Never approved, so never started.
    expect(readdirSync(path.join(workspace, markers)).filter((f) => f.startsWith('started-'))).toEqual([]);
  });
});
