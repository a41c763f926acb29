import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { untilStopped, type ApprovalRequest } from '../../../src/core/approvals';
import { HookDispatcher, type HookDispatcherOptions, type HookEvent } from '../../../src/core/hooks';
import { allowAll, folderWith, hook, logLines, noSandbox, recorder, waitFor } from './fixtures';

const dispatchers: HookDispatcher[] = [];
afterEach(async () => {
  await Promise.all(dispatchers.splice(0).map((d) => d.dispose()));
});

function setUp(options: Partial<HookDispatcherOptions> & Pick<HookDispatcherOptions, 'hooks'>) {
  const workspace = folderWith({ 'src/a.ts': '', 'src/b.ts': '', 'src/c.ts': '' });
  const out = folderWith({}, 'sw-hooks-out-');
  const activity = recorder();
  const dispatcher = new HookDispatcher({ workspace, trusted: true, debounceMs: 0, commandPolicy: allowAll, sandbox: noSandbox, emit: activity.emit, ...options });
  dispatchers.push(dispatcher);
  return { workspace, out, activity, dispatcher };
}

describe('hook dispatch', () => {
  it('runs a hook once for a burst of saves, with every saved path', async () => {
    const out = folderWith({}, 'sw-hooks-out-');
    const { dispatcher } = setUp({ debounceMs: 200, hooks: [hook({ name: 'paths', action: { type: 'command', command: `printf '%s\\n---\\n' "$KIRO_HOOK_PATHS" >> ${out}/runs` } })] });
    for (const file of ['src/a.ts', 'src/b.ts', 'src/a.ts', 'src/c.ts']) dispatcher.notifyFileEvent({ kind: 'save', path: file, source: 'user' });
    await dispatcher.whenIdle();
    expect(readFileSync(`${out}/runs`, 'utf8')).toBe('src/a.ts\nsrc/b.ts\nsrc/c.ts\n---\n');
  });

  it('fires only the hooks whose trigger and matcher fit, and never a disabled one', async () => {
    const out = folderWith({}, 'sw-hooks-out-');
    const { dispatcher } = setUp({
      hooks: [
        hook({ name: 'ts', matcher: { kind: 'regex', pattern: '\\.ts$' }, action: { type: 'command', command: `echo ts >> ${out}/log` } }),
        hook({ name: 'md', matcher: { kind: 'globs', patterns: ['**/*.md'] }, action: { type: 'command', command: `echo md >> ${out}/log` } }),
        hook({ name: 'created', trigger: 'PostFileCreate', action: { type: 'command', command: `echo created >> ${out}/log` } }),
        hook({ name: 'off', enabled: false, action: { type: 'command', command: `echo off >> ${out}/log` } }),
      ],
    });
    dispatcher.notifyFileEvent({ kind: 'save', path: 'src/a.ts', source: 'user' });
    await dispatcher.whenIdle();
    expect(logLines(`${out}/log`)).toEqual(['ts']);
  });

  it('runs a hook one at a time, and queues the triggers that arrive during a run as one more run', async () => {
    const out = folderWith({}, 'sw-hooks-out-');
    const command = `echo "start $KIRO_HOOK_PATHS" | tr '\\n' ' ' >> ${out}/log; echo >> ${out}/log; sleep 0.4; echo end >> ${out}/log`;
    const { dispatcher, activity } = setUp({ hooks: [hook({ name: 'slow', action: { type: 'command', command } })] });
    dispatcher.notifyFileEvent({ kind: 'save', path: 'src/a.ts', source: 'user' });
    await waitFor(() => activity.of('hook_started').length === 1, 'the first run to start');
    for (const file of ['src/b.ts', 'src/c.ts', 'src/b.ts']) dispatcher.notifyFileEvent({ kind: 'save', path: file, source: 'user' });
    await dispatcher.whenIdle();
    expect(logLines(`${out}/log`).map((l) => l.trim())).toEqual(['start src/a.ts', 'end', 'start src/b.ts src/c.ts', 'end']);
  });

  it('lets a failing PreToolUse command block the tool call, with its output as the reason', async () => {
    const { dispatcher } = setUp({
      hooks: [hook({ name: 'no secrets', trigger: 'PreToolUse', matcher: { kind: 'regex', pattern: '^fs_write$' }, action: { type: 'command', command: 'echo "writes to .env are not allowed" >&2; exit 3' } })],
    });
    const blocked = await dispatcher.dispatchAgentEvent({ trigger: 'PreToolUse', tool: 'fs_write', toolInput: { path: '.env' } });
    expect(blocked).toMatchObject({ blocked: true, reason: 'Hook "no secrets" blocked this: writes to .env are not allowed' });
    const other = await dispatcher.dispatchAgentEvent({ trigger: 'PreToolUse', tool: 'fs_read', toolInput: { path: '.env' } });
    expect(other).toEqual({ blocked: false, results: [] });
  });

  it('lets an agent Pre hook block by answering ok: false, and does not block on a Post hook failure', async () => {
    const { dispatcher } = setUp({
      hooks: [
        hook({ name: 'review task', trigger: 'PreTaskExecution', action: { type: 'agent', prompt: 'Is this task safe?' } }),
        hook({ name: 'after', trigger: 'PostToolUse', action: { type: 'command', command: 'exit 1' } }),
      ],
      runAgentPrompt: async () => ({ ok: false, output: 'the task deletes the database' }),
    });
    const pre = await dispatcher.dispatchAgentEvent({ trigger: 'PreTaskExecution', task: { spec: 'db', id: '1', title: 'Drop tables' } });
    expect(pre).toMatchObject({ blocked: true, reason: 'Hook "review task" blocked this: the task deletes the database' });
    const post = await dispatcher.dispatchAgentEvent({ trigger: 'PostToolUse', tool: 'fs_write' });
    expect(post.blocked).toBe(false);
    expect(post.results).toMatchObject([{ hook: 'after', ran: true, ok: false }]);
  });

  it('does not run a command the policy forbids, and reports why', async () => {
    const out = folderWith({}, 'sw-hooks-out-');
    const { dispatcher, activity } = setUp({
      hooks: [hook({ name: 'cleanup', action: { type: 'command', command: `rm -rf build && touch ${out}/ran` } })],
      commandPolicy: (command) => (command.startsWith('rm') ? { decision: 'deny', reason: '"rm -rf" is forbidden by forbiddenCommands' } : { decision: 'allow', reason: 'ok' }),
    });
    dispatcher.notifyFileEvent({ kind: 'save', path: 'src/a.ts', source: 'user' });
    await dispatcher.whenIdle();
    expect(existsSync(`${out}/ran`)).toBe(false);
    expect(activity.of('hook_finished')).toMatchObject([{ hook: 'cleanup', ok: false, output: 'Not run: "rm -rf" is forbidden by forbiddenCommands' }]);
    expect(activity.of('policy_denied')).toHaveLength(1);
    expect(activity.of('command_started')).toHaveLength(0);
  });

  it('treats a policy "ask" as no unless the approvals port says yes, asking once and recording the answer', async () => {
    const out = folderWith({}, 'sw-hooks-out-');
    const askHook = hook({ name: 'deploy', trigger: 'Manual', action: { type: 'command', command: `touch ${out}/deployed` } });
    const ask = () => ({ decision: 'ask' as const, reason: 'deploys need approval' });
    const refused = setUp({ hooks: [askHook], commandPolicy: ask });
    expect(await refused.dispatcher.runHook(askHook)).toMatchObject({ ran: false, ok: false });
    expect(existsSync(`${out}/deployed`)).toBe(false);
    const asked: string[] = [];
    const approvals = {
      request: async (request: ApprovalRequest) => {
        asked.push(request.approvalId);
        return { outcome: request.hook === 'deploy' && request.action.detail.includes('deployed') ? ('approved' as const) : ('rejected' as const) };
      },
    };
    const approved = setUp({ hooks: [askHook], commandPolicy: ask, approvals });
    expect(await approved.dispatcher.runHook(askHook)).toMatchObject({ ran: true, ok: true });
    expect(existsSync(`${out}/deployed`)).toBe(true);
    expect(approved.activity.of('approval_requested')).toMatchObject([{ approvalId: asked[0], action: { kind: 'command' }, reason: 'hook "deploy": deploys need approval' }]);
    expect(approved.activity.of('approval_resolved')).toMatchObject([{ approvalId: asked[0], outcome: 'approved' }]);
  });

  it('gives a command the event as JSON on stdin and in environment variables', async () => {
    const out = folderWith({}, 'sw-hooks-out-');
    const command = `cat > ${out}/stdin.json; node -e "process.stdout.write(JSON.stringify({event: JSON.parse(process.env.KIRO_HOOK_EVENT), prompt: process.env.USER_PROMPT, name: process.env.KIRO_HOOK_NAME}))" > ${out}/env.json`;
    const { dispatcher, workspace } = setUp({ hooks: [hook({ name: 'on prompt', trigger: 'UserPromptSubmit', action: { type: 'command', command } })] });
    await dispatcher.dispatchAgentEvent({ trigger: 'UserPromptSubmit', prompt: 'add a "done" flag' });
    const expected: HookEvent = { hook: 'on prompt', trigger: 'UserPromptSubmit', paths: [], manual: false, workspace, prompt: 'add a "done" flag' };
    // Kiro CLI's fields ride along on stdin, so its hook scripts read the same event.
    expect(JSON.parse(readFileSync(`${out}/stdin.json`, 'utf8'))).toEqual({ ...expected, hook_event_name: 'userPromptSubmit', cwd: workspace });
    expect(JSON.parse(readFileSync(`${out}/env.json`, 'utf8'))).toEqual({ event: expected, prompt: 'add a "done" flag', name: 'on prompt' });
  });

  it('gives a tool hook the tool as Kiro CLI (stdin) and the Kiro IDE (USER_PROMPT) pass it', async () => {
    const out = folderWith({}, 'sw-hooks-out-');
    const command = `cat > ${out}/stdin.json; printf '%s' "$USER_PROMPT" > ${out}/user-prompt.json`;
    const { dispatcher } = setUp({ hooks: [hook({ name: 'audit', trigger: 'PostToolUse', action: { type: 'command', command } })] });
    await dispatcher.dispatchAgentEvent({ trigger: 'PostToolUse', tool: 'execute_bash', toolInput: { command: 'npm test' }, toolResult: { content: '3 passed', isError: false } });
    expect(JSON.parse(readFileSync(`${out}/stdin.json`, 'utf8'))).toMatchObject({
      hook_event_name: 'postToolUse',
      tool_name: 'execute_bash',
      tool_input: { command: 'npm test' },
      tool_response: { success: true, result: '3 passed' },
    });
    expect(JSON.parse(readFileSync(`${out}/user-prompt.json`, 'utf8'))).toEqual({ toolName: 'execute_bash', toolArgs: { command: 'npm test' }, toolResult: '3 passed', toolSuccess: true });
  });

  it('gives file hooks the file under the names hooks in the wild use: $KIRO_FILE_PATH, $KIRO_HOOK_FILE, ${file}', async () => {
    const out = folderWith({}, 'sw-hooks-out-');
    const command = `echo "$KIRO_FILE_PATH|$KIRO_HOOK_FILE|\${file}|$KIRO_HOOK_PATHS" >> ${out}/seen.txt`;
    const { dispatcher, workspace } = setUp({ hooks: [hook({ name: 'format', action: { type: 'command', command } })] });
    dispatcher.notifyFileEvent({ kind: 'save', path: 'src/a.py', source: 'user' });
    await dispatcher.whenIdle();
    const absolute = path.join(workspace, 'src/a.py');
    expect(logLines(`${out}/seen.txt`)).toEqual([`${absolute}|${absolute}|${absolute}|src/a.py`]);
  });

  it('runs a command written for one file once per file of a burst, and other commands once', async () => {
    const out = folderWith({}, 'sw-hooks-out-');
    const { dispatcher } = setUp({
      hooks: [
        hook({ name: 'per file', action: { type: 'command', command: `echo "\${file##*/}" >> ${out}/per-file.txt` } }),
        hook({ name: 'once', action: { type: 'command', command: `echo "$KIRO_HOOK_PATHS" | tr '\\n' ' ' >> ${out}/once.txt; echo >> ${out}/once.txt` } }),
      ],
    });
    for (const name of ['a.py', 'b.py', 'c.py']) dispatcher.notifyFileEvent({ kind: 'save', path: name, source: 'user' });
    await dispatcher.whenIdle();
    expect(logLines(`${out}/per-file.txt`)).toEqual(['a.py', 'b.py', 'c.py']);
    expect(logLines(`${out}/once.txt`)).toEqual(['a.py b.py c.py ']);
  });

  it('sets TOOL_NAME for tool hooks and streams the command output as activity', async () => {
    const { dispatcher, activity } = setUp({ hooks: [hook({ name: 'log tool', trigger: 'PostToolUse', action: { type: 'command', command: 'echo "tool=$TOOL_NAME"' } })] });
    await dispatcher.dispatchAgentEvent({ trigger: 'PostToolUse', tool: 'execute_bash' });
    expect(activity.of('command_output').map((e) => e.text).join('')).toBe('tool=execute_bash\n');
    expect(activity.events.map((e) => e.type)).toEqual(['hook_started', 'command_started', 'command_output', 'command_finished', 'hook_finished']);
    expect(activity.of('hook_finished')).toMatchObject([{ hook: 'log tool', ok: true, output: 'tool=execute_bash' }]);
  });

  it('sends an agent hook its prompt with what happened', async () => {
    const prompts: string[] = [];
    const { dispatcher } = setUp({
      hooks: [hook({ name: 'register', trigger: 'PostFileCreate', action: { type: 'agent', prompt: 'Register the new component.' } })],
      runAgentPrompt: async (prompt) => {
        prompts.push(prompt);
        return { ok: true, output: 'registered' };
      },
    });
    dispatcher.notifyFileEvent({ kind: 'create', path: 'src/a.ts', source: 'agent' });
    await dispatcher.whenIdle();
    expect(prompts).toEqual(['Register the new component.\n\n[Hook "register" fired on PostFileCreate]\nFiles: src/a.ts']);
  });

  it('stops a command at its timeout and reports the hook as failed', async () => {
    const quick = hook({ name: 'hangs', trigger: 'Manual', timeoutMs: 500, action: { type: 'command', command: 'sleep 30' } });
    const { dispatcher } = setUp({ hooks: [quick] });
    const result = await dispatcher.runHook(quick);
    expect(result).toMatchObject({ ran: true, ok: false, output: '(stopped: timed out after 0.5 s)' });
  });

  it('stops a running hook by hand, drops its queued run, and still fires on later saves', async () => {
    const out = folderWith({}, 'sw-hooks-out-');
    const command = `echo "start $KIRO_HOOK_PATHS" >> ${out}/log; sleep 30; echo late >> ${out}/log`;
    const { dispatcher, activity } = setUp({ hooks: [hook({ name: 'slow', action: { type: 'command', command } })] });
    dispatcher.notifyFileEvent({ kind: 'save', path: 'src/a.ts', source: 'user' });
    await waitFor(() => activity.of('command_started').length === 1 && existsSync(`${out}/log`), 'the run to start');
    dispatcher.notifyFileEvent({ kind: 'save', path: 'src/b.ts', source: 'user' }); // queued behind the running one
    await waitFor(() => activity.of('hook_started').length === 1 && logLines(`${out}/log`).length === 1, 'the first command to print');

    expect(await dispatcher.stopRuns()).toBe(2);
    expect(activity.of('hook_finished')).toMatchObject([{ hook: 'slow', ok: false, output: expect.stringMatching(/\(stopped\)$/) }]);
    expect(activity.of('command_finished')[0]).toMatchObject({ exitCode: null });
    expect(logLines(`${out}/log`)).toEqual(['start src/a.ts']);

    // Stopping ends these runs, not the hooks: the next save fires the hook again.
    writeFileSync(`${out}/log`, '');
    dispatcher.setHooks([hook({ name: 'slow', action: { type: 'command', command: `echo "again $KIRO_HOOK_PATHS" >> ${out}/log` } })]);
    dispatcher.notifyFileEvent({ kind: 'save', path: 'src/c.ts', source: 'user' });
    await dispatcher.whenIdle();
    expect(logLines(`${out}/log`)).toEqual(['again src/c.ts']);
  });

  it('stops an agent hook by aborting its prompt', async () => {
    const asking = hook({ name: 'review', trigger: 'Manual', action: { type: 'agent', prompt: 'Review the change' } });
    let sawAbort = false;
    const { dispatcher, activity } = setUp({
      hooks: [asking],
      runAgentPrompt: (_prompt, _event, signal) =>
        new Promise((_resolve, reject) => signal.addEventListener('abort', () => ((sawAbort = true), reject(signal.reason as Error)), { once: true })),
    });
    const result = dispatcher.runHook(asking);
    await waitFor(() => activity.of('hook_started').length === 1, 'the agent hook to start');
    expect(await dispatcher.stopRuns()).toBe(1);
    expect(sawAbort).toBe(true);
    await expect(result).resolves.toMatchObject({ ran: true, ok: false, output: expect.stringContaining('stopped by the user') });
  });

  it('stops a hook whose command waits on its approval: the wait ends, the command never runs', async () => {
    const out = folderWith({}, 'sw-hooks-out-');
    const waiting = hook({ name: 'deploy', trigger: 'Manual', action: { type: 'command', command: `touch ${out}/deployed` } });
    let dialogs = 0;
    // A dialog nobody answers, as a host shows it: only the stop can end the wait.
    const approvals = { request: (_request: ApprovalRequest, signal: AbortSignal) => ((dialogs++), untilStopped(new Promise<never>(() => {}), signal)) };
    const { dispatcher, activity } = setUp({ hooks: [waiting], commandPolicy: () => ({ decision: 'ask' as const, reason: 'deploys need approval' }), approvals });
    const result = dispatcher.runHook(waiting);
    await waitFor(() => activity.of('approval_requested').length === 1, 'the approval to be asked');
    expect(await dispatcher.stopRuns()).toBe(1);
    await expect(result).resolves.toMatchObject({ ran: false, ok: false });
    expect(dialogs).toBe(1);
    expect(activity.of('hook_finished')).toMatchObject([{ hook: 'deploy', ok: false }]);
    expect(existsSync(`${out}/deployed`)).toBe(false);
  });

  it('stops nothing when no hook runs', async () => {
    const { dispatcher } = setUp({ hooks: [hook({ name: 'idle' })] });
    expect(await dispatcher.stopRuns()).toBe(0);
  });

  it('fires a hook only for the change sources it accepts', async () => {
    const out = folderWith({}, 'sw-hooks-out-');
    const { dispatcher } = setUp({
      hooks: [
        hook({ name: 'user only', source: 'user', action: { type: 'command', command: `echo "user $KIRO_HOOK_PATHS" >> ${out}/log` } }),
        hook({ name: 'agent only', source: 'agent', action: { type: 'command', command: `echo "agent $KIRO_HOOK_PATHS" >> ${out}/log` } }),
      ],
    });
    dispatcher.notifyFileEvent({ kind: 'save', path: 'src/a.ts', source: 'user' });
    await dispatcher.whenIdle();
    dispatcher.notifyFileEvent({ kind: 'save', path: 'src/b.ts', source: 'agent' });
    await dispatcher.whenIdle();
    expect(logLines(`${out}/log`)).toEqual(['user src/a.ts', 'agent src/b.ts']);
  });

  it('never fires a hook on the agent writes made in answer to it', async () => {
    const seen: string[][] = [];
    // The agent reports its own write back to the dispatcher that asked it, tagged with the hook.
    const agent: { dispatcher?: HookDispatcher } = {};
    const { dispatcher } = setUp({
      hooks: [hook({ name: 'fix', action: { type: 'agent', prompt: 'Fix the saved file.' } })],
      runAgentPrompt: async (_prompt, event) => {
        seen.push(event.paths);
        agent.dispatcher!.notifyFileEvent({ kind: 'save', path: event.paths[0]!, source: 'agent', causedByHook: event.hook });
        return { ok: true, output: 'fixed' };
      },
    });
    agent.dispatcher = dispatcher;
    dispatcher.notifyFileEvent({ kind: 'save', path: 'src/a.ts', source: 'user' });
    await dispatcher.whenIdle();
    expect(seen).toEqual([['src/a.ts']]);
  });

  it('never fires a hook on an untagged agent write made while its agent was answering it', async () => {
    let runs = 0;
    const agent: { dispatcher?: HookDispatcher; workspace?: string } = {};
    const setup = setUp({
      hooks: [hook({ name: 'format', action: { type: 'agent', prompt: 'Format the saved file.' } })],
      runAgentPrompt: async (_prompt, event) => {
        runs++;
        writeFileSync(path.join(agent.workspace!, event.paths[0]!), 'formatted\n');
        agent.dispatcher!.notifyFileEvent({ kind: 'save', path: event.paths[0]!, source: 'agent' });
        return { ok: true, output: 'formatted' };
      },
    });
    Object.assign(agent, setup);
    setup.dispatcher.notifyFileEvent({ kind: 'save', path: 'src/a.ts', source: 'user' });
    await setup.dispatcher.whenIdle();
    expect(runs).toBe(1);
  });

  it('runs nothing in an untrusted workspace, and says why once per hook', async () => {
    const out = folderWith({}, 'sw-hooks-out-');
    const guard = hook({ name: 'guard', trigger: 'PreToolUse', action: { type: 'command', command: `touch ${out}/guard` } });
    const save = hook({ name: 'save', action: { type: 'command', command: `touch ${out}/save` } });
    const { dispatcher, activity } = setUp({ trusted: false, trustHint: 'pass --trust', hooks: [guard, save] });
    dispatcher.notifyFileEvent({ kind: 'save', path: 'src/a.ts', source: 'user' });
    dispatcher.notifyFileEvent({ kind: 'save', path: 'src/b.ts', source: 'user' });
    const outcome = await dispatcher.dispatchAgentEvent({ trigger: 'PreToolUse', tool: 'fs_write' });
    expect(await dispatcher.runHook(save)).toMatchObject({ ran: false, ok: false });
    await dispatcher.whenIdle();
    expect(outcome.blocked).toBe(false);
    expect(existsSync(path.join(out, 'guard')) || existsSync(path.join(out, 'save'))).toBe(false);
    expect(activity.of('error').map((e) => e.message)).toEqual([
      'Hook "save" did not run: this workspace is not trusted, so its hooks run nothing (pass --trust).',
      'Hook "guard" did not run: this workspace is not trusted, so its hooks run nothing (pass --trust).',
    ]);
    expect(activity.of('hook_started')).toHaveLength(0);
  });
});
