import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ScriptedTurn } from '../../support/fakeAnthropic';
import { DESIGN, REQUIREMENTS, TASKS } from '../../integration/workflow/specDocuments';
import { messageRequests, promptOf, say, startFakeModel, textOf } from './fakeModel';
import { activeEditorTab, answerInput, codeLens, mathsProject, notification, pickItem, runCommand, screenshot, startVsCode } from './harness';

const IDEA = 'A todo list for the terminal that keeps its items in todos.json';
const specFile = (workspace: string, file: string) => readFileSync(path.join(workspace, '.kiro/specs/todo-cli', file), 'utf8');
/** A text answer that stopped at the output limit. */
const cutOff = (text: string): ScriptedTurn => ({ content: [{ type: 'text', text }], stopReason: 'max_tokens' });

/** Specwright: New Spec from the palette: a feature spec, requirements first. */
async function newSpec(page: Page, name: string, idea: string): Promise<void> {
  await runCommand(page, 'Specwright: New Spec');
  await answerInput(page, /New Spec \(1\/4\)/, name);
  await answerInput(page, /New Spec \(2\/4\)/, idea);
  await pickItem(page, /New Spec \(3\/4\)/, 'Feature');
  await pickItem(page, /New Spec \(4\/4\)/, 'Requirements first');
}

describe('writing a spec from an idea in VS Code', () => {
  it('New Spec: name and idea give requirements.md; its lens gives design.md, whose lens gives tasks.md with Execute lenses', async () => {
    const { fake, env } = await startFakeModel([say(REQUIREMENTS), say(DESIGN), say(TASKS)]);
    const { page, workspace } = await startVsCode({ workspace: mathsProject(), env });

    await newSpec(page, 'todo-cli', IDEA);
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

  it('New Spec whose answer stops at max_tokens: the rest is asked for and the whole document written; an answer that never ends is refused with a clear message', async () => {
    // Cut mid-sentence, as the output limit cuts: "…so that I see| what is left to do."
    const at = REQUIREMENTS.indexOf('so that I see') + 'so that I'.length;
    const [first, rest] = [REQUIREMENTS.slice(0, at), REQUIREMENTS.slice(at)];
    let releaseRest!: () => void;
    const restMayCome = new Promise<void>((resolve) => (releaseRest = resolve));
    const turns: Array<ScriptedTurn | Promise<ScriptedTurn>> = [
      cutOff(first),
      restMayCome.then(() => say(rest)), // held, so the progress can be seen while the rest is asked for
      cutOff('# Requirements Document\n\n## Introduction\n\nNotes kept'),
      cutOff(' in one file'),
      cutOff(' per day,'),
      cutOff(' forever'),
    ];
    const { fake, env } = await startFakeModel((_request, index) => turns[index] ?? say('unexpected request'));
    const { page, workspace } = await startVsCode({ workspace: mathsProject(), env });

    await newSpec(page, 'todo-cli', IDEA);
    await notification(page, /requirements\.md stopped at the output limit; asking for the rest \(1 of 3\)/).first().waitFor({ timeout: 60_000 });
    await screenshot(page, 'specFlow--continuing');
    releaseRest();
    await activeEditorTab(page, 'requirements.md').waitFor({ timeout: 60_000 });
    expect(specFile(workspace, 'requirements.md')).toBe(REQUIREMENTS);
    const continuation = messageRequests(fake)[1]!.body!.messages;
    expect(continuation.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(textOf(continuation[1])).toBe(first.trimEnd());

    await newSpec(page, 'notes-cli', 'Daily notes in one Markdown file per day');
    const failure = notification(page, /writing the spec failed\. The requirements document \.kiro\/specs\/notes-cli\/requirements\.md could not be written: the model's answer was cut off/).first();
    await failure.waitFor({ timeout: 60_000 });
    await expect(failure.innerText()).resolves.toMatch(/after 3 continuations[\s\S]*Nothing was written/);
    expect(existsSync(path.join(workspace, '.kiro/specs/notes-cli/requirements.md'))).toBe(false);
    expect(messageRequests(fake)).toHaveLength(6);
    await screenshot(page, 'specFlow--cut-off');
  });
});
