import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RecordedRequest, ScriptedTurn } from '../../support/fakeAnthropic';
import { bash, messageRequests, promptOf, say, startFakeModel, write } from './fakeModel';
import { mathsProject, notification, openFile, panelFrame, pickItem, runCommand, screenshot, startVsCode, waitForEditorLine, WORKING_SUM } from './harness';

const TASKS_MD = '.kiro/specs/maths/tasks.md';

/** The orchestrator hands work to two sub-agents: a quick one, and a reviewer that never answers by itself. */
const AGENTS = {
  '.kiro/agents/orchestrator.md': '---\ndescription: Splits the work\nmodel: claude-haiku-4.5\nwelcomeMessage: Ready to split the work.\n---\nYou are ORCHESTRATOR-PROMPT.\n',
  '.kiro/agents/reviewer.md': '---\ndescription: Reviews code\ntools: [read]\n---\nYou are REVIEWER-PROMPT.\n',
};

const laneOf = (request: RecordedRequest) => /SUB-([A-Z])/.exec(promptOf(request))?.[1] ?? null;

describe('a custom agent and its sub-agents in VS Code', () => {
  it('Execute Task as Custom Agent… runs the task as the picked agent; a lane’s Stop stops that sub-agent alone and the task still finishes', async () => {
    const script = async (request: RecordedRequest): Promise<ScriptedTurn> => {
      const lane = laneOf(request);
      if (lane === 'A') return say('answer from A');
      if (lane === 'B') return { fault: 'hang' };
      const turn = request.body!.messages.length;
      if (turn === 1) return { content: [{ type: 'tool_use', name: 'use_subagent', input: { subagents: [{ query: 'SUB-A: list the exports' }, { query: 'SUB-B: review src/sum.js', agent_name: 'reviewer' }] } }] };
      if (turn === 3) return write('src/sum.js', WORKING_SUM);
      if (turn === 5) return bash('npm test');
      return say('Implemented sum.');
    };
    const { fake, env } = await startFakeModel(script);
    const { page, workspace } = await startVsCode({ workspace: mathsProject(AGENTS), env, settings: { 'specwright.autonomyLevel': 'full' } });
    await openFile(page, TASKS_MD);

    await runCommand(page, 'Specwright: Execute Task as Custom Agent…', { timeoutMs: 60_000 });
    await pickItem(page, 'Specwright: Execute Task as Custom Agent', 'orchestrator');
    await notification(page, /orchestrator: Ready to split the work\./).waitFor({ timeout: 30_000 });
    await pickItem(page, 'Specwright: Execute Task as orchestrator', /Implement sum/);

    const panel = panelFrame(page);
    const stopReviewer = panel.getByRole('button', { name: 'Stop sub-agent reviewer' });
    await stopReviewer.waitFor({ timeout: 60_000 });
    await expect(panel.locator('.sw-header__facts').innerText()).resolves.toMatch(/Agent\s*orchestrator/);
    await screenshot(page, 'customAgentFlow--lanes');
    await stopReviewer.click();

    await panel.getByText(/Task 1 done/).waitFor({ timeout: 60_000 });
    await expect(panel.getByText('✗ stopped').count()).resolves.toBe(1);
    await waitForEditorLine(page, /^- \[x\] 1\. Implement sum/, { file: 'tasks.md' });
    expect(readFileSync(path.join(workspace, 'src/sum.js'), 'utf8')).toBe(WORKING_SUM);

    const requests = messageRequests(fake);
    const orchestrator = requests.filter((r) => !laneOf(r));
    expect(orchestrator[0]!.body!.model).toBe('claude-haiku-4-5');
    expect(JSON.stringify(orchestrator[0]!.body!.system)).toContain('ORCHESTRATOR-PROMPT');
    expect(JSON.stringify(requests.find((r) => laneOf(r) === 'B')!.body!.system)).toContain('REVIEWER-PROMPT');
    const toolResult = JSON.stringify(orchestrator[1]!.body!.messages.at(-1));
    expect(toolResult).toContain('answer from A');
    expect(toolResult).toMatch(/Sub-agent 2 of 2 \(reviewer\): stopped — error\\nStopped before it finished: Stopped by the user from the Agent Activity panel/);
    await screenshot(page, 'customAgentFlow--done');
  });
});
