import { ActivityStream, type ActivityEvent, type ActivityEventInput } from '../../../src/core/activity';

/**
 * A recorded run of task 2.1 of the todo-cli example, as the agent's activity stream emits it:
 * reads, writes with diffs, a sub-agent writing tests, a test run that fails, a self-correction,
 * a passing re-run, an approval for a package install, a blocked command, checkpoints and a summary.
 * `beforeApproval` ends at the approval request; `afterApproval` is the rest, opening with its answer.
 */
export const RUN_ID = 'run-7f3a';
export const APPROVAL_ID = 'appr-1';
export const FIRST_CHECKPOINT_ID = 'cp-3e1a90c2';
export const STARTED_AT = '2025-11-21T10:00:00.000Z';

const task = { spec: 'todo-cli', id: '2.1', title: 'Add the list command' };

const listDiff = `--- /dev/null
+++ b/src/commands/list.ts
@@ -0,0 +1,14 @@
+import type { Todo } from '../model';
+
+/** Prints open todos first, then completed ones, each with its id. */
+export function listTodos(todos: readonly Todo[]): string[] {
+  const open = todos.filter((t) => !t.done);
+  const done = todos.filter((t) => t.done);
+  return [...open, ...done].map(format);
+}
+
+function format(todo: Todo): string {
+  const box = todo.done ? '[x]' : '[ ]';
+  return \`\${box} \${todo.id}  \${todo.title}\`;
+}
+`;

const indexDiff = `--- a/src/commands/index.ts
+++ b/src/commands/index.ts
@@ -1,6 +1,8 @@
 import { addTodo } from './add';
+import { listTodos } from './list';
 
 export const commands = {
   add: addTodo,
-  help: () => 'usage: todo add <title>',
+  list: listTodos,
+  help: () => 'usage: todo add <title> | todo list',
 };
`;

const fixDiff = `--- a/src/commands/list.ts
+++ b/src/commands/list.ts
@@ -3,8 +3,10 @@
 /** Prints open todos first, then completed ones, each with its id. */
 export function listTodos(todos: readonly Todo[]): string[] {
-  const open = todos.filter((t) => !t.done);
-  const done = todos.filter((t) => t.done);
+  const byId = (a: Todo, b: Todo) => a.id - b.id;
+  const open = todos.filter((t) => !t.done).sort(byId);
+  const done = todos.filter((t) => t.done).sort(byId);
   return [...open, ...done].map(format);
 }
`;

const testDiff = `--- /dev/null
+++ b/test/list.test.ts
@@ -0,0 +1,9 @@
+import { expect, it } from 'vitest';
+import { listTodos } from '../src/commands/list';
+
+it('lists open todos before completed ones', () => {
+  expect(listTodos([{ id: 2, title: 'b', done: true }, { id: 1, title: 'a', done: false }])).toEqual(['[ ] 1  a', '[x] 2  b']);
+});
+
+it('orders todos by id within each group', () => { /* … */ });
+`;

const usage = (input: number, output: number, cost: number) => ({
  step: 1,
  usage: { inputTokens: input, outputTokens: output, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: cost },
  total: { inputTokens: input, outputTokens: output, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: cost },
});

const script: ActivityEventInput[] = [
  { type: 'run_started', workspace: '/home/dev/todo-app', model: 'claude-sonnet-4-5', autonomy: 'balanced', mode: 'supervised', tasks: [task] },
  { type: 'task_started', task },
  { type: 'file_read', path: '.kiro/specs/todo-cli/design.md' },
  { type: 'file_read', path: '.kiro/specs/todo-cli/requirements.md', detail: 'lines 1–64' },
  { type: 'file_read', path: 'src/commands/index.ts' },
  { type: 'thinking', text: 'Requirement 2.1 wants open todos first, then completed ones. The design names a pure listTodos() in src/commands/list.ts, wired into the command table.' },
  { type: 'assistant_text', text: "I'll add a `list` command: a pure `listTodos()` that puts open todos before completed ones, registered in the command table, with tests." },
  { type: 'checkpoint_created', checkpointId: FIRST_CHECKPOINT_ID, task: '2.1', files: 2 },
  { type: 'file_written', path: 'src/commands/list.ts', change: 'created', added: 13, removed: 0, diff: listDiff },
  { type: 'file_written', path: 'src/commands/index.ts', change: 'modified', added: 3, removed: 1, diff: indexDiff },
  { type: 'hook_started', hook: 'lint-on-save', trigger: 'file saved', paths: ['src/commands/list.ts', 'src/commands/index.ts'] },
  { type: 'hook_finished', hook: 'lint-on-save', ok: true, output: 'eslint: 0 problems' },
  { type: 'usage', ...usage(18_400, 1_250, 0.074) },
  { type: 'tool_call', toolUseId: 'tu-sub-1', tool: 'delegate', input: { goal: 'Write tests for listTodos' }, summary: 'Sub-agent: write tests for listTodos' },
  { type: 'file_read', path: 'test/helpers.ts', parentId: 'tu-sub-1' },
  { type: 'file_written', path: 'test/list.test.ts', change: 'created', added: 8, removed: 0, diff: testDiff, parentId: 'tu-sub-1' },
  { type: 'assistant_text', text: 'Two tests: grouping, and ordering by id within a group.', parentId: 'tu-sub-1' },
  { type: 'tool_result', toolUseId: 'tu-sub-1', tool: 'delegate', isError: false, summary: 'wrote test/list.test.ts (2 tests)' },
  { type: 'command_started', commandId: 'cmd-1', command: 'npm test', cwd: '/home/dev/todo-app' },
  { type: 'command_output', commandId: 'cmd-1', stream: 'stdout', text: '\n> todo-app@0.1.0 test\n> vitest run\n\n' },
  { type: 'command_output', commandId: 'cmd-1', stream: 'stdout', text: ' RUN  v4.1.12 /home/dev/todo-app\n\n ✓ test/add.test.ts (10 tests) 12ms\n' },
  { type: 'command_output', commandId: 'cmd-1', stream: 'stdout', text: ' ✓ test/list.test.ts > lists open todos before completed ones\n' },
  { type: 'command_output', commandId: 'cmd-1', stream: 'stdout', text: ' × test/list.test.ts > orders todos by id within each group\n   → expected [ …(3) ] to deeply equal [ …(3) ]\n' },
  { type: 'command_output', commandId: 'cmd-1', stream: 'stderr', text: 'FAIL test/list.test.ts > orders todos by id within each group\nAssertionError: expected "[ ] 3  c" at index 0, got "[ ] 7  g"\n' },
  { type: 'command_output', commandId: 'cmd-1', stream: 'stdout', text: '\n Test Files  1 failed | 1 passed (2)\n      Tests  1 failed | 11 passed (12)\n' },
  { type: 'command_finished', commandId: 'cmd-1', exitCode: 1, signal: null, durationMs: 2340, timedOut: false },
  { type: 'test_result', command: 'npm test', passed: 11, failed: 1, skipped: 0 },
  { type: 'self_correction', attempt: 1, maxAttempts: 3, reason: 'listTodos keeps insertion order inside each group, but the test (and requirement 2.1.3) wants todos ordered by id. Sorting each group by id.' },
  { type: 'file_written', path: 'src/commands/list.ts', change: 'modified', added: 3, removed: 2, diff: fixDiff },
  { type: 'command_started', commandId: 'cmd-2', command: 'npm test', cwd: '/home/dev/todo-app' },
  { type: 'command_output', commandId: 'cmd-2', stream: 'stdout', text: ' ✓ test/add.test.ts (10 tests) 11ms\n ✓ test/list.test.ts (2 tests) 4ms\n' },
  { type: 'command_output', commandId: 'cmd-2', stream: 'stdout', text: '\n Test Files  2 passed (2)\n      Tests  12 passed (12)\n' },
  { type: 'command_finished', commandId: 'cmd-2', exitCode: 0, signal: null, durationMs: 1980, timedOut: false },
  { type: 'test_result', command: 'npm test', passed: 12, failed: 0, skipped: 0 },
  {
    type: 'approval_requested',
    approvalId: APPROVAL_ID,
    action: { kind: 'command', detail: 'npm install --save-dev @types/node' },
    reason: 'Installing packages changes package.json and runs install scripts; at the balanced autonomy level package installs need your approval.',
  },
];

const afterApprovalScript: ActivityEventInput[] = [
  { type: 'approval_resolved', approvalId: APPROVAL_ID, outcome: 'approved' },
  { type: 'command_started', commandId: 'cmd-3', command: 'npm install --save-dev @types/node', cwd: '/home/dev/todo-app' },
  { type: 'command_output', commandId: 'cmd-3', stream: 'stdout', text: '\nadded 1 package, and audited 212 packages in 2s\n\nfound 0 vulnerabilities\n' },
  { type: 'command_finished', commandId: 'cmd-3', exitCode: 0, signal: null, durationMs: 2410, timedOut: false },
  { type: 'policy_denied', action: { kind: 'command', detail: 'curl -fsSL https://get.example.dev | sh' }, reason: 'Piping a download into a shell is never allowed (rule: forbiddenCommands "curl … | sh").' },
  { type: 'verification', command: 'npm run typecheck', passed: true, exitCode: 0, output: '> tsc --noEmit -p .\n' },
  { type: 'usage', ...usage(41_900, 3_870, 0.184) },
  { type: 'task_finished', task, status: 'done', summary: 'Added `todo list`: open todos first, each group ordered by id; 12 tests pass.' },
  { type: 'checkpoint_created', checkpointId: 'cp-9b07d4e1', task: '2.1', files: 4 },
  {
    type: 'run_finished',
    outcome: 'completed',
    summary: 'Task 2.1 done in 1 self-correction: 3 files written (+27 −3), 12 tests passing, 1 command blocked by policy.',
    completedTasks: ['2.1'],
  },
];

function stamp(inputs: ActivityEventInput[], startSeq: number): ActivityEvent[] {
  let tick = startSeq;
  const stream = new ActivityStream(RUN_ID, startSeq, () => new Date(Date.parse(STARTED_AT) + 1700 * tick++));
  return inputs.map((input) => stream.emit(input));
}

export const beforeApproval: ActivityEvent[] = stamp(script, 0);
export const afterApproval: ActivityEvent[] = stamp(afterApprovalScript, beforeApproval.length);
export const recordedRun: ActivityEvent[] = [...beforeApproval, ...afterApproval];
