import { describe, expect, it } from 'vitest';
import type { SpecStatus } from '../../../src/core/workflow';
import { NOTICE_ACTIONS, outcomeNotice } from '../../../src/extension/agent/outcomeNotice';
import { openTaskPicks } from '../../../src/extension/agent/taskPicks';
import { restorePlanText } from '../../../src/extension/agent/restoreText';
import { phasesApprovedBeyond, nextStepText, workflowProgressText } from '../../../src/extension/commands/workflowText';
import { formatCost, formatTokens } from '../../../src/core/activity';
import { autonomyStatusText, runStatusText, runStatusTooltip, sandboxStatusView } from '../../../src/extension/status/statusText';
import { hookDescription, runDescription, runLabel, specDescription, taskDescription } from '../../../src/extension/views/treeText';
import { task1, task2 } from './fixtures';

const phase = (p: string, status: 'missing' | 'draft' | 'approved') => ({ phase: p, file: `${p}.md`, exists: status !== 'missing', status, edited: false, staleBecause: [] });
const status = (phases: ReturnType<typeof phase>[], current: string | null, next: string | null): SpecStatus =>
  ({ name: 's', type: 'feature', flow: 'requirements-first', tracked: true, phases, current, next, complete: phases.every((p) => p.status === 'approved'), notices: [] }) as unknown as SpecStatus;

const task = (id: string, s: 'todo' | 'done' | 'in_progress', extra: object = {}) => ({ id, title: `Task ${id}`, status: s, optional: false, depth: id.split('.').length - 1, children: [], details: [], ...extra });

describe('status bar text', () => {
  it('formats tokens and cost compactly', () => {
    expect(formatTokens(950)).toBe('950');
    expect(formatTokens(12_345)).toBe('12k');
    expect(formatTokens(1_500)).toBe('1.5k');
    expect(formatTokens(2_500_000)).toBe('2.5M');
    expect(formatCost(0.0042)).toBe('$0.0042');
    expect(formatCost(1.234)).toBe('$1.23');
  });

  it('shows the running task with its tokens and cost', () => {
    expect(runStatusText({ status: 'running', taskId: '2.1', taskTitle: 'x', tokens: 12_345, costUsd: 0.04 })).toBe('$(sync~spin) Task 2.1 · 12k tokens · $0.04');
    expect(runStatusText({ status: 'running', taskId: '2.1', taskTitle: 'x', tokens: 0, costUsd: 0, awaitingApproval: true })).toContain('$(bell) Task 2.1 · needs approval');
    expect(runStatusText({ status: 'running', taskId: null, taskTitle: null, tokens: 1_400, costUsd: 0.002, awaitingInput: true, chat: true })).toBe('$(bell) Chat · waiting for you · 1.4k tokens · $0.0020');
    expect(runStatusTooltip({ status: 'done', taskId: null, taskTitle: null, tokens: 0, costUsd: 0, chat: true })).toMatch(/^Specwright: the chat finished\./);
  });

  it('says when the run or the day passed 80% of its budget, in the text and the tooltip', () => {
    const view = { status: 'running' as const, taskId: '2', taskTitle: 'x', tokens: 1_000, costUsd: 4.2, budgetWarning: { limit: 'run' as const, spentUsd: 4.2, limitUsd: 5, setting: 'agent.budget.maxCostUsdPerRun' as const } };
    expect(runStatusText(view)).toBe('$(sync~spin) Task 2 · 1k tokens · $4.20 · $(warning) 84% of run budget');
    expect(runStatusTooltip(view)).toContain('84% of this run’s budget spent: $4.20 of $5.00 (agent.budget.maxCostUsdPerRun).');
    expect(runStatusText({ ...view, budgetWarning: null })).not.toContain('budget');
  });

  it('shows the autonomy level, and the mode when it is not autonomous', () => {
    expect(autonomyStatusText('balanced', 'autonomous')).toBe('$(shield) Balanced');
    expect(autonomyStatusText('cautious', 'supervised')).toBe('$(shield) Cautious · Supervised');
  });
});

describe('tree labels', () => {
  it('describes a spec by its phase under review and its task progress', () => {
    const s = status([phase('requirements', 'approved'), phase('design', 'draft'), phase('tasks', 'missing')], 'design', 'tasks');
    expect(specDescription(s, { done: 7, total: 12 })).toBe('design · draft · tasks 7/12');
    expect(specDescription(null, { done: 0, total: 3 })).toBe('tasks 0/3');
  });

  it('describes tasks, runs and hooks', () => {
    expect(taskDescription({ status: 'in_progress', optional: true, children: [] })).toBe('in progress · optional');
    expect(runLabel({ spec: 'todo', requested: [task1], verification: null })).toBe('todo · 1 Add store');
    expect(runLabel({ spec: 'todo', requested: [task1, task2], verification: null })).toBe('todo · 2 tasks');
    // A spec verify run has no tasks: it is a verification of the spec, not a run with nothing to do.
    expect(runLabel({ spec: 'todo', requested: [], verification: { spec: 'todo', pass: 2, fail: 1, unknown: 0 } })).toBe('todo · verify criteria');
    expect(runLabel({ spec: 'todo', requested: [], verification: { spec: 'todo', task: '2', pass: 0, fail: 0, unknown: 0 } })).toBe("todo · verify task 2's criteria");
    expect(runLabel({ spec: null, requested: [], verification: null, steeringDocuments: ['product.md', 'tech.md'] })).toBe('steering · generate product.md, tech.md');
    expect(runLabel({ spec: null, requested: [], verification: null, steeringDocuments: null, chatPrompt: 'Review src/sum.js\nand the tests' })).toBe('Chat · Review src/sum.js');
    const at = new Date(2025, 2, 3, 14, 5);
    expect(runDescription({ outcome: 'stopped', completed: [task1], requested: [task1, task2], verification: null }, { tokens: 3500, costUsd: 0.035 }, at, at)).toBe('stopped · 1/2 · 3.5k tokens · $0.035 · 14:05');
    expect(runDescription({ outcome: 'completed', completed: [], requested: [], verification: { spec: 'todo', pass: 2, fail: 1, unknown: 1 } }, { tokens: 3500, costUsd: 0.035 }, at, at)).toBe('completed · 2 pass, 1 fail, 1 unknown · 3.5k tokens · $0.035 · 14:05');
    expect(runDescription({ outcome: 'completed', completed: [], requested: [], verification: null, kind: 'chat' }, { tokens: 3500, costUsd: 0.035 }, at, at)).toBe('completed · 3.5k tokens · $0.035 · 14:05');
    expect(hookDescription({ trigger: 'PostFileSave', enabled: false, scope: 'workspace' }, { result: { ok: false, ran: true, output: '' }, at }, at)).toBe('PostFileSave · disabled · last run 14:05 failed');
  });
});

describe('notices and prompts', () => {
  it('offers resume and discard when a run is stopped', () => {
    const notice = outcomeNotice({ outcome: 'stopped', summary: '', completed: [task1], remaining: [task2] });
    expect(notice.text).toBe('Specwright: the agent was stopped. Task 2 (Add CLI) is not done; its changes so far are still in the workspace.');
    expect(notice.actions).toEqual([NOTICE_ACTIONS.resume, NOTICE_ACTIONS.discard, NOTICE_ACTIONS.openActivity]);
  });

  it('reports a finished run with its summary', () => {
    expect(outcomeNotice({ outcome: 'completed', summary: '1 of 1 task done.', completed: [task1], remaining: [] }).text).toBe('Specwright: the agent finished. 1 of 1 task done.');
  });

  it('lists open tasks across specs for the palette', () => {
    const picks = openTaskPicks([{ spec: 'a', tasks: [task('1', 'done'), task('2', 'in_progress'), task('2.1', 'todo')] as never }]);
    expect(picks.map((p) => [p.taskId, p.label, p.description])).toEqual([
      ['2', '2 Task 2', 'a · in progress'],
      ['2.1', '  2.1 Task 2.1', 'a'],
    ]);
  });

  it('previews a restore file by file, conflicts apart', () => {
    const text = restorePlanText({
      changes: [{ path: 'src/a.ts', action: 'modify', added: 3, removed: 1 }, { path: 'src/new.ts', action: 'delete' }],
      conflicts: [{ path: 'src/a.ts', reason: 'you edited it after the agent' }],
      warnings: [],
    });
    expect(text).toContain('Revert src/a.ts (+3 −1)\nDelete src/new.ts');
    expect(text).toContain('⚠ src/a.ts: you edited it after the agent');
  });

  it('names the next workflow step and what a lens on an earlier phase would also approve', () => {
    const s = status([phase('requirements', 'draft'), phase('design', 'draft'), phase('tasks', 'missing')], 'design', 'tasks');
    expect(nextStepText(s)).toBe('Approve design.md and generate tasks.md');
    expect(phasesApprovedBeyond(s, 'requirements')).toEqual(['design.md']);
    expect(phasesApprovedBeyond(s, 'design')).toEqual([]);
    expect(workflowProgressText({ type: 'phase_started', phase: 'design', file: '.kiro/specs/s/design.md', action: 'generate' })).toBe('Writing .kiro/specs/s/design.md…');
  });
});

describe('sandbox status bar item', () => {
  it('is quiet when commands are sandboxed and a warning, with the reason and the fix, when not', () => {
    expect(sandboxStatusView('on', 'Sandbox on (bubblewrap; no network)')).toEqual({ text: '$(shield) Sandboxed', tooltip: 'Specwright: Sandbox on (bubblewrap; no network)', warning: false });
    const missing = sandboxStatusView('unavailable', 'Sandbox unavailable: bubblewrap (bwrap) is not installed. To enable it: install bubblewrap');
    expect(missing).toMatchObject({ text: '$(warning) No sandbox', warning: true, tooltip: expect.stringContaining('To enable it: install bubblewrap') });
    expect(sandboxStatusView('off', 'Sandbox off: SPECWRIGHT_SANDBOX=off').text).toBe('$(warning) Sandbox off');
  });
});
