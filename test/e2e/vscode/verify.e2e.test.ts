import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScriptedTurn } from '../../support/fakeAnthropic';
import { bash, messageRequests, say, startFakeModel } from './fakeModel';
import { MATHS_TASKS, mathsProject, panelFrame, pickItem, runCommand, screenshot, showViewContainer, sideBarView, startVsCode } from './harness';

const verdict = (input: Record<string, unknown>): ScriptedTurn => ({ content: [{ type: 'tool_use', name: 'record_verdict', input }] });

describe('verifying a spec in VS Code', () => {
  it('Verify Spec Against Code: the panel lists the verdict, and Add as task appends a task for the failed criterion to tasks.md', async () => {
    const { fake, env } = await startFakeModel([
      bash('npm test'),
      verdict({ criterion: '1.1', verdict: 'fail', summary: 'src/sum.js exports no sum, and its test fails.', files: [{ path: 'src/sum.js', start_line: 1 }], test_commands: ['npm test'] }),
      say('1.1 fails.'),
    ]);
    // The maths project as it starts: sum is not written yet.
    const workspace = mathsProject();
    const { page } = await startVsCode({ workspace, env, settings: { 'specwright.autonomyLevel': 'full' } });
    await runCommand(page, 'Specwright: Verify Spec Against Code');
    await pickItem(page, 'Specwright: Verify Spec Against Code', 'maths');

    const panel = panelFrame(page);
    const failed = panel.getByRole('listitem', { name: 'Criterion 1.1 fails' });
    await failed.waitFor({ timeout: 60_000 });
    await panel.getByRole('heading', { name: 'maths · verify criteria' }).waitFor({ timeout: 30_000 });
    await expect(failed.innerText()).resolves.toContain('npm test (exit 1)');
    // A check does not change code: the write tool was never offered.
    expect(messageRequests(fake)[0]!.body!.tools!.map((t) => (t as { name: string }).name)).not.toContain('fs_write');
    await screenshot(page, 'verify--checklist');

    await failed.getByRole('button', { name: 'Add as task' }).click();
    await failed.getByText('Added as task 3').waitFor({ timeout: 30_000 });
    expect(readFileSync(path.join(workspace, '.kiro/specs/maths/tasks.md'), 'utf8')).toBe(
      MATHS_TASKS +
        '\n- [ ] 3. Make criterion 1.1 hold: WHEN sum is called with two numbers, THE library SHALL return their sum.\n' +
        '  - Found by spec verify: src/sum.js exports no sum, and its test fails.\n' +
        '  - See src/sum.js:1-1\n' +
        '  - _Requirements: 1.1_\n',
    );
    await screenshot(page, 'verify--task-added');

    // The Agent Runs view lists the check as a verification of the spec, with its verdicts (it has no tasks).
    await showViewContainer(page, 'Specwright');
    const runs = sideBarView(page, 'specwright', 'Agent Runs');
    await runs.locator('.monaco-list-row', { hasText: 'maths · verify criteria' }).filter({ hasText: 'completed · 0 pass, 1 fail' }).waitFor({ timeout: 30_000 });
    await expect(runs.locator('.monaco-list-row', { hasText: 'nothing to do' }).count()).resolves.toBe(0);
  });
});
