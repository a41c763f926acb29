import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScriptedTurn } from '../../support/fakeAnthropic';
import { bash, promptOf, say, startFakeModel, write } from './fakeModel';
import { codeLens, mathsProject, openFile, panelFrame, startVsCode, WORKING_SUM } from './harness';

const TASKS_MD = '.kiro/specs/maths/tasks.md';
const TASKS = `# Implementation Plan

- [ ] 1. Implement sum
  - Export sum(a, b) from src/sum.js
  - _Requirements: 1.1_

- [ ] 2. Document sum
  - _Depends: none_
  - _Requirements: 1.1_
`;
const README = '# maths\n\n`sum(a, b)` returns a + b.\n';

describe('tasks side by side in VS Code', () => {
  it('Run all in parallel (the lens) runs two independent tasks at once, each in its own worktree, and merges both', async () => {
    // Each task's first request waits until the other's has arrived: only tasks that run at once get past it.
    const arrived = new Set<string>();
    let release!: () => void;
    const both = new Promise<void>((resolve) => (release = resolve));
    let together = false;
    const { env } = await startFakeModel(async (request): Promise<ScriptedTurn> => {
      const task = /Implement sum|Document sum/.exec(promptOf(request))?.[0] ?? '';
      const turn = request.body!.messages.length;
      if (turn === 1) {
        arrived.add(task);
        if (arrived.size === 2) {
          together = true;
          release();
        }
        await Promise.race([both, new Promise((resolve) => setTimeout(resolve, 30_000))]);
        // Both write the same working sum (their tests need it); the same change on both sides merges cleanly.
        return write('src/sum.js', WORKING_SUM);
      }
      if (turn === 3) return task === 'Document sum' ? write('README.md', README) : bash('npm test');
      if (turn === 5 && task === 'Document sum') return bash('npm test');
      return say(`${task}: done.`);
    });
    const workspace = mathsProject({ [TASKS_MD]: TASKS });
    const { page } = await startVsCode({ workspace, env, settings: { 'specwright.autonomyLevel': 'full' } });
    await openFile(page, TASKS_MD);

    await codeLens(page, /Run all in parallel/).first().click({ timeout: 60_000 });
    const panel = panelFrame(page);
    await panel.getByText(/2 of 2 tasks done/).first().waitFor({ timeout: 120_000 });
    expect(together).toBe(true);
    expect(readFileSync(path.join(workspace, TASKS_MD), 'utf8')).toBe(TASKS.replace(/- \[ \]/g, '- [x]'));
    expect(readFileSync(path.join(workspace, 'src/sum.js'), 'utf8')).toBe(WORKING_SUM);
    expect(readFileSync(path.join(workspace, 'README.md'), 'utf8')).toBe(README);
  });
});
