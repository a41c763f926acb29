import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TASKS } from '../../support/mathsProject';
import type { ScriptedTurn } from '../../support/fakeAnthropic';
import { bash, say, startFakeModel, write } from './fakeModel';
import { codeLens, codeLensLines, mathsProject, openFile, panelFrame, pickItem, screenshot, showViewContainer, sideBarView, startVsCode, statusBarItem, waitForEditorLine, WORKING_SUM } from './harness';

const TASKS_MD = '.kiro/specs/maths/tasks.md';
const README = '# maths\n\n`sum(a, b)` returns a + b.\n';

describe('running tasks in VS Code', () => {
  it('Run all tasks (the lens) runs task 1 then task 2, shown in the panel and counted in the Specs view', async () => {
    let releaseTaskTwo!: () => void;
    const taskTwoMayStart = new Promise<void>((resolve) => (releaseTaskTwo = resolve));
    const turns: Array<ScriptedTurn | Promise<ScriptedTurn>> = [
      write('src/sum.js', WORKING_SUM),
      bash('npm test'),
      say('Implemented sum; 1 test passes.'),
      // Task 2's first request waits here, so the view can be checked between the tasks.
      taskTwoMayStart.then(() => write('README.md', README)),
      bash('npm test'),
      say('Documented sum in README.md.'),
    ];
    const { env } = await startFakeModel((_request, index) => turns[index] ?? say('Nothing left.'));
    const workspace = mathsProject();
    // The user's own level: user settings apply as given (a workspace's .kiro/settings.json would wait for Allow).
    const { page } = await startVsCode({ workspace, env, settings: { 'specwright.autonomyLevel': 'full' } });
    await showViewContainer(page, 'Specwright');
    const maths = sideBarView(page, 'specwright', 'Specs').locator('.monaco-list-row', { hasText: 'maths' }).first();
    await expect.poll(() => maths.innerText(), { timeout: 30_000 }).toMatch(/tasks 0\/2/);
    await openFile(page, TASKS_MD);

    await codeLens(page, /Run all tasks/).first().click({ timeout: 60_000 });
    const panel = panelFrame(page);
    await panel.getByText(/Task 1 done/).waitFor({ timeout: 60_000 });
    // Task 2 has started (its model request is held): the header names it, tasks.md marks it in progress.
    await panel.getByRole('heading', { name: 'maths · 2 Document sum' }).waitFor({ timeout: 30_000 });
    await expect.poll(() => maths.innerText(), { timeout: 30_000 }).toMatch(/tasks 1\/2/);
    await waitForEditorLine(page, /^- \[-\] 2\. Document sum/, { file: 'tasks.md' });
    await screenshot(page, 'taskRuns--run-all-between-tasks');

    releaseTaskTwo();
    await panel.getByText(/Task 2 done/).waitFor({ timeout: 60_000 });
    await panel.getByText(/2 of 2 tasks done/).first().waitFor({ timeout: 30_000 });
    const log = await panel.getByRole('log').innerText();
    expect(log.indexOf('Implement sum')).toBeGreaterThan(-1);
    expect(log.indexOf('Implement sum')).toBeLessThan(log.indexOf('Document sum'));
    await expect.poll(() => maths.innerText(), { timeout: 30_000 }).toMatch(/tasks 2\/2/);
    await expect.poll(() => codeLensLines(page), { timeout: 30_000 }).toEqual([expect.stringMatching(/^2\/2 tasks done$/), expect.stringMatching(/✓ Done/), expect.stringMatching(/✓ Done/)]);
    expect(readFileSync(path.join(workspace, TASKS_MD), 'utf8')).toBe(TASKS.replace('- [ ] 1.', '- [x] 1.').replace('- [ ] 2.', '- [x] 2.'));
    expect(readFileSync(path.join(workspace, 'README.md'), 'utf8')).toBe(README);
    await screenshot(page, 'taskRuns--run-all-done');
  });

  it('Set Autonomy Level from the status bar: the next run’s header shows the level, and the agent asks as it says', async () => {
    const { env } = await startFakeModel([write('src/sum.js', WORKING_SUM), bash('npm test'), say('Implemented sum.')]);
    const { page, workspace } = await startVsCode({ workspace: mathsProject(), env });
    await openFile(page, TASKS_MD);
    // The lenses first: VS Code drops a lens request still in its debounce when the editor loses
    // focus (here to the level picker), and asks again only when the editor text is focused again.
    const execute = codeLens(page, /Execute with Agent/).first();
    await execute.waitFor({ timeout: 60_000 });

    // Balanced by default (nothing set anywhere); the item opens the level picker.
    const level = statusBarItem(page, /Specwright autonomy level Balanced/);
    await level.waitFor({ timeout: 60_000 });
    await level.click();
    await pickItem(page, 'Specwright: Set Autonomy Level', 'Cautious');
    await statusBarItem(page, /Specwright autonomy level Cautious/).waitFor({ timeout: 15_000 });
    await screenshot(page, 'taskRuns--autonomy-cautious');

    await execute.click({ timeout: 60_000 });
    const panel = panelFrame(page);
    // Cautious asks before every write, even one Balanced would make freely.
    const answer = panel.getByRole('group', { name: /Answer approval for .*src\/sum\.js/ });
    await answer.waitFor({ timeout: 60_000 });
    await expect(panel.locator('.sw-header__facts').innerText()).resolves.toMatch(/Autonomy\s*cautious/i);
    await screenshot(page, 'taskRuns--cautious-run');
    await answer.getByRole('button', { name: 'Approve', exact: true }).click();
    // …and before every command not allowed in settings, npm test included.
    const command = panel.getByRole('group', { name: /Answer approval for .*npm test/ });
    await command.waitFor({ timeout: 60_000 });
    await expect(panel.getByRole('log').innerText()).resolves.toMatch(/cautious autonomy asks before every command/);
    await command.getByRole('button', { name: 'Approve', exact: true }).click();
    await panel.getByText(/Task 1 done/).waitFor({ timeout: 60_000 });
    expect(readFileSync(path.join(workspace, 'src/sum.js'), 'utf8')).toBe(WORKING_SUM);
  });
});
