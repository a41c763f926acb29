// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { APPROVAL_ID, beforeApproval, FIRST_CHECKPOINT_ID, recordedRun } from '../../e2e/panel/recordedRun';
import { eventsOf, initMessage, renderPanel } from './renderPanel';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

const doneState = { status: 'done' as const, tokens: 0, costUsd: 0, startedAt: '2025-11-21T10:00:00.000Z', finishedAt: '2025-11-21T10:05:00.000Z' };

describe('talking to the host', () => {
  it('posts ready once it listens for messages', () => {
    const panel = renderPanel();
    expect(panel.vscode.posted).toEqual([{ type: 'ready' }]);
  });

  it.each([
    ['Approve', 'approve'],
    ['Reject', 'reject'],
    ['Always allow for this session', 'alwaysAllow'],
  ])('posts %s as a %s message with the approval id', (button, type) => {
    const panel = renderPanel();
    panel.send(initMessage(beforeApproval));
    fireEvent.click(screen.getByRole('button', { name: button }));
    expect(panel.vscode.posted.at(-1)).toEqual({ type, approvalId: APPROVAL_ID });
  });

  it('disables an approval’s buttons once it is answered, so it cannot be answered twice', () => {
    const panel = renderPanel();
    panel.send(initMessage(beforeApproval));
    fireEvent.click(screen.getByRole('button', { name: 'Approve' }));
    expect((screen.getByRole('button', { name: 'Reject' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText('Approving…')).toBeTruthy();
  });

  it('shows the outcome when the host reports the approval resolved', () => {
    const panel = renderPanel();
    panel.send(initMessage(beforeApproval));
    panel.send({ type: 'approvalResolved', approvalId: APPROVAL_ID, outcome: 'always', note: 'Allowed by you for this session.' });
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
    expect(screen.getByText(/^Approval:/).closest('.sw-step')?.textContent).toMatch(/Always allowed for this session.*Allowed by you for this session\./);
  });

  it('posts stop when Stop Agent is clicked', () => {
    const panel = renderPanel();
    panel.send(initMessage(beforeApproval));
    fireEvent.click(screen.getByRole('button', { name: /Stop Agent/ }));
    expect(panel.vscode.posted.at(-1)).toEqual({ type: 'stop' });
    expect(screen.getByRole('button', { name: /Stopping…/ })).toBeTruthy();
  });

  it('offers Stop Hooks, without an autonomy level, on the transcript of hook runs', () => {
    const panel = renderPanel();
    const hookRun = eventsOf([{ type: 'hook_started', hook: 'lint', trigger: 'PostFileSave', paths: ['src/a.ts'] }], 0, 'hooks-20251121T100000Z');
    panel.send(initMessage(hookRun, { run: { runId: 'hooks-20251121T100000Z', task: 'Hooks', autonomy: 'unknown', kind: 'hooks' } }));
    expect(screen.queryByRole('button', { name: /Stop Agent/ })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: /Stop Hooks/ }));
    expect(panel.vscode.posted.at(-1)).toEqual({ type: 'stop' });
    expect(screen.getByRole('banner').textContent).not.toMatch(/Autonomy/);
  });

  it('posts stop when Escape is pressed while the agent runs', () => {
    const panel = renderPanel();
    panel.send(initMessage(beforeApproval));
    fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(panel.vscode.posted.at(-1)).toEqual({ type: 'stop' });
  });

  it('clears a search on Escape instead of stopping the agent', () => {
    const panel = renderPanel();
    panel.send(initMessage(beforeApproval));
    const search = screen.getByRole('searchbox', { name: 'Search activity' });
    fireEvent.change(search, { target: { value: 'npm' } });
    fireEvent.keyDown(search, { key: 'Escape' });
    expect((search as HTMLInputElement).value).toBe('');
    expect(panel.vscode.posted).not.toContainEqual({ type: 'stop' });
  });

  it('offers no Stop Agent once the run is done, and Escape posts nothing', () => {
    const panel = renderPanel();
    panel.send(initMessage(recordedRun, { state: doneState }));
    expect(screen.queryByRole('button', { name: /Stop Agent/ })).toBeNull();
    fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(panel.vscode.posted).toEqual([{ type: 'ready' }]);
  });

  it('posts restoreCheckpoint with the checkpoint id once the run is done', () => {
    const panel = renderPanel();
    panel.send(initMessage(recordedRun, { state: doneState }));
    fireEvent.click(screen.getByRole('button', { name: `Restore checkpoint ${FIRST_CHECKPOINT_ID}` }));
    expect(panel.vscode.posted.at(-1)).toEqual({ type: 'restoreCheckpoint', checkpointId: FIRST_CHECKPOINT_ID });
  });

  it('keeps Restore disabled while the agent runs', () => {
    const panel = renderPanel();
    panel.send(initMessage(beforeApproval));
    expect((screen.getByRole('button', { name: /^Restore checkpoint/ }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('posts openFile when a path is clicked', () => {
    const panel = renderPanel();
    panel.send(initMessage(beforeApproval));
    fireEvent.click(screen.getByRole('button', { name: '.kiro/specs/todo-cli/design.md' }));
    expect(panel.vscode.posted.at(-1)).toEqual({ type: 'openFile', path: '.kiro/specs/todo-cli/design.md' });
  });

  it('opens a file a task conflicted in from its re-run notice', () => {
    const panel = renderPanel();
    panel.send(initMessage(eventsOf([{ type: 'task_rerun', task: { spec: 'todo-cli', id: '3', title: 'Sort' }, files: ['src/list.ts'], summary: 'Task 3 conflicts.' }])));
    const files = screen.getByRole('list', { name: 'Conflicting files' });
    fireEvent.click(within(files).getByRole('button', { name: 'src/list.ts' }));
    expect(panel.vscode.posted.at(-1)).toEqual({ type: 'openFile', path: 'src/list.ts' });
  });

  it('ticks the elapsed time each second while the agent runs', () => {
    vi.useFakeTimers({ now: Date.parse('2025-11-21T10:00:05.000Z') });
    const panel = renderPanel();
    panel.send(initMessage([], { state: { status: 'running', tokens: 0, costUsd: 0, startedAt: '2025-11-21T10:00:00.000Z' } }));
    expect(screen.getByRole('banner').textContent).toContain('Elapsed0:05');
    act(() => void vi.advanceTimersByTime(3000));
    expect(screen.getByRole('banner').textContent).toContain('Elapsed0:08');
  });
});

describe('the composer', () => {
  const open = () => {
    const panel = renderPanel();
    panel.send(initMessage(eventsOf([{ type: 'assistant_text', text: 'Which order do you want?' }])));
    return { panel, box: screen.getByRole('combobox', { name: 'Message the agent' }) as HTMLTextAreaElement };
  };

  it('sends the message on Enter and clears the box', () => {
    const { panel, box } = open();
    fireEvent.change(box, { target: { value: 'By id, please.' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(panel.vscode.posted.at(-1)).toEqual({ type: 'sendMessage', text: 'By id, please.' });
    expect(box.value).toBe('');
  });

  it('sends the message with the Send button', () => {
    const { panel, box } = open();
    fireEvent.change(box, { target: { value: 'Newest first.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(panel.vscode.posted.at(-1)).toEqual({ type: 'sendMessage', text: 'Newest first.' });
  });

  it('leaves Shift+Enter to start a new line', () => {
    const { panel, box } = open();
    fireEvent.change(box, { target: { value: 'First line' } });
    fireEvent.keyDown(box, { key: 'Enter', shiftKey: true });
    expect(panel.vscode.posted.filter((m) => m.type === 'sendMessage')).toEqual([]);
  });

  it('sends nothing when the box holds only spaces', () => {
    const { panel, box } = open();
    fireEvent.change(box, { target: { value: '   ' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(panel.vscode.posted.filter((m) => m.type === 'sendMessage')).toEqual([]);
  });
});
