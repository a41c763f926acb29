import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScriptedTurn } from '../../support/fakeAnthropic';
import { messageRequests, say, startFakeModel, textOf } from './fakeModel';
import { activeEditorTab, answerInput, codeLens, dialogButton, mathsProject, modalDialog, notification, notificationButton, openFile, panelFrame, pickItem, runCommand, screenshot, showViewContainer, sideBarView, startVsCode } from './harness';

const save = (name: string, content: string): ScriptedTurn => ({ content: [{ type: 'tool_use', name: 'save_steering_document', input: { name, content } }] });

describe('steering in VS Code', () => {
  it('New Steering Document writes Kiro front matter and opens the file; the Steering view lists documents with their mode and what could not be read', async () => {
    const { page, workspace } = await startVsCode({
      workspace: mathsProject({ '.kiro/steering/tech.md': '# Tech\nNode 20.\n', '.kiro/steering/odd.md': '---\ninclusion: sometimes\n---\nBody.\n' }),
    });

    await runCommand(page, 'Specwright: New Steering Document');
    // Kiro's starters are offered while any is missing (tech.md is there already).
    await page.locator('.quick-input-widget:visible .monaco-list-row', { hasText: 'Generate product.md, structure.md from the codebase' }).waitFor({ timeout: 30_000 });
    await pickItem(page, 'what to write', 'A document of my own');
    await answerInput(page, /^Specwright: New Steering Document$/, 'source-style');
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

  it('a message typed in the composer is about the file open in the editor: its fileMatch steering reaches the model', async () => {
    const rule = `SOURCE-RULE-${process.pid}`;
    const { fake, env } = await startFakeModel(() => say('Tidied.'));
    const { page } = await startVsCode({
      workspace: mathsProject({
        '.kiro/steering/source.md': `---\ninclusion: fileMatch\nfileMatchPattern: "src/**/*.js"\n---\n# Source\n${rule}\n`,
        '.kiro/steering/tests.md': '---\ninclusion: fileMatch\nfileMatchPattern: "test/**"\n---\n# Tests\nTEST-RULE\n',
      }),
      env,
    });
    await openFile(page, 'src/sum.js');
    await runCommand(page, 'Specwright: Open Agent Activity', { timeoutMs: 60_000 });
    const panel = panelFrame(page);
    const box = panel.getByRole('combobox', { name: 'Message the agent' });
    await box.waitFor({ timeout: 60_000 });
    // Nothing in the message names the file: only the editor says what it is about.
    await box.fill('Tidy this up');
    await box.press('Enter');
    await panel.getByText('Tidied.').waitFor({ timeout: 60_000 });
    const [first] = messageRequests(fake);
    expect(JSON.stringify(first!.body)).toContain(rule);
    expect(JSON.stringify(first!.body)).not.toContain('TEST-RULE');
    await box.fill('done');
    await box.press('Enter');
  });

  it('Generate Steering Documents (offered by New Steering Document) keeps an existing one when asked to, writes the others from the model’s survey, and lists them', async () => {
    const mine = '# Tech\nOur own notes.\n';
    const { fake, env } = await startFakeModel([
      { content: [{ type: 'tool_use', name: 'fs_read', input: { operations: [{ mode: 'Line', path: 'package.json' }] } }] },
      save('product', '# Product\n\nA maths library.\n'),
      save('structure', '# Structure\n\n- src/ the library\n- test/ its tests\n'),
      say('Wrote product.md and structure.md.'),
    ]);
    const { page, workspace } = await startVsCode({ workspace: mathsProject({ '.kiro/steering/tech.md': mine }), env });

    await runCommand(page, 'Specwright: New Steering Document');
    await pickItem(page, 'what to write', /^Generate product\.md, structure\.md from the codebase$/);
    const ask = modalDialog(page, /tech\.md exists already/);
    await ask.waitFor({ timeout: 30_000 });
    await dialogButton(ask, 'Keep Mine').click();

    const done = notification(page, /wrote product\.md, structure\.md/);
    await done.waitFor({ timeout: 60_000 });
    expect(readFileSync(path.join(workspace, '.kiro/steering/product.md'), 'utf8')).toBe('---\ninclusion: always\n---\n\n# Product\n\nA maths library.\n');
    expect(readFileSync(path.join(workspace, '.kiro/steering/structure.md'), 'utf8')).toMatch(/^---\ninclusion: always\n---\n\n# Structure\n/);
    expect(readFileSync(path.join(workspace, '.kiro/steering/tech.md'), 'utf8')).toBe(mine);
    // The model was asked for the two missing documents only, and could not write any file itself.
    const first = messageRequests(fake)[0]!.body!;
    expect(textOf(first.messages[0])).toMatch(/product\.md, structure\.md\./);
    expect(first.tools!.map((t) => (t as { name: string }).name)).not.toContain('fs_write');
    // The run is in the panel; the Steering view lists the new documents.
    await panelFrame(page).getByText(/Saving product\.md/).first().waitFor({ timeout: 30_000 });
    await notificationButton(done, 'Open product.md').click();
    await activeEditorTab(page, 'product.md').waitFor({ timeout: 30_000 });
    await showViewContainer(page, 'Specwright');
    const view = sideBarView(page, 'specwright', 'Steering');
    await view.locator('.monaco-list-row', { hasText: 'structure' }).filter({ hasText: 'always' }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'steeringFlow--generated');
  });

  it('a task’s Explain steering lens lists what the task starts with and why, and what may join; a pick opens the document', async () => {
    const { page } = await startVsCode({
      workspace: mathsProject({
        '.kiro/steering/tech.md': '# Tech\nNode 20.\n',
        '.kiro/steering/source.md': '---\ninclusion: fileMatch\nfileMatchPattern: "src/**/*.js"\n---\n# Source\n',
        '.kiro/steering/tests.md': '---\ninclusion: fileMatch\nfileMatchPattern: "test/**"\n---\n# Tests\n',
        '.kiro/steering/release.md': '---\ninclusion: manual\n---\n# Release\n',
      }),
    });
    await openFile(page, '.kiro/specs/maths/tasks.md');
    const lens = codeLens(page, /Explain steering/).first();
    await lens.waitFor({ timeout: 60_000 });
    await lens.click();

    const picker = page.locator('.quick-input-widget');
    await picker.locator('.quick-input-title', { hasText: /Steering for maths task 1: 2 included, 2 may join/ }).waitFor({ timeout: 30_000 });
    const rows = picker.locator('.monaco-list-row');
    // In order: the included documents with why, then those that may join with what would bring them in.
    await expect
      .poll(async () => (await rows.allInnerTexts()).join('\n'), { timeout: 30_000 })
      .toMatch(/tech[\s\S]*always[\s\S]*source[\s\S]*fileMatch: src\/sum\.js ~ src\/\*\*\/\*\.js \(task\)[\s\S]*release[\s\S]*when a message names it as #release[\s\S]*tests[\s\S]*when the agent touches a file matching test\/\*\*/);
    await expect(picker.innerText()).resolves.toMatch(/Included from the start[\s\S]*May join later/);
    await screenshot(page, 'steeringFlow--explain');
    await rows.filter({ hasText: 'release' }).click();
    await activeEditorTab(page, 'release.md').waitFor({ timeout: 30_000 });
  });
});
