// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { recordedRun } from '../../e2e/panel/recordedRun';
import { eventsOf, initMessage, renderPanel } from './renderPanel';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

type Entry = Parameters<typeof eventsOf>[0][number];
const task = { spec: 'todo-cli', id: '2.1', title: 'Add the list command' };

const kinds: Array<[string, Entry[], RegExp]> = [
  ['the start of a run with its model', [{ type: 'run_started', workspace: '/w', model: 'claude-sonnet-4-5', autonomy: 'balanced', mode: 'supervised', tasks: [task] }], /Run started.*claude-sonnet-4-5/],
  ['a task heading', [{ type: 'task_started', task }], /2\.1\s*Add the list command/],
  ['a finished task with its summary', [{ type: 'task_finished', task, status: 'done', summary: 'List command added.' }], /Task 2\.1 done.*List command added\./],
  ['a task running again after a merge conflict, with the files', [{ type: 'task_rerun', task, files: ['src/list.ts', 'src/cli.ts'], summary: 'Task 2.1 conflicts with changes merged meanwhile.' }], /Task 2\.1 runs again: its work conflicts with work merged meanwhile.*Task 2\.1 conflicts with changes merged meanwhile\..*src\/list\.ts.*src\/cli\.ts/],
  [
    'a task a second conflict stopped, with every file',
    [{ type: 'task_finished', task, status: 'failed', summary: 'Task 2.1 conflicts again.', conflict: { files: ['src/list.ts'], kept: '.kiro/.specwright/worktrees/r-2' } }],
    /Task 2\.1 failed.*Task 2\.1 conflicts again\..*src\/list\.ts/,
  ],
  ['a message from the user', [{ type: 'user_message', text: 'Please also sort by id.' }], /You.*Please also sort by id\./],
  ['the agent speaking', [{ type: 'assistant_text', text: 'I will add a list command.' }], /Agent.*I will add a list command\./],
  ['thinking, folded', [{ type: 'thinking', text: 'secret reasoning' }], /Thinking/],
  ['a tool call with its result', [{ type: 'tool_call', toolUseId: 't1', tool: 'grep', input: { q: 'x' }, summary: 'search for x' }, { type: 'tool_result', toolUseId: 't1', tool: 'grep', isError: false, summary: '3 matches' }], /grep.*search for x.*3 matches/],
  ['a file being read', [{ type: 'file_read', path: '.kiro/specs/todo-cli/design.md' }], /Agent.*Reading .kiro\/specs\/todo-cli\/design\.md…/],
  ['a file write with added and removed counts', [{ type: 'file_written', path: 'src/a.ts', change: 'modified', added: 12, removed: 3, diff: '' }], /Edited src\/a\.ts.*\+12.*−3/],
  ['a command with its exit', [{ type: 'command_started', commandId: 'c', command: 'npm test', cwd: '/w' }, { type: 'command_finished', commandId: 'c', exitCode: 0, signal: null, durationMs: 1500, timedOut: false }], /npm test.*exit 0 · 1\.5 s/],
  ['passing tests', [{ type: 'test_result', command: 'npm test', passed: 12, failed: 0, skipped: 1 }], /PASS.*12 passed · 0 failed · 1 skipped/],
  ['failing tests', [{ type: 'test_result', command: 'npm test', passed: 11, failed: 1, skipped: 0 }], /FAIL.*11 passed · 1 failed/],
  ['an approval request with the policy reason', [{ type: 'approval_requested', approvalId: 'a', action: { kind: 'command', detail: 'npm install x' }, reason: 'Installs need approval.' }], /Approval needed.*npm install x.*Policy: Installs need approval\./],
  ['a blocked action with the policy reason', [{ type: 'policy_denied', action: { kind: 'command', detail: 'rm -rf /' }, reason: 'Never allowed.' }], /Blocked command.*rm -rf \/.*Never allowed\./],
  ['a verification', [{ type: 'verification', command: 'npm run typecheck', passed: false, exitCode: 2, output: 'error TS2322' }], /Verification failed.*npm run typecheck.*error TS2322/],
  ['a self-correction with its reason', [{ type: 'self_correction', attempt: 2, maxAttempts: 3, reason: 'The test expects ids in order.' }], /Self-correction.*2\/3.*The test expects ids in order\./],
  [
    'a compaction as one step',
    [{ type: 'context_compacted', reason: 'threshold', tokensBefore: 162_400, tokensAfter: 38_100, contextWindow: 200_000, summarizedMessages: 24, droppedToolOutputs: 0, pinnedFiles: ['src/a.ts', 'src/b.ts'], summary: 'Read the parser.' }],
    /Compacted the conversation near the context window \(200k\): ~162k → ~38\.1k tokens \(24 messages summarised, 2 changed files kept in view\).*summary/,
  ],
  [
    'a recovery from a refused request',
    [{ type: 'context_compacted', reason: 'prompt_too_long', tokensBefore: 9_000, tokensAfter: 5_000, contextWindow: 7_000, summarizedMessages: 0, droppedToolOutputs: 3, pinnedFiles: [] }],
    /Compacted the conversation after the API refused the request as too long: ~9k → ~5k tokens \(3 tool outputs dropped\)/,
  ],
  ['a day budget nearly spent', [{ type: 'budget_warning', limit: 'day', spentUsd: 8.5, limitUsd: 10, setting: 'agent.budget.maxCostUsdPerDay' }], /85% of today’s budget spent: \$8\.50 of \$10\.00 \(agent\.budget\.maxCostUsdPerDay\)/],
  ['a retry', [{ type: 'retry', attempt: 2, delayMs: 4000, reason: 'overloaded (529)' }], /Retrying \(attempt 2\) in 4\.0 s.*overloaded/],
  ['a checkpoint', [{ type: 'checkpoint_created', checkpointId: 'cp-1', task: '2.1', files: 3 }], /Checkpoint.*cp-1.*task 2\.1.*3 files.*Restore/],
  ['a restored checkpoint', [{ type: 'checkpoint_restored', checkpointId: 'cp-1', files: ['src/a.ts'] }], /Restored checkpoint.*cp-1.*a\.ts/],
  ['a hook run', [{ type: 'hook_started', hook: 'lint-on-save', trigger: 'file saved', paths: [] }, { type: 'hook_finished', hook: 'lint-on-save', ok: false, output: '2 problems' }], /Hook.*lint-on-save.*on file saved.*failed.*2 problems/],
  ['an MCP server that crashed', [{ type: 'mcp_server', server: 'github', status: 'crashed', message: 'the server exited with code 1; restarting in 500 ms (attempt 1 of 5)', attempt: 1 }], /MCP server.*github.*crashed.*restarting in 500 ms/],
  ['an error with its code', [{ type: 'error', message: 'The model request failed.', code: 'E_MODEL' }], /Error \(E_MODEL\).*The model request failed\./],
  ['the final summary line', [{ type: 'run_finished', outcome: 'completed', summary: 'All done.', completedTasks: ['2.1'] }], /Run completed.*1 task completed.*All done\./],
];

describe('the activity log', () => {
  it.each(kinds)('shows %s', (_name, entries, expected) => {
    const panel = renderPanel();
    panel.send(initMessage(eventsOf(entries)));
    expect(screen.getByRole('log').textContent).toMatch(expected);
  });

  it('opens a compaction to show the summary and the files kept in view', () => {
    const panel = renderPanel();
    panel.send(initMessage(eventsOf([{ type: 'context_compacted', reason: 'manual', focus: 'the parser', tokensBefore: 50_000, tokensAfter: 9_000, contextWindow: 200_000, summarizedMessages: 8, droppedToolOutputs: 0, pinnedFiles: ['src/parser.ts'], summary: 'Rewrote the tokenizer; tests pass.' }])));
    const log = screen.getByRole('log');
    expect(log.textContent).toContain('Compacted the conversation on request');
    expect(log.textContent).not.toContain('Rewrote the tokenizer');
    fireEvent.click(within(log).getByRole('button', { name: 'summary of the earlier steps' }));
    expect(log.textContent).toContain('Rewrote the tokenizer; tests pass.');
    expect(log.textContent).toContain('Kept in view: src/parser.ts');
  });

  it('shows no row for usage events, which only update the header', () => {
    const panel = renderPanel();
    const usage = { inputTokens: 1000, outputTokens: 500, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0.25 };
    panel.send(initMessage(eventsOf([{ type: 'file_read', path: 'a.ts' }])));
    panel.send({ type: 'append', events: eventsOf([{ type: 'usage', step: 1, usage, total: usage }], 1) });
    expect(panel.container.querySelectorAll('.sw-step')).toHaveLength(1);
    expect(screen.getByRole('banner').textContent).toMatch(/Tokens1\.5k.*Cost\$0\.25(?!\d)/);
  });

  it('gathers streamed command output under its command row', () => {
    const panel = renderPanel();
    panel.send(initMessage(recordedRun));
    const failing = screen.getAllByText('npm test', { selector: '.sw-step__title code' })[0]!.closest('.sw-step') as HTMLElement;
    expect(within(failing).getByText(/exit 1/)).toBeTruthy();
    expect(failing.querySelector('.sw-output__text')?.textContent).toContain('AssertionError: expected "[ ] 3  c"');
    const failLines = [...failing.querySelectorAll('.sw-output__line--fail')].map((line) => line.textContent);
    expect(failLines).toEqual([' × test/list.test.ts > orders todos by id within each group\n', 'FAIL test/list.test.ts > orders todos by id within each group\n']);
  });

  it('keeps a successful command folded and opens it on request', () => {
    const panel = renderPanel();
    panel.send(initMessage(recordedRun.slice(0, 34)));
    const passing = screen.getAllByText('npm test', { selector: '.sw-step__title code' })[1]!.closest('.sw-step') as HTMLElement;
    expect(passing.querySelector('.sw-output__text')).toBeNull();
    fireEvent.click(within(passing).getByRole('button', { name: 'output of npm test' }));
    expect(passing.querySelector('.sw-output__text')?.textContent).toContain('12 passed (12)');
  });

  it('opens a write to show its diff with added and removed lines marked', () => {
    const panel = renderPanel();
    panel.send(initMessage(recordedRun));
    fireEvent.click(screen.getByRole('button', { name: 'diff of src/commands/index.ts' }));
    const diff = screen.getByRole('region', { name: 'Changes to src/commands/index.ts' });
    expect(diff.querySelector('.sw-diff__line--add')?.textContent).toContain("import { listTodos } from './list';");
    expect(diff.querySelector('.sw-diff__line--del')?.textContent).toContain("help: () => 'usage: todo add <title>',");
  });

  it('folds sub-agent steps under the step that delegated to them', () => {
    const panel = renderPanel();
    panel.send(initMessage(recordedRun));
    expect(screen.queryByText('test/list.test.ts')).toBeNull();
    const fold = screen.getByRole('button', { name: '3 sub-agent steps' });
    expect(fold.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(fold);
    expect(screen.getByText('test/list.test.ts').closest('.sw-step')?.textContent).toMatch(/Sub-agent.*Created/);
  });

  it('shows a use_subagent call with one lane per sub-agent, which are running, and each lane folds its own steps', () => {
    const u = (tokens: number) => ({ inputTokens: tokens, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0.01 });
    const panel = renderPanel();
    panel.send(
      initMessage(
        eventsOf([
          { type: 'tool_call', toolUseId: 'tu-d', tool: 'use_subagent', input: { subagents: [] }, summary: 'Delegating to 2 sub-agents: reviewer, itself' },
          { type: 'subagent_started', subagentId: 'tu-d#1', agent: 'reviewer', query: 'Review src/list.ts for defects', model: 'claude-haiku-4-5', parentId: 'tu-d' },
          { type: 'subagent_started', subagentId: 'tu-d#2', agent: 'itself', query: 'Write tests for listTodos', model: 'claude-sonnet-4-5', parentId: 'tu-d' },
          { type: 'file_read', path: 'src/list.ts', parentId: 'tu-d#1' },
          { type: 'usage', step: 1, usage: u(1200), total: u(1200), parentId: 'tu-d#1' },
          { type: 'assistant_text', text: 'No defects found.', parentId: 'tu-d#1' },
          { type: 'subagent_finished', subagentId: 'tu-d#1', agent: 'reviewer', status: 'done', summary: 'No defects found.', usage: u(1500), parentId: 'tu-d' },
          { type: 'file_written', path: 'test/list.test.ts', change: 'created', added: 8, removed: 0, diff: '', parentId: 'tu-d#2' },
        ]),
      ),
    );
    // The call's lanes show without a click; the lanes' own steps stay folded.
    const reviewer = screen.getByText('reviewer').closest('.sw-step')!;
    expect(reviewer.textContent).toMatch(/Sub-agent.*reviewer.*Review src\/list\.ts for defects.*✓ done.*claude-haiku-4-5.*1\.5k tokens/);
    const writer = screen.getByText('itself').closest('.sw-step')!;
    expect(writer.textContent).toMatch(/Write tests for listTodos.*running.*claude-sonnet-4-5/);
    expect(screen.queryByText('test/list.test.ts')).toBeNull();
    fireEvent.click(within(writer as HTMLElement).getByRole('button', { name: '1 sub-agent step' }));
    expect(screen.getByText('test/list.test.ts').closest('.sw-step')?.textContent).toMatch(/Sub-agent.*Created/);
  });

  it('folds a hook’s command under the hook, credited to the hook rather than the agent', () => {
    const panel = renderPanel();
    panel.send(
      initMessage(
        eventsOf([
          { type: 'hook_started', hook: 'lint', trigger: 'PostFileSave', paths: ['src/a.ts'] },
          { type: 'command_started', commandId: 'h1', command: 'eslint --fix src/a.ts', cwd: '/w', parentId: 'hook:lint' },
          { type: 'command_finished', commandId: 'h1', exitCode: 0, signal: null, durationMs: 12, timedOut: false, parentId: 'hook:lint' },
          { type: 'hook_finished', hook: 'lint', ok: true, output: '' },
        ]),
      ),
    );
    const fold = screen.getByRole('button', { name: '1 hook step' });
    fireEvent.click(fold);
    expect(screen.getByText('eslint --fix src/a.ts').closest('.sw-step')?.querySelector('.sw-actor')?.textContent).toBe('Hook');
    expect(screen.queryByText('Agent')).toBeNull();
  });

  it('shows a resolved approval with its outcome instead of buttons', () => {
    const panel = renderPanel();
    panel.send(initMessage(recordedRun));
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
    expect(screen.getByText(/^Approval:/).closest('.sw-step')?.textContent).toMatch(/npm install --save-dev @types\/node.*Approved/);
  });
});

describe('the header', () => {
  it('shows the task, autonomy level, tokens and cost', () => {
    const panel = renderPanel();
    panel.send(initMessage([], { state: { status: 'running', tokens: 45_770, costUsd: 0.184, startedAt: new Date().toISOString() } }));
    const header = screen.getByRole('banner');
    expect(header.textContent).toMatch(/Running.*todo-cli · 2\.1 Add the list command/);
    expect(header.textContent).toMatch(/Autonomybalanced.*Tokens46k.*Cost\$0\.184/);
  });

  it('names the task the run is working on once it starts one', () => {
    const panel = renderPanel();
    panel.send(initMessage(eventsOf([{ type: 'task_started', task: { spec: 'todo-cli', id: '3', title: 'Persist todos' } }])));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('todo-cli · 3 Persist todos');
  });

  it('stops the elapsed time at the run’s end', () => {
    const panel = renderPanel();
    const state = { status: 'done' as const, tokens: 0, costUsd: 0, startedAt: '2025-11-21T10:00:00.000Z', finishedAt: '2025-11-21T10:02:05.000Z' };
    panel.send(initMessage([], { state }));
    expect(screen.getByRole('banner').textContent).toContain('Elapsed2:05');
  });

  it('says how many steering documents are in play, each once, and lists them with the reason on click', () => {
    const panel = renderPanel();
    const included = (name: string, source: string, inclusion: string, reason: string) => ({ type: 'steering_included' as const, name, source, inclusion, reason });
    panel.send(
      initMessage(
        eventsOf([
          { type: 'task_started', task: { spec: 'todo-cli', id: '1', title: 'Parse' } },
          included('tech', '.kiro/steering/tech.md', 'always', 'always'),
          included('api-style', '.kiro/steering/api-style.md', 'manual', 'manual: #api-style'),
          { type: 'task_started', task: { spec: 'todo-cli', id: '2', title: 'List' } },
          // A later task includes its always documents again: still one document.
          included('tech', '.kiro/steering/tech.md', 'always', 'always'),
        ]),
      ),
    );
    const header = screen.getByRole('banner');
    expect(header.textContent).toContain('Steering2 documents');
    const summary = within(header).getByText('2 documents');
    const details = summary.closest('details')!;
    expect(details.open).toBe(false);
    fireEvent.click(summary);
    expect(details.open).toBe(true);
    expect(within(header).getByRole('list', { name: 'Steering documents' }).textContent).toBe('tech always' + 'api-style manual: #api-style');

    // A document that joins mid-run (a fileMatch on a file the agent read) updates the count as it arrives.
    panel.send({ type: 'append', events: eventsOf([included('api', '.kiro/steering/api.md', 'fileMatch', 'fileMatch: src/api/user.ts ~ src/api/**/*.ts')], 5) });
    expect(header.textContent).toContain('Steering3 documents');
    expect(within(header).getByRole('list', { name: 'Steering documents' }).textContent).toContain('api fileMatch: src/api/user.ts ~ src/api/**/*.ts');
  });

  it('shows no steering figure when nothing steered the run', () => {
    renderPanel().send(initMessage([]));
    expect(screen.getByRole('banner').textContent).not.toContain('Steering');
  });

  it('applies a runState delta without losing the other figures', () => {
    const panel = renderPanel();
    panel.send(initMessage([], { state: { status: 'running', tokens: 1200, costUsd: 0.01, startedAt: new Date().toISOString() } }));
    panel.send({ type: 'runState', costUsd: 0.5 });
    expect(screen.getByRole('banner').textContent).toMatch(/Tokens1\.2k.*Cost\$0\.50(?!\d)/);
  });
});
