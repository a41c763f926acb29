import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DESIGN, REQUIREMENTS, TASKS } from '../../integration/workflow/specDocuments';
import { messageRequests, promptOf, say, startFakeModel } from './fakeModel';
import { activeEditorTab, answerInput, codeLens, mathsProject, notification, pickItem, runCommand, screenshot, startVsCode } from './harness';

const IDEA = 'A todo list for the terminal that keeps its items in todos.json';
const specFile = (workspace: string, file: string) => readFileSync(path.join(workspace, '.kiro/specs/todo-cli', file), 'utf8');

describe('writing a spec from an idea in VS Code', () => {
  it('New Spec: name and idea give requirements.md; its lens gives design.md, whose lens gives tasks.md with Execute lenses', async () => {
    const { fake, env } = await startFakeModel([say(REQUIREMENTS), say(DESIGN), say(TASKS)]);
    const { page, workspace } = await startVsCode({ workspace: mathsProject(), env });

    await runCommand(page, 'Specwright: New Spec');
    await answerInput(page, /New Spec \(1\/4\)/, 'todo-cli');
    await answerInput(page, /New Spec \(2\/4\)/, IDEA);
    await pickItem(page, /New Spec \(3\/4\)/, 'Feature');
    await pickItem(page, /New Spec \(4\/4\)/, 'Requirements first');

    await activeEditorTab(page, 'requirements.md').waitFor({ timeout: 60_000 });
    expect(specFile(workspace, 'requirements.md')).toBe(REQUIREMENTS);
    expect(promptOf(messageRequests(fake)[0]!)).toContain(IDEA);
    await notification(page, /todo-cli: wrote requirements\.md/).first().waitFor();
    const approveRequirements = codeLens(page, 'Approve and generate design').first();
    await approveRequirements.waitFor({ timeout: 60_000 }); // the language server starts with the extension
    await screenshot(page, 'specFlow--requirements');

    await approveRequirements.click();
    await activeEditorTab(page, 'design.md').waitFor({ timeout: 60_000 });
    expect(specFile(workspace, 'design.md')).toBe(DESIGN);
    expect(promptOf(messageRequests(fake)[1]!)).toContain(REQUIREMENTS.trimEnd());
    const approveDesign = codeLens(page, 'Approve and generate tasks').first();
    await approveDesign.waitFor({ timeout: 30_000 });
    await screenshot(page, 'specFlow--design');

    await approveDesign.click();
    await activeEditorTab(page, 'tasks.md').waitFor({ timeout: 60_000 });
    expect(specFile(workspace, 'tasks.md')).toBe(TASKS);
    // Tasks 1, 1.1, 1.2 and 2 are open: each has its lens, and the file has Run all tasks.
    await expect.poll(() => codeLens(page, /Execute with Agent/).count(), { timeout: 30_000 }).toBe(4);
    await expect(codeLens(page, /Run all tasks/).count()).resolves.toBe(1);
    await notification(page, /todo-cli: approved .*design\.md and wrote tasks\.md/).first().waitFor();
    expect(messageRequests(fake)).toHaveLength(3);
    await screenshot(page, 'specFlow--tasks');
  });
});
