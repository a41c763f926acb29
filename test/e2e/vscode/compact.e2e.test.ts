import { describe, expect, it } from 'vitest';
import type { RecordedRequest, ScriptedTurn } from '../../support/fakeAnthropic';
import { bash, messageRequests, say, startFakeModel, write } from './fakeModel';
import { codeLens, mathsProject, openFile, panelFrame, screenshot, startVsCode, WORKING_SUM } from './harness';

const isSummaryRequest = (r: RecordedRequest) => JSON.stringify(r.body?.system ?? '').includes('You compress the working history');
const read = (file: string): ScriptedTurn => ({ content: [{ type: 'tool_use', name: 'fs_read', input: { operations: [{ mode: 'Line', path: file }] } }] });

describe('Compact Conversation in VS Code', () => {
  it('the run header’s Compact Conversation summarises the task’s older steps before the next request, shown as one step', async () => {
    let arrived!: () => void;
    const fourthArrived = new Promise<void>((resolve) => (arrived = resolve));
    let release!: () => void;
    const mayAnswer = new Promise<void>((resolve) => (release = resolve));
    // The last two exchanges are never summarised: the button is clicked while the fourth request waits.
    const turns = [write('src/sum.js', WORKING_SUM), read('src/sum.js'), read('package.json'), read('src/sum.js'), bash('npm test'), say('Implemented sum.')];
    let next = 0;
    const { fake, env } = await startFakeModel(async (request) => {
      if (isSummaryRequest(request)) return say('SUMMARY-FROM-PANEL: wrote src/sum.js and read it back.');
      const turn = turns[next++] ?? say('Nothing left.');
      if (next === 4) {
        arrived();
        await mayAnswer;
      }
      return turn;
    });
    const { page } = await startVsCode({ workspace: mathsProject(), env, settings: { 'specwright.autonomyLevel': 'full' } });
    await openFile(page, '.kiro/specs/maths/tasks.md');
    const lens = codeLens(page, /Execute with Agent/).first();
    await lens.waitFor({ timeout: 60_000 });
    await lens.click();

    const panel = panelFrame(page);
    await fourthArrived;
    await panel.getByRole('button', { name: 'Compact Conversation' }).click({ timeout: 30_000 });
    await panel.getByRole('button', { name: 'Compacting…' }).waitFor({ timeout: 10_000 });
    await screenshot(page, 'compact--requested');
    release();

    await panel.getByText(/Compacted the conversation on request/).waitFor({ timeout: 60_000 });
    await panel.getByText(/Task 1 done/).waitFor({ timeout: 60_000 });
    const log = await panel.getByRole('log').innerText();
    expect(log.match(/Compacted the conversation/g)).toHaveLength(1);
    const requests = messageRequests(fake);
    const summary = requests.findIndex(isSummaryRequest);
    expect(summary).toBeGreaterThanOrEqual(4);
    expect(requests[summary + 1]!.rawBody).toContain('SUMMARY-FROM-PANEL');
    await screenshot(page, 'compact--done');
  });
});
