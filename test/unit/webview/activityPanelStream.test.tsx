// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { afterApproval, beforeApproval, recordedRun } from '../../e2e/panel/recordedRun';
import { eventsOf, initMessage, renderPanel } from './renderPanel';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const logText = () => screen.getByRole('log').textContent ?? '';

describe('a live run', () => {
  it('renders events the host appends', () => {
    const panel = renderPanel();
    panel.send(initMessage(beforeApproval));
    panel.send({ type: 'append', events: afterApproval });
    expect(logText()).toMatch(/Run completed.*Task 2\.1 done in 1 self-correction/);
  });

  it('adds streamed output to a command that is already shown', () => {
    const panel = renderPanel();
    panel.send(initMessage(eventsOf([{ type: 'command_started', commandId: 'c', command: 'npm test', cwd: '/w' }])));
    panel.send({ type: 'append', events: eventsOf([{ type: 'command_output', commandId: 'c', stream: 'stdout', text: 'first chunk\n' }], 1) });
    panel.send({ type: 'append', events: eventsOf([{ type: 'command_output', commandId: 'c', stream: 'stdout', text: 'second chunk\n' }], 2) });
    expect(panel.container.querySelector('.sw-output__text')?.textContent).toBe('first chunk\nsecond chunk\n');
    expect(panel.container.querySelectorAll('.sw-step')).toHaveLength(1);
  });

  it('ignores appended events it already holds', () => {
    const panel = renderPanel();
    panel.send(initMessage(beforeApproval));
    const rows = panel.container.querySelectorAll('.sw-step').length;
    panel.send({ type: 'append', events: beforeApproval.slice(-3) });
    expect(panel.container.querySelectorAll('.sw-step')).toHaveLength(rows);
  });

  it('says how to start a run when the host has none to show, until one begins', () => {
    const panel = renderPanel();
    expect(screen.getByRole('status').textContent).toBe('Connecting to the run…');
    panel.send({ type: 'idle' });
    expect(screen.getByRole('status').textContent).toMatch(/^No agent run yet\. Run a task with ▶ Execute with Agent in tasks\.md/);
    panel.send(initMessage(beforeApproval));
    expect(screen.queryByText(/No agent run yet/)).toBeNull();
    panel.send({ type: 'idle' }); // late: a run is shown now, and stays
    expect(screen.queryByText(/No agent run yet/)).toBeNull();
  });

  it('starts over when the host re-sends init', () => {
    const panel = renderPanel();
    panel.send(initMessage(recordedRun));
    panel.send(initMessage(eventsOf([{ type: 'assistant_text', text: 'A fresh run.' }], 0, 'run-2')));
    expect(panel.container.querySelectorAll('.sw-step')).toHaveLength(1);
    expect(logText()).toContain('A fresh run.');
  });
});

describe('malformed messages', () => {
  it.each([
    ['a message without a type', { events: [] }],
    ['a message of an unknown type', { type: 'replaceEverything', events: [] }],
    ['an append whose event is not an ActivityEvent', { type: 'append', events: [{ type: 'file_read', seq: 3 }] }],
    ['a runState with a status it does not know', { type: 'runState', status: 'exploded' }],
    ['a string', 'init'],
  ])('drops %s and logs it', (_name, message) => {
    const panel = renderPanel();
    panel.send(initMessage(beforeApproval));
    const before = logText();
    panel.send(message);
    expect(logText()).toBe(before);
    expect(panel.logged).toHaveLength(1);
    expect(panel.logged[0]).toMatch(/^dropped a malformed panel message/);
  });
});

describe('older history', () => {
  const page = eventsOf([{ type: 'file_read', path: 'late.ts' }], 500);
  const older = eventsOf([{ type: 'file_read', path: 'early.ts' }], 499);

  it('asks for the events before the oldest it holds', () => {
    const panel = renderPanel();
    panel.send(initMessage(page, { hasOlder: true }));
    fireEvent.click(screen.getByRole('button', { name: 'Load earlier activity' }));
    expect(panel.vscode.posted.at(-1)).toEqual({ type: 'requestOlder', beforeSeq: 500 });
  });

  it('asks again only after the page it asked for arrives', () => {
    const panel = renderPanel();
    panel.send(initMessage(page, { hasOlder: true }));
    fireEvent.click(screen.getByRole('button', { name: 'Load earlier activity' }));
    fireEvent.click(screen.getByRole('button', { name: 'Loading earlier activity…' }));
    expect(panel.vscode.posted.filter((m) => m.type === 'requestOlder')).toHaveLength(1);
  });

  it('puts an older page above the events it holds', () => {
    const panel = renderPanel();
    panel.send(initMessage(page, { hasOlder: true }));
    panel.send({ type: 'olderPage', events: older, hasOlder: false });
    expect(logText()).toMatch(/early\.ts.*late\.ts/);
    expect(screen.queryByRole('button', { name: 'Load earlier activity' })).toBeNull();
  });

  it('asks for older events when the reader scrolls to the top', () => {
    const panel = renderPanel(undefined, 300);
    panel.send(initMessage(eventsOf(Array.from({ length: 60 }, (_, i) => ({ type: 'file_read' as const, path: `f${i}.ts` })), 100), { hasOlder: true }));
    const log = screen.getByRole('log');
    log.scrollTop = 0;
    fireEvent.scroll(log);
    expect(panel.vscode.posted.at(-1)).toEqual({ type: 'requestOlder', beforeSeq: 100 });
  });
});

describe('filter and search', () => {
  it('shows only writes and checkpoints under Edits', () => {
    const panel = renderPanel();
    panel.send(initMessage(recordedRun));
    fireEvent.click(screen.getByRole('button', { name: /^Edits/ }));
    const titles = [...panel.container.querySelectorAll('.sw-log .sw-step__title')].map((t) => t.textContent);
    expect(titles).toEqual(['Checkpoint cp-3e1a90c2 · task 2.1 · 2 files', 'Created src/commands/list.ts', 'Edited src/commands/index.ts', 'delegate Sub-agent: write tests for listTodos', 'Edited src/commands/list.ts', 'Checkpoint cp-9b07d4e1 · task 2.1 · 4 files']);
  });

  it('keeps a parent step whose sub-agent made an edit', () => {
    const panel = renderPanel();
    panel.send(initMessage(recordedRun));
    fireEvent.click(screen.getByRole('button', { name: /^Edits/ }));
    expect(logText()).toContain('3 sub-agent steps');
  });

  it('shows the failed command, the failing tests and the blocked command under Errors', () => {
    const panel = renderPanel();
    panel.send(initMessage(recordedRun));
    fireEvent.click(screen.getByRole('button', { name: /^Errors/ }));
    const rows = [...panel.container.querySelectorAll('.sw-log .sw-step__line')].map((line) => line.textContent);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/npm test.*exit 1/);
    expect(rows[1]).toMatch(/FAIL.*1 failed/);
    expect(rows[2]).toMatch(/Blocked command/);
  });

  it('counts the steps each filter would show', () => {
    const panel = renderPanel();
    panel.send(initMessage(recordedRun));
    expect(screen.getByRole('button', { name: /^Errors/ }).textContent).toBe('Errors3');
  });

  it('keeps only the steps whose text matches the search, ignoring case', () => {
    const panel = renderPanel();
    panel.send(initMessage(recordedRun));
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search activity' }), { target: { value: 'ASSERTIONERROR' } });
    const rows = panel.container.querySelectorAll('.sw-log .sw-step');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.textContent).toMatch(/npm test.*exit 1/);
  });

  it('says so when nothing matches', () => {
    const panel = renderPanel();
    panel.send(initMessage(recordedRun));
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search activity' }), { target: { value: 'no such text anywhere' } });
    expect(screen.getByText('No steps match this filter.')).toBeTruthy();
  });
});

describe('state across hiding and re-showing', () => {
  it('saves the filter, search and opened rows in the webview state', () => {
    const panel = renderPanel();
    panel.send(initMessage(recordedRun));
    fireEvent.click(screen.getByRole('button', { name: /^Commands/ }));
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search activity' }), { target: { value: 'npm' } });
    fireEvent.click(screen.getAllByRole('button', { name: 'output of npm test' })[1]!);
    const secondRun = recordedRun.find((e) => e.type === 'command_started' && e.commandId === 'cmd-2')!;
    expect(panel.vscode.state).toMatchObject({ filter: 'commands', search: 'npm', toggles: { [`${secondRun.runId}:${secondRun.seq}`]: true } });
  });

  it('comes back with the saved filter, search and draft', () => {
    const saved = { version: 1, filter: 'errors', search: 'blocked', toggles: {}, anchor: null, draft: 'half a thought' };
    const panel = renderPanel(saved);
    panel.send(initMessage(recordedRun));
    expect(screen.getByRole('button', { name: /^Errors/ }).getAttribute('aria-pressed')).toBe('true');
    expect((screen.getByRole('searchbox', { name: 'Search activity' }) as HTMLInputElement).value).toBe('blocked');
    expect((screen.getByRole('combobox', { name: 'Message the agent' }) as HTMLTextAreaElement).value).toBe('half a thought');
    expect(panel.container.querySelectorAll('.sw-log .sw-step')).toHaveLength(1);
  });

  it('ignores a saved state it does not recognise', () => {
    const panel = renderPanel({ version: 99, filter: 'everything' });
    panel.send(initMessage(recordedRun));
    expect(screen.getByRole('button', { name: /^All/ }).getAttribute('aria-pressed')).toBe('true');
  });
});
