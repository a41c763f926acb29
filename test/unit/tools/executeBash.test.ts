import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createToolset } from '../../../src/core/agent/tools';
import { expectAllGone, printedPids, PROCESS_TREE_COMMAND } from '../process/processProbe';
import { eventsOfType, tempWorkspace, toolContext } from './toolFixture';

const tools = createToolset();

describe('execute_bash', () => {
  it('returns the output and exit code 0 of a command that succeeds', async () => {
    const ws = tempWorkspace();
    const result = await tools.executeToolCall('execute_bash', { command: 'echo hello' }, toolContext(ws.root));
    expect(result).toEqual({ content: 'hello\n[exit code 0]', isError: false });
  });

  it('marks a non-zero exit as an error and shows the exit code', async () => {
    const ws = tempWorkspace();
    const result = await tools.executeToolCall('execute_bash', { command: 'echo broken >&2; exit 2' }, toolContext(ws.root));
    expect(result).toEqual({ content: 'broken\n[exit code 2]', isError: true });
  });

  it('runs in working_dir, relative to the workspace', async () => {
    const ws = tempWorkspace();
    mkdirSync(ws.file('pkg'));
    const result = await tools.executeToolCall('execute_bash', { command: 'pwd', working_dir: 'pkg' }, toolContext(ws.root));
    expect(result.content.split('\n')[0]).toBe(ws.file('pkg'));
  });

  it('runs non-interactively: stdin closed, CI set, no pager', async () => {
    const ws = tempWorkspace();
    const result = await tools.executeToolCall('execute_bash', { command: 'cat; echo "CI=$CI PAGER=$PAGER GIT_PAGER=$GIT_PAGER"' }, toolContext(ws.root));
    expect(result.content).toBe('CI=1 PAGER=cat GIT_PAGER=cat\n[exit code 0]');
  });

  it('says "(no output)" when the command prints nothing', async () => {
    const ws = tempWorkspace();
    expect((await tools.executeToolCall('execute_bash', { command: 'true' }, toolContext(ws.root))).content).toBe('(no output)\n[exit code 0]');
  });

  it('emits command_started, the output, and command_finished with the exit code', async () => {
    const ws = tempWorkspace();
    const ctx = toolContext(ws.root);
    await tools.executeToolCall('execute_bash', { command: 'echo out; echo err >&2' }, ctx);
    const [started] = eventsOfType(ctx.events, 'command_started');
    expect(started).toMatchObject({ command: 'echo out; echo err >&2', cwd: '.' });
    const outputs = eventsOfType(ctx.events, 'command_output');
    expect(outputs.every((e) => e.commandId === started!.commandId)).toBe(true);
    expect(outputs.map((e) => `${e.stream}:${e.text}`).join('')).toBe('stdout:out\nstderr:err\n');
    expect(eventsOfType(ctx.events, 'command_finished')).toEqual([expect.objectContaining({ commandId: started!.commandId, exitCode: 0, timedOut: false })]);
    expect(ctx.events.map((e) => e.type)).toEqual(['command_started', ...outputs.map(() => 'command_output'), 'command_finished']);
  });

  it('kills the command and its child processes on timeout and says so', async () => {
    const ws = tempWorkspace();
    const ctx = toolContext(ws.root, { commandTimeoutMs: 1_000 });
    const result = await tools.executeToolCall('execute_bash', { command: PROCESS_TREE_COMMAND }, ctx);
    expect(result.isError).toBe(true);
    expect(result.content).toMatch(/\[timed out after 1 s; the command and its child processes were killed\]$/);
    expect(eventsOfType(ctx.events, 'command_finished')[0]).toMatchObject({ timedOut: true });
    await expectAllGone(printedPids(result.content));
  });

  it('throws when aborted, after killing the process tree', async () => {
    const ws = tempWorkspace();
    const ctx = toolContext(ws.root);
    let output = '';
    const emit = ctx.emit;
    ctx.emit = (event) => {
      emit(event);
      if (event.type === 'command_output') output += event.text;
      if (printedPids(output).length === 2) ctx.abort.abort();
    };
    await expect(tools.executeToolCall('execute_bash', { command: PROCESS_TREE_COMMAND }, ctx)).rejects.toThrow();
    await expectAllGone(printedPids(output));
  });

  it('keeps the head and tail of long output with a note of the lines left out', async () => {
    const ws = tempWorkspace();
    const result = await tools.executeToolCall('execute_bash', { command: 'seq 1 100000' }, toolContext(ws.root, { outputLimitChars: 2_000 }));
    expect(result.content).toMatch(/^1\n2\n3\n/);
    expect(result.content).toMatch(/… \d+ lines omitted …/);
    expect(result.content).toMatch(/99999\n100000\n\[exit code 0\]$/);
  });

  it('emits test_result when the output ends with a test summary', async () => {
    const ws = tempWorkspace();
    const ctx = toolContext(ws.root);
    await tools.executeToolCall('execute_bash', { command: "printf '      Tests  1 failed | 4 passed (5)\\n'; exit 1" }, ctx);
    expect(eventsOfType(ctx.events, 'test_result')).toEqual([{ type: 'test_result', command: "printf '      Tests  1 failed | 4 passed (5)\\n'; exit 1", passed: 4, failed: 1, skipped: 0 }]);
  });

  it('plans a command action with the working folder relative to the workspace', async () => {
    const ws = tempWorkspace();
    mkdirSync(ws.file('pkg'));
    const actions = await tools.plan('execute_bash', { command: 'npm test', working_dir: ws.file('pkg') }, toolContext(ws.root));
    expect(actions).toEqual([{ kind: 'command', command: 'npm test', cwd: 'pkg' }]);
  });

  it('reports a working_dir that does not exist', async () => {
    const ws = tempWorkspace();
    const result = await tools.executeToolCall('execute_bash', { command: 'ls', working_dir: 'nope' }, toolContext(ws.root));
    expect(result).toEqual({ content: 'nope does not exist.', isError: true });
  });
});
