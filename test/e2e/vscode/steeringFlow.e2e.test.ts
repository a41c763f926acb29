import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { messageRequests, say, startFakeModel, textOf } from './fakeModel';
import { activeEditorTab, answerInput, codeLens, mathsProject, openFile, panelFrame, pickItem, runCommand, screenshot, showViewContainer, sideBarView, startVsCode } from './harness';

describe('steering in VS Code', () => {
  it('New Steering Document writes Kiro front matter and opens the file; the Steering view lists documents with their mode and what could not be read', async () => {
    const { page, workspace } = await startVsCode({
      workspace: mathsProject({ '.kiro/steering/tech.md': '# Tech\nNode 20.\n', '.kiro/steering/odd.md': '---\ninclusion: sometimes\n---\nBody.\n' }),
    });

    await runCommand(page, 'Specwright: New Steering Document');
    await answerInput(page, 'Specwright: New Steering Document', 'source-style');
    await pickItem(page, /when does source-style reach the agent/, 'fileMatch');
    await answerInput(page, /files source-style is for/, 'src/**/*.js');
    await activeEditorTab(page, 'source-style.md').waitFor({ timeout: 30_000 });
    expect(readFileSync(path.join(workspace, '.kiro/steering/source-style.md'), 'utf8')).toMatch(/^---\ninclusion: fileMatch\nfileMatchPattern: "src\/\*\*\/\*\.js"\n---\n\n# Source style\n/);

    await showViewContainer(page, 'Specwright');
    const view = sideBarView(page, 'specwright', 'Steering');
    await view.locator('.monaco-list-row', { hasText: 'source-style' }).filter({ hasText: 'fileMatch src/**/*.js' }).waitFor({ timeout: 30_000 });
    await view.locator('.monaco-list-row', { hasText: 'tech' }).filter({ hasText: 'always' }).waitFor({ timeout: 30_000 });
    await view.locator('.monaco-list-row', { hasText: '.kiro/steering/odd.md' }).filter({ hasText: 'inclusion' }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'steeringFlow--view');

    // A click on a document opens it.
    await view.locator('.monaco-list-row', { hasText: 'tech' }).first().click();
    await activeEditorTab(page, 'tech.md').waitFor({ timeout: 30_000 });
  });

  it('the panel composer completes #name from the workspace’s steering, and the message brings that document to the model', async () => {
    const rule = `API-RULE-${process.pid}`;
    const { fake, env } = await startFakeModel([say('Which conventions should I follow?'), say('Following the API style now.'), say('Done.')]);
    const { page } = await startVsCode({
      workspace: mathsProject({
        '.kiro/settings.json': JSON.stringify({ agent: { mode: 'interactive' } }),
        '.kiro/steering/api-style.md': `---\ninclusion: manual\n---\n# API style\nEvery exported function carries ${rule}.\n`,
        '.kiro/steering/tech.md': '# Tech\nNode 20.\n',
      }),
      env,
    });
    await openFile(page, '.kiro/specs/maths/tasks.md');
    const lens = codeLens(page, /Execute with Agent/).first();
    await lens.waitFor({ timeout: 60_000 });
    await lens.click();

    const panel = panelFrame(page);
    await panel.getByText('Which conventions should I follow?').waitFor({ timeout: 60_000 });
    const box = panel.getByRole('combobox', { name: 'Message the agent' });
    await box.click();
    await page.keyboard.type('Follow #api');
    const option = panel.getByRole('option', { name: /#api-style/ });
    await option.waitFor({ timeout: 30_000 });
    await expect(option.innerText()).resolves.toMatch(/manual\s*API style/);
    await screenshot(page, 'steeringFlow--mention');
    await page.keyboard.press('Enter');
    await page.keyboard.type('please');
    await page.keyboard.press('Enter');

    await expect.poll(() => messageRequests(fake).length, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
    const [first, second] = messageRequests(fake);
    // Not in the task's prompt (a manual document joins only when named); in the request after the message.
    expect(JSON.stringify(first!.body)).not.toContain(rule);
    const lastMessage = textOf(second!.body!.messages.at(-1));
    expect(lastMessage).toContain('Follow #api-style please');
    expect(lastMessage).toContain(rule);
    // The header counts it with why it joined.
    await panel.locator('.sw-fact--steering summary', { hasText: '2 documents' }).waitFor({ timeout: 30_000 });
    await panel.getByRole('button', { name: 'Stop Agent' }).click();
  });
});
