import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect, describe, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BROKEN_SUM, TASKS } from '../../support/mathsProject';
import type { ScriptedTurn } from '../../support/fakeAnthropic';
import { bash, messageRequests, promptOf, say, startFakeModel, write } from './fakeModel';
import { codeLens, codeLensLines, dialogButton, mathsProject, modalDialog, notification, notificationButton, openFile, panelFrame, processesWithArgv, screenshot, startVsCode, waitForEditorLine, WORKING_SUM } from './harness';

const TASKS_MD = '.kiro/specs/maths/tasks.md';
const ORIGINAL_SUM = 'module.exports = {};\n';
/** The user's own level (user settings apply as given; a workspace's .kiro/settings.json would wait for Allow). */
const FULL_AUTONOMY = { 'specwright.autonomyLevel': 'full' };

const read = (workspace: string, file: string) => readFileSync(path.join(workspace, file), 'utf8');

/**
 * Task 1 runs from its lens with `firstAttempt` (which ends in a long command), is stopped from the
 * panel while that command runs, and the "stopped" notification is returned. The script goes on
 * with `afterwards` for the run the notification starts.
 */
async function stopTaskOne(firstAttempt: (sleep: string) => ScriptedTurn[], afterwards: (workspace: string) => ScriptedTurn[] | ((index: number) => ScriptedTurn)) {
  const seconds = `40.${process.pid}${Math.floor(Math.random() * 1000)}`; // an argv no other process on the machine has
  const first = firstAttempt(`sleep ${seconds}`);
  const workspace = mathsProject();
  let then: ReturnType<typeof afterwards> | undefined;
  const { fake, env } = await startFakeModel((_request, index) => {
    if (index < first.length) return first[index]!;
    then ??= afterwards(workspace);
    return typeof then === 'function' ? then(index - first.length) : (then[index - first.length] ?? say('Done.'));
  });
  const { page } = await startVsCode({ workspace, env, settings: FULL_AUTONOMY });
  await openFile(page, TASKS_MD);
  await codeLens(page, /Execute with Agent/).first().click({ timeout: 60_000 });
  await expect.poll(() => processesWithArgv(['sleep', seconds]).length, { timeout: 60_000 }).toBe(1);
  await panelFrame(page).getByRole('button', { name: 'Stop Agent' }).click();
  const offer = notification(page, /stopped.*not done/i).first();
  await offer.waitFor({ timeout: 30_000 });
  await expect.poll(() => processesWithArgv(['sleep', seconds]).length, { timeout: 10_000 }).toBe(0);
  return { page, workspace, fake, offer };
}

async function waitForTaskOneDone(page: Page, workspace: string): Promise<void> {
  await panelFrame(page).getByText(/Task 1 done/).waitFor({ timeout: 60_000 });
  await waitForEditorLine(page, /^- \[x\] 1\. Implement sum/, { file: 'tasks.md' });
  expect(read(workspace, TASKS_MD)).toBe(TASKS.replace('- [ ] 1.', '- [x] 1.'));
  // The lenses follow: task 1 done (no longer running), 1 of 2 tasks done, task 2 still to execute.
  await expect.poll(() => codeLensLines(page), { timeout: 30_000 }).toEqual([expect.stringMatching(/1\/2 tasks done/), expect.stringMatching(/✓ Done/), expect.stringMatching(/Execute with Agent/)]);
}

describe('after a stop, in VS Code', () => {
  it('Resume from Last Checkpoint (clicked in the notification) keeps the changes and finishes the task', async () => {
    let sumWhenResumed: string | undefined;
    const { page, workspace, fake, offer } = await stopTaskOne(
      (sleep) => [write('src/sum.js', WORKING_SUM), bash(sleep)],
      (ws) => {
        sumWhenResumed = read(ws, 'src/sum.js');
        return [bash('npm test'), say('sum was already in place; 1 test passes.')];
      },
    );
    // Stopped: the change is kept, the task is open again.
    expect(read(workspace, 'src/sum.js')).toBe(WORKING_SUM);
    expect(read(workspace, TASKS_MD)).toBe(TASKS);

    await notificationButton(offer, /Resume/).click();
    await waitForTaskOneDone(page, workspace);
    expect(sumWhenResumed).toBe(WORKING_SUM);
    const resumed = messageRequests(fake).at(-2)!;
    expect(promptOf(resumed)).toMatch(/This resumes run .* ended stopped/);
    expect(read(workspace, 'src/sum.js')).toBe(WORKING_SUM);
    await screenshot(page, 'recoveryFlow--resumed');
  });

  it('Discard Changes and Restart (clicked in the notification) restores the checkpoint, then runs the task again', async () => {
    let workspaceWhenRestarted: { sum: string; notes: boolean } | undefined;
    const { page, workspace, offer } = await stopTaskOne(
      (sleep) => [write('src/sum.js', BROKEN_SUM), write('notes.txt', 'scratch\n'), bash(sleep)],
      (ws) => {
        workspaceWhenRestarted = { sum: read(ws, 'src/sum.js'), notes: existsSync(path.join(ws, 'notes.txt')) };
        return [write('src/sum.js', WORKING_SUM), bash('npm test'), say('Implemented sum; 1 test passes.')];
      },
    );
    expect(read(workspace, 'src/sum.js')).toBe(BROKEN_SUM);

    await notificationButton(offer, /Discard/).click();
    // The restore is previewed in a modal before anything changes.
    const confirm = modalDialog(page, /discard the agent's changes to 2 files/);
    await confirm.waitFor({ timeout: 30_000 });
    await expect(confirm.innerText()).resolves.toMatch(/src\/sum\.js[\s\S]*notes\.txt|notes\.txt[\s\S]*src\/sum\.js/);
    await screenshot(page, 'recoveryFlow--discard-preview');
    await dialogButton(confirm, /^Discard Changes$/).click();
    await notification(page, /restored 2 files from checkpoint/).first().waitFor({ timeout: 30_000 });

    await waitForTaskOneDone(page, workspace);
    expect(workspaceWhenRestarted).toEqual({ sum: ORIGINAL_SUM, notes: false });
    expect(read(workspace, 'src/sum.js')).toBe(WORKING_SUM);
    expect(existsSync(path.join(workspace, 'notes.txt'))).toBe(false);
    await screenshot(page, 'recoveryFlow--restarted');
  });

  it('Restore in the panel after a finished task takes the workspace back to before it, its checkbox included, with nothing blamed on the user', async () => {
    const { fake, env } = await startFakeModel([write('src/sum.js', WORKING_SUM), bash('npm test'), say('Implemented sum; 1 test passes.')]);
    const workspace = mathsProject();
    const { page } = await startVsCode({ workspace, env, settings: FULL_AUTONOMY });
    await openFile(page, TASKS_MD);
    await codeLens(page, /Execute with Agent/).first().click({ timeout: 60_000 });
    await waitForTaskOneDone(page, workspace);
    expect(messageRequests(fake).length).toBe(3);

    // The checkpoint taken before the task: Specwright's own edits since (the [-] and [x] marks) are no conflict.
    await panelFrame(page).getByRole('button', { name: /^Restore checkpoint / }).first().click();
    const confirm = modalDialog(page, /restore \d+ files? from checkpoint/);
    await confirm.waitFor({ timeout: 30_000 });
    await screenshot(page, 'recoveryFlow--restore-finished');
    await dialogButton(confirm, /^Restore$/).click();
    await notification(page, /restored \d+ files? from checkpoint/).first().waitFor({ timeout: 30_000 });
    expect(read(workspace, 'src/sum.js')).toBe(ORIGINAL_SUM);
    expect(read(workspace, TASKS_MD)).toBe(TASKS);
    await waitForEditorLine(page, /^- \[ \] 1\. Implement sum/, { file: 'tasks.md' });
  });
});
