import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { activeEditorTab, answerInput, mathsProject, pickItem, runCommand, screenshot, showViewContainer, sideBarView, startVsCode } from './harness';

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
});
