import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScriptedTurn } from '../../support/fakeAnthropic';
import { bash, messageRequests, say, startFakeModel, write } from './fakeModel';
import { codeLens, mathsProject, notification, notificationButton, openFile, panelFrame, processesWithArgv, screenshot, showViewContainer, sideBarView, startVsCode, waitForEditorLine, WORKING_SUM } from './harness';

const TASKS_MD = '.kiro/specs/maths/tasks.md';

/** VS Code on the maths project, its extension host talking to a scripted fake of the Messages API. */
async function openMathsProject(script: ScriptedTurn[], files: Record<string, string> = {}) {
  const { fake, env } = await startFakeModel(script);
  const session = await startVsCode({ workspace: mathsProject(files), env });
  await openFile(session.page, TASKS_MD);
  return { ...session, fake };
}

const tasksOnDisk = (workspace: string) => readFileSync(path.join(workspace, TASKS_MD), 'utf8');

describe('executing a task with the agent in VS Code', () => {
  it('runs task 1 from its CodeLens, takes an approval in the panel, and checks the task off', async () => {
    const { page, workspace, fake } = await openMathsProject(
      // The command runs in the OS sandbox the extension host started: it sees only its own processes, bubblewrap first.
      [write('.env', 'GREETING=hello\n'), write('src/sum.js', WORKING_SUM), bash('npm test && ps -e -o comm= > sandbox-processes.txt'), say('Implemented sum; 1 test passes.')],
      { '.env': 'GREETING=old\n' },
    );

    const lens = codeLens(page, /Execute with Agent/).first();
    await lens.waitFor({ timeout: 60_000 }); // the language server starts with the extension
    await screenshot(page, 'agentFlow--codelens');
    await lens.click();

    // The Agent Activity panel shows the run; writing .env needs a person's yes at the default autonomy.
    const panel = panelFrame(page);
    const answer = panel.getByRole('group', { name: /Answer approval for .*\.env/ });
    await answer.waitFor({ timeout: 60_000 });
    await expect(panel.getByRole('log').innerText()).resolves.toMatch(/Approval needed/);
    await screenshot(page, 'agentFlow--approval');
    await answer.getByRole('button', { name: 'Approve', exact: true }).click();

    await panel.getByText(/Task 1 done/).waitFor({ timeout: 60_000 });
    const log = await panel.getByRole('log').innerText();
    expect(log).toMatch(/Approved/);
    expect(log).toMatch(/npm test/);
    await waitForEditorLine(page, /^- \[x\] 1\. Implement sum/, { file: 'tasks.md' });
    expect(tasksOnDisk(workspace)).toMatch(/^- \[x\] 1\. Implement sum/m);
    expect(tasksOnDisk(workspace)).toMatch(/^- \[ \] 2\. Document sum/m);
    expect(readFileSync(path.join(workspace, '.env'), 'utf8')).toBe('GREETING=hello\n');
    expect(readFileSync(path.join(workspace, 'src/sum.js'), 'utf8')).toBe(WORKING_SUM);
    const processes = readFileSync(path.join(workspace, 'sandbox-processes.txt'), 'utf8').trim().split('\n');
    expect(processes[0]).toBe('bwrap');
    expect(processes).not.toContain('code-server');
    expect(messageRequests(fake).length).toBeGreaterThanOrEqual(4);
    await screenshot(page, 'agentFlow--done');
  });

  it('stops mid-command: the command dies, the task stays open, and resume or discard is offered', async () => {
    const seconds = `30.${process.pid}`; // an argv no other process on the machine has
    const { page, workspace } = await openMathsProject([write('src/sum.js', WORKING_SUM), bash(`sleep ${seconds}; echo late > late.txt`), say('Done.')], {
      '.kiro/settings.json': JSON.stringify({ agent: { autonomyLevel: 'full' } }),
    });
    await codeLens(page, /Execute with Agent/).first().click({ timeout: 60_000 });

    await expect.poll(() => processesWithArgv(['sleep', seconds]).length, { timeout: 60_000 }).toBe(1);
    await panelFrame(page).getByRole('button', { name: 'Stop Agent' }).click();

    const offer = notification(page, /stopped.*not done/i).first();
    await offer.waitFor({ timeout: 30_000 });
    await expect(notificationButton(offer, /Resume/).count()).resolves.toBe(1);
    await expect(notificationButton(offer, /Discard/).count()).resolves.toBe(1);
    await page.waitForTimeout(500); // let the toast finish fading in before the picture
    await screenshot(page, 'agentFlow--stopped');

    await expect.poll(() => processesWithArgv(['sleep', seconds]).length, { timeout: 10_000 }).toBe(0);
    await waitForEditorLine(page, /^- \[[ -]\] 1\. Implement sum/, { file: 'tasks.md' });
    expect(tasksOnDisk(workspace)).not.toMatch(/^- \[x\] 1\./m);
    expect(existsSync(path.join(workspace, 'late.txt'))).toBe(false);
  });

  it('shows each spec’s progress in the Specs view and follows changes to tasks.md', async () => {
    const { page, workspace } = await openMathsProject([]);
    await showViewContainer(page, 'Specwright');
    const maths = sideBarView(page, 'specwright', 'Specs').locator('.monaco-list-row', { hasText: 'maths' }).first();
    await expect.poll(() => maths.innerText(), { timeout: 30_000 }).toMatch(/0\s*\/\s*2/);

    writeFileSync(path.join(workspace, TASKS_MD), tasksOnDisk(workspace).replace('- [ ] 1.', '- [x] 1.'));
    await expect.poll(() => maths.innerText(), { timeout: 30_000 }).toMatch(/1\s*\/\s*2/);
    await screenshot(page, 'agentFlow--specs-view');
  });
});
