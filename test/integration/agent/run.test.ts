import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic, type ScriptedTurn } from '../../support/fakeAnthropic';
import { runSpecwright } from '../../support/workspace';
import { BROKEN_SUM, mathsWorkspace, TASKS, WORKING_SUM } from './fixture';

const API_KEY = 'sk-ant-test-NEVER-LOG-7f3a9c';
let fake: FakeAnthropic | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function runAgent(workspace: string, script: ScriptedTurn[], args: string[] = ['--task', '1'], signal?: AbortSignal) {
  fake = await startFakeAnthropic(script, { apiKey: API_KEY });
  const env = { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url };
  return runSpecwright(['--workspace', workspace, 'run', 'maths', ...args, '--json'], { env, ...(signal ? { signal } : {}) });
}

const events = (stdout: string) => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; [k: string]: unknown });
const tasksMd = (ws: string) => readFileSync(path.join(ws, '.kiro/specs/maths/tasks.md'), 'utf8');
const write = (file: string, text: string): ScriptedTurn => ({ content: [{ type: 'tool_use', name: 'fs_write', input: { command: 'create', path: file, file_text: text } }] });
const bash = (command: string): ScriptedTurn => ({ content: [{ type: 'tool_use', name: 'execute_bash', input: { command, summary: 'run tests' } }] });
const say = (text: string): ScriptedTurn => ({ content: [{ type: 'text', text }] });

describe('specwright run', () => {
  it('executes a task end to end, marks only its checkbox [x] and logs every step', async () => {
    const ws = mathsWorkspace();
    const result = await runAgent(ws, [
      { content: [{ type: 'text', text: 'Reading the module.' }, { type: 'tool_use', name: 'fs_read', input: { operations: [{ mode: 'Line', path: 'src/sum.js' }] } }] },
      write('src/sum.js', WORKING_SUM),
      bash('npm test'),
      say('Implemented sum; 1 test passes.'),
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(readFileSync(path.join(ws, 'src/sum.js'), 'utf8')).toBe(WORKING_SUM);
    expect(tasksMd(ws)).toBe(TASKS.replace('- [ ] 1. Implement sum', '- [x] 1. Implement sum'));
    const log = events(result.stdout);
    const types = log.map((e) => e.type);
    expect(types[0]).toBe('run_started');
    expect(types).toEqual(expect.arrayContaining(['task_started', 'file_read', 'file_written', 'command_started', 'command_finished', 'verification', 'task_finished', 'run_finished']));
    expect(log.find((e) => e.type === 'task_finished')).toMatchObject({ status: 'done', summary: 'Task 1 complete. 1 file modified, 1 test passing.' });
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i));
    const logFiles = readdirSync(path.join(ws, '.kiro/.specwright/runs'));
    expect(logFiles).toHaveLength(1);
    expect(readFileSync(path.join(ws, '.kiro/.specwright/runs', logFiles[0]!), 'utf8').trim().split('\n')).toHaveLength(log.length);
    expect(readFileSync(path.join(ws, '.kiro/.specwright/.gitignore'), 'utf8')).toContain('*');
  });

  it('sends the spec, steering and the task criteria to the model with a byte-stable cached prefix', async () => {
    const ws = mathsWorkspace({ '.kiro/steering/style.md': '---\ninclusion: always\n---\nUse two-space indentation.\n' });
    await runAgent(ws, [write('src/sum.js', WORKING_SUM), bash('npm test'), say('Done.')]);
    const [first, second] = fake!.requests.filter((r) => r.path === '/v1/messages');
    const system = JSON.stringify(first!.body!.system);
    expect(system).toContain('Use two-space indentation.');
    expect(system).toContain('### Requirement 1: Sum');
    expect(system).toContain('- [-] 1. Implement sum');
    expect(JSON.stringify(first!.body!.messages[0])).toContain('1.1: WHEN sum is called with two numbers');
    // Everything before request 1's last breakpoint (the rolling one, which moves on) is resent unchanged.
    const prefixEnd = first!.rawBody.lastIndexOf(',"cache_control"');
    expect(prefixEnd).toBeGreaterThan(first!.rawBody.indexOf('"messages"'));
    expect(second!.rawBody.startsWith(first!.rawBody.slice(0, prefixEnd))).toBe(true);
    expect(JSON.stringify(second!.body!.tools)).toBe(JSON.stringify(first!.body!.tools));
  });

  it('feeds a failing verification back to the agent, which corrects itself before the task is marked done', async () => {
    const ws = mathsWorkspace();
    const result = await runAgent(ws, [write('src/sum.js', BROKEN_SUM), bash('npm test'), say('Done.'), write('src/sum.js', WORKING_SUM), bash('npm test'), say('Fixed.')]);
    expect(result.code).toBe(0);
    const log = events(result.stdout);
    expect(log.filter((e) => e.type === 'verification').map((e) => e.passed)).toEqual([false, true]);
    expect(log.find((e) => e.type === 'self_correction')).toMatchObject({ attempt: 1, maxAttempts: 2 });
    const feedback = JSON.stringify(fake!.requests[3]!.body!.messages.at(-1));
    expect(feedback).toContain('Verification failed');
    expect(feedback).toContain('npm test');
    expect(tasksMd(ws)).toContain('- [x] 1. Implement sum');
  });

  it('leaves the task open and exits 1 when verification still fails after the correction attempts', async () => {
    const ws = mathsWorkspace({ '.kiro/settings.json': JSON.stringify({ agent: { selfCorrectionAttempts: 1 } }) });
    const result = await runAgent(ws, [write('src/sum.js', BROKEN_SUM), bash('npm test'), say('Done.'), bash('npm test'), say('Still done.')]);
    expect(result.code).toBe(1);
    expect(tasksMd(ws)).toBe(TASKS);
    expect(events(result.stdout).find((e) => e.type === 'task_finished')).toMatchObject({ status: 'failed' });
  });

  it('uses the configured verifyCommand instead of the agent’s own test run, once the workspace’s settings are trusted', async () => {
    const ws = mathsWorkspace({ '.kiro/settings.json': JSON.stringify({ agent: { verifyCommand: 'node -e "process.exit(require(\'./src/sum\').sum(2,2) === 4 ? 0 : 3)"' } }) });
    const result = await runAgent(ws, [write('src/sum.js', WORKING_SUM), say('Done without running tests.')], ['--task', '1', '--trust']);
    expect(result.code).toBe(0);
    expect(events(result.stdout).find((e) => e.type === 'verification')).toMatchObject({ passed: true, exitCode: 0 });
  });

  it('runs no verifyCommand a cloned workspace brings until it is trusted, and says so', async () => {
    const ws = mathsWorkspace({ '.kiro/settings.json': JSON.stringify({ agent: { verifyCommand: 'touch verified-by-repo' } }) });
    const result = await runAgent(ws, [write('src/sum.js', WORKING_SUM), bash('npm test'), say('Done.')]);
    expect(result.code).toBe(0);
    expect(existsSync(path.join(ws, 'verified-by-repo'))).toBe(false);
    expect(result.stderr).toContain('.kiro/settings.json asks to make the agent ask less: run "touch verified-by-repo" after each task to check it; not applied until you confirm them');
  });

  it('denies a forbidden command however it is spelled and tells the model, which goes on', async () => {
    const ws = mathsWorkspace({ '.kiro/settings.json': JSON.stringify({ agent: { autonomyLevel: 'full', forbiddenCommands: ['rm -rf'] } }) });
    const result = await runAgent(ws, [bash("FOO=1 /bin/rm -r -f 'src'"), write('src/sum.js', WORKING_SUM), bash('npm test'), say('Done.')]);
    expect(result.code).toBe(0);
    expect(existsSync(path.join(ws, 'src/sum.js'))).toBe(true);
    const denied = events(result.stdout).find((e) => e.type === 'policy_denied');
    expect(denied?.reason).toMatch(/forbidden/i);
    const toolResult = JSON.stringify(fake!.requests[1]!.body!.messages.at(-1));
    expect(toolResult).toContain('Denied by policy');
    expect(toolResult).toContain('"is_error":true');
  });

  it('rejects what the policy asks about when there is no terminal and no --yes, without touching the file', async () => {
    const ws = mathsWorkspace({ '.env': 'TOKEN=keep-me\n' });
    const result = await runAgent(ws, [write('.env', 'TOKEN=changed\n'), write('src/sum.js', WORKING_SUM), bash('npm test'), say('Done.')]);
    expect(readFileSync(path.join(ws, '.env'), 'utf8')).toBe('TOKEN=keep-me\n');
    const log = events(result.stdout);
    expect(log.find((e) => e.type === 'approval_resolved')).toMatchObject({ outcome: 'rejected' });
    expect(String(log.find((e) => e.type === 'approval_resolved')?.note)).toContain('--yes');
    expect(result.code).toBe(0);
  });

  it('approves asks with --yes and takes a checkpoint before the approved step', async () => {
    const ws = mathsWorkspace({ '.env': 'TOKEN=old\n' });
    const result = await runAgent(ws, [write('.env', 'TOKEN=new\n'), write('src/sum.js', WORKING_SUM), bash('npm test'), say('Done.')], ['--task', '1', '--yes']);
    expect(result.code).toBe(0);
    expect(readFileSync(path.join(ws, '.env'), 'utf8')).toBe('TOKEN=new\n');
    const checkpoints = events(result.stdout).filter((e) => e.type === 'checkpoint_created');
    expect(checkpoints.length).toBe(2);
  });

  it('stops cleanly mid-command: the process is killed, the task stays open and the run can be resumed', async () => {
    const ws = mathsWorkspace({ '.kiro/settings.json': JSON.stringify({ agent: { autonomyLevel: 'full' } }) });
    const controller = new AbortController();
    const marker = path.join(ws, 'started');
    const pending = runAgent(ws, [write('src/sum.js', WORKING_SUM), bash(`touch ${marker}; sleep 30; echo never > late.txt`)], ['--task', '1'], controller.signal);
    while (!existsSync(marker)) await new Promise((r) => setTimeout(r, 25));
    controller.abort();
    const result = await pending;
    expect(result.code).toBe(1);
    expect(existsSync(path.join(ws, 'late.txt'))).toBe(false);
    expect(tasksMd(ws)).toBe(TASKS);
    const log = events(result.stdout);
    expect(log.at(-1)).toMatchObject({ type: 'run_finished', outcome: 'stopped' });

    const shown = await runSpecwright(['--workspace', ws, 'runs', 'show']);
    expect(shown.stdout).toContain('Not completed: 1 Implement sum');
    expect(shown.stdout).toContain('src/sum.js');

    const resumed = await runAgent(ws, [bash('npm test'), say('Tests pass.')], ['--resume']);
    expect(resumed.code).toBe(0);
    expect(JSON.stringify(fake!.requests[0]!.body!.messages[0])).toContain('This resumes run');
    expect(tasksMd(ws)).toContain('- [x] 1. Implement sum');
  });

  it('stops before the step that would pass the token budget, and says so', async () => {
    const ws = mathsWorkspace();
    const result = await runAgent(ws, [{ ...write('src/sum.js', WORKING_SUM), usage: { input_tokens: 600, output_tokens: 100 } }, bash('npm test'), say('Done.')], ['--task', '1', '--budget', '1k']);
    expect(result.code).toBe(1);
    const log = events(result.stdout);
    expect(log.find((e) => e.type === 'task_finished')).toMatchObject({ status: 'failed' });
    expect(String(log.find((e) => e.type === 'task_finished')?.summary)).toMatch(/Token budget reached/);
    expect(log.at(-1)).toMatchObject({ type: 'run_finished', outcome: 'budget_exceeded' });
    expect(fake!.requests.filter((r) => r.path === '/v1/messages')).toHaveLength(1);
  });

  it('retries a stream cut in the middle of a tool input without applying the call twice', async () => {
    const ws = mathsWorkspace();
    const append = { type: 'tool_use' as const, name: 'fs_write', input: { command: 'append', path: 'notes.txt', file_text: 'line\n', new_str: 'line\n' } };
    const result = await runAgent(ws, [
      write('notes.txt', ''),
      { fault: 'cutInToolInput', content: [append] },
      { content: [append] },
      write('src/sum.js', WORKING_SUM),
      bash('npm test'),
      say('Done.'),
    ]);
    expect(result.code).toBe(0);
    expect(readFileSync(path.join(ws, 'notes.txt'), 'utf8')).toBe('line\n');
    expect(events(result.stdout).some((e) => e.type === 'retry')).toBe(true);
  });

  it('retries a turn whose stream went silent for model.streamIdleTimeoutSeconds, and says why', async () => {
    const ws = mathsWorkspace({ '.kiro/settings.json': JSON.stringify({ model: { streamIdleTimeoutSeconds: 0.3 } }) });
    const fix = { type: 'tool_use' as const, name: 'fs_write', input: { command: 'create', path: 'src/sum.js', file_text: WORKING_SUM } };
    const result = await runAgent(ws, [{ fault: 'stall', afterEvents: 4, pauseMs: 60_000, content: [fix] }, { content: [fix] }, bash('npm test'), say('Done.')]);
    expect(result.code).toBe(0);
    expect(readFileSync(path.join(ws, 'src/sum.js'), 'utf8')).toBe(WORKING_SUM);
    const retry = events(result.stdout).find((e) => e.type === 'retry');
    expect(retry).toMatchObject({ attempt: 2, reason: expect.stringContaining('no data from the model for 0.3 s') });
    expect(fake!.requests.filter((r) => r.path === '/v1/messages')).toHaveLength(4);
  });

  it('ends the task when the same failing call is repeated three times', async () => {
    const ws = mathsWorkspace();
    const missing: ScriptedTurn = { content: [{ type: 'tool_use', name: 'fs_read', input: { operations: [{ mode: 'Line', path: 'nope.js' }] } }] };
    const result = await runAgent(ws, [missing, missing, missing, say('never reached')]);
    expect(result.code).toBe(1);
    expect(String(events(result.stdout).find((e) => e.type === 'task_finished')?.summary)).toMatch(/failed 3 times/);
    expect(fake!.requests.filter((r) => r.path === '/v1/messages')).toHaveLength(3);
  });

  it('in Supervised mode proposes a plan first and changes nothing when the plan is rejected', async () => {
    const ws = mathsWorkspace();
    const result = await runAgent(ws, [say('1. Edit src/sum.js\n2. Run npm test'), write('src/sum.js', WORKING_SUM)], ['--task', '1', '--mode', 'supervised']);
    expect(result.code).toBe(1);
    expect(readFileSync(path.join(ws, 'src/sum.js'), 'utf8')).toBe('module.exports = {};\n');
    const request = fake!.requests[0]!.body!;
    expect(request.tools!.map((t) => (t as { name: string }).name).sort()).toEqual(['fs_read', 'glob', 'grep']);
    expect(events(result.stdout).find((e) => e.type === 'approval_requested')).toMatchObject({ action: { kind: 'plan' } });
  });

  it('never writes the API key into events, output or the run log, even when the agent asks the shell for it', async () => {
    const ws = mathsWorkspace();
    const saved = process.env.ANTHROPIC_API_KEY;
    process.env.ANTHROPIC_API_KEY = API_KEY;
    try {
      const result = await runAgent(ws, [bash('echo "key: $ANTHROPIC_API_KEY"; env'), write('src/sum.js', WORKING_SUM), bash('npm test'), say('Done.')]);
      expect(result.stdout).toContain('key: ');
      const logDir = path.join(ws, '.kiro/.specwright/runs');
      const logText = readdirSync(logDir).map((f) => readFileSync(path.join(logDir, f), 'utf8')).join('');
      const toModel = fake!.requests.map((r) => JSON.stringify(r.body)).join('');
      for (const text of [result.stdout, result.stderr, logText, toModel]) expect(text).not.toContain(API_KEY);
    } finally {
      if (saved === undefined) delete process.env.ANTHROPIC_API_KEY;
      else process.env.ANTHROPIC_API_KEY = saved;
    }
  });

  it('exits 2 with a one-line message when no API key is set', async () => {
    const ws = mathsWorkspace();
    const result = await runSpecwright(['--workspace', ws, 'run', 'maths', '--task', '1'], { env: { ANTHROPIC_API_KEY: '' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^specwright: No Anthropic API key\. Set ANTHROPIC_API_KEY/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 naming the task ids when the task does not exist', async () => {
    const ws = mathsWorkspace();
    const result = await runAgent(ws, [say('unused')], ['--task', '9']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/No task "9".*1, 2/);
    expect(tasksMd(ws)).toBe(TASKS);
  });

  it('leaves the user’s git state alone', async () => {
    const ws = mathsWorkspace();
    const status = () => execFileSync('git', ['status', '--porcelain', '--ignored'], { cwd: ws, encoding: 'utf8' });
    const head = () => execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ws, encoding: 'utf8' });
    const headBefore = head();
    writeFileSync(path.join(ws, 'scratch.txt'), 'mine\n');
    await runAgent(ws, [write('src/sum.js', WORKING_SUM), bash('npm test'), say('Done.')]);
    expect(head()).toBe(headBefore);
    expect(status()).toContain('?? scratch.txt');
    expect(status()).toContain(' M src/sum.js');
  });
});

describe('specwright run with hooks', () => {
  const blockShell = JSON.stringify({
    version: 'v1',
    hooks: [
      { name: 'no-shell', trigger: 'PreToolUse', matcher: 'execute_bash', action: { type: 'command', command: 'echo "shell is off today"; exit 1' } },
      { name: 'after-task', trigger: 'PostTaskExecution', action: { type: 'command', command: 'echo task-finished >> hook.log' } },
    ],
  });

  it('lets a PreToolUse hook block a tool call, and tells the model why, when the workspace is trusted', async () => {
    const ws = mathsWorkspace({ '.kiro/hooks/guards.json': blockShell, '.kiro/settings.json': JSON.stringify({ agent: { verifyCommand: 'npm test' } }) });
    const result = await runAgent(ws, [bash('npm test'), write('src/sum.js', WORKING_SUM), say('Done.')], ['--task', '1', '--trust']);
    expect(result.code).toBe(0);
    const blocked = JSON.stringify(fake!.requests[1]!.body!.messages.at(-1));
    expect(blocked).toContain('Blocked by a PreToolUse hook');
    expect(blocked).toContain('shell is off today');
    const log = events(result.stdout);
    expect(log.filter((e) => e.type === 'hook_started').map((e) => e.hook)).toEqual(expect.arrayContaining(['no-shell', 'after-task']));
    await expect.poll(() => existsSync(path.join(ws, 'hook.log'))).toBe(true);
  });

  it('runs no hooks without --trust', async () => {
    const ws = mathsWorkspace({ '.kiro/hooks/guards.json': blockShell });
    const result = await runAgent(ws, [write('src/sum.js', WORKING_SUM), bash('npm test'), say('Done.')]);
    expect(result.code).toBe(0);
    expect(events(result.stdout).some((e) => e.type === 'hook_started')).toBe(false);
    expect(existsSync(path.join(ws, 'hook.log'))).toBe(false);
  });
});

describe('after a stop', () => {
  it('offers resume, discard-and-restart and finish-by-hand, and the discard command restores the task’s starting point', async () => {
    const ws = mathsWorkspace({ '.kiro/settings.json': JSON.stringify({ agent: { autonomyLevel: 'full' } }) });
    const controller = new AbortController();
    const marker = path.join(ws, 'started');
    fake = await startFakeAnthropic([write('src/sum.js', WORKING_SUM), bash(`touch ${marker}; sleep 30`)], { apiKey: API_KEY });
    const pending = runSpecwright(['--workspace', ws, 'run', 'maths', '--task', '1'], { env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url }, signal: controller.signal });
    while (!existsSync(marker)) await new Promise((r) => setTimeout(r, 25));
    controller.abort();
    const result = await pending;
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('specwright run maths --resume');
    expect(result.stdout).toContain('specwright tasks set maths 1 done');
    const restore = /specwright checkpoint restore ([0-9a-f]+) && specwright run maths --task 1/.exec(result.stdout);
    expect(restore).not.toBeNull();
    expect(readFileSync(path.join(ws, 'src/sum.js'), 'utf8')).toBe(WORKING_SUM);
    const restored = await runSpecwright(['--workspace', ws, 'checkpoint', 'restore', restore![1]!]);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(readFileSync(path.join(ws, 'src/sum.js'), 'utf8')).toBe('module.exports = {};\n');
  });
});

describe('agent hooks in a run', () => {
  it('runs an agent-action hook after the task through its own prompt session, folded under the hook', async () => {
    const hook = JSON.stringify({ version: 'v1', hooks: [{ name: 'changelog', trigger: 'PostTaskExecution', action: { type: 'agent', prompt: 'Add a line to CHANGELOG.md about the task.' } }] });
    const ws = mathsWorkspace({ '.kiro/hooks/changelog.json': hook });
    const result = await runAgent(
      ws,
      [write('src/sum.js', WORKING_SUM), bash('npm test'), say('Done.'), write('CHANGELOG.md', '- Implemented sum\n'), say('Logged.')],
      ['--task', '1', '--trust'],
    );
    expect(result.code).toBe(0);
    expect(readFileSync(path.join(ws, 'CHANGELOG.md'), 'utf8')).toBe('- Implemented sum\n');
    const hookPrompt = JSON.stringify(fake!.requests[3]!.body!.messages[0]);
    expect(hookPrompt).toContain('Add a line to CHANGELOG.md about the task.');
    const log = events(result.stdout);
    expect(log.find((e) => e.type === 'file_written' && e.path === 'CHANGELOG.md')?.parentId).toBe('hook:changelog');
    expect(log.find((e) => e.type === 'hook_finished' && e.hook === 'changelog')).toMatchObject({ ok: true });
  });
});
