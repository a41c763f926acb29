import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic, type RecordedRequest, type ScriptedTurn } from '../../support/fakeAnthropic';
import { filesystem, flaky, processesWithEnv } from '../../support/mcp/servers';
import { runSpecwright } from '../../support/workspace';
import { mathsWorkspace, TASKS, WORKING_SUM } from '../agent/fixture';

const API_KEY = 'sk-ant-test-mcp-3b71';
let fake: FakeAnthropic | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

type Event = { type: string; [key: string]: unknown };
const events = (stdout: string) => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Event);
const use = (name: string, input: Record<string, unknown>): ScriptedTurn => ({ content: [{ type: 'tool_use', name, input }] });
const write = (file: string, text: string): ScriptedTurn => use('fs_write', { command: 'create', path: file, file_text: text });
const bash = (command: string): ScriptedTurn => use('execute_bash', { command, summary: 'run tests' });
const say = (text: string): ScriptedTurn => ({ content: [{ type: 'text', text }] });

/** The text of the last tool_result the model was sent. */
function lastToolResult(request: RecordedRequest): string {
  const last = request.body!.messages.at(-1)!;
  const blocks = Array.isArray(last.content) ? last.content : [];
  const result = blocks.find((b) => b.type === 'tool_result') as { content?: unknown } | undefined;
  const content = result?.content;
  return typeof content === 'string' ? content : JSON.stringify(content);
}

/**
 * The maths workspace with these MCP servers (given the folder their start markers go to), and a home
 * of its own. The markers are inside the workspace, named relative to it (the servers' working folder):
 * a sandboxed server sees a /tmp of its own.
 */
function workspaceWith(servers: (markers: string) => Record<string, unknown>, extra: Record<string, string> = {}) {
  const home = mkdtempSync(path.join(os.tmpdir(), 'sw-mcp-home-'));
  const relative = `mcp-markers-${randomBytes(4).toString('hex')}`;
  const ws = mathsWorkspace({ '.kiro/settings/mcp.json': JSON.stringify({ mcpServers: servers(relative) }), [`${relative}/.keep`]: '', ...extra });
  return { ws, markers: path.join(ws, relative), relative, home };
}

async function run(ws: string, home: string, script: ScriptedTurn[] | ((request: RecordedRequest, index: number) => ScriptedTurn), args: string[] = []) {
  fake = await startFakeAnthropic(script, { apiKey: API_KEY });
  return runSpecwright(['--workspace', ws, 'run', 'maths', '--task', '1', '--json', ...args], { env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url, HOME: home } });
}

const toolNames = (request: RecordedRequest) => (request.body!.tools as Array<{ name: string }>).map((t) => t.name);

const starts = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('started-'));

describe('specwright run with MCP servers', () => {
  it('offers the workspace\'s MCP tools to the model, which calls one and uses its result; the server is stopped at the end', async () => {
    const { ws, markers, relative, home } = workspaceWith((markers) => ({ flaky: flaky({ FLAKY_MARKER_DIR: markers }) }));
    const script = (request: RecordedRequest, index: number): ScriptedTurn => {
      if (index === 0) return use('flaky__echo', { text: 'forty-two' });
      if (index === 1) {
        const answer = /echo: (\S+)/.exec(lastToolResult(request))![1]!;
        return write('src/sum.js', `// the server said ${answer}\n${WORKING_SUM}`);
      }
      if (index === 2) return bash('npm test');
      return say('Done.');
    };
    const result = await run(ws, home, script, ['--trust']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(readFileSync(path.join(ws, 'src/sum.js'), 'utf8')).toBe(`// the server said forty-two\n${WORKING_SUM}`);
    expect(readFileSync(path.join(ws, '.kiro/specs/maths/tasks.md'), 'utf8')).toBe(TASKS.replace('- [ ] 1.', '- [x] 1.'));

    const first = fake!.requests.find((r) => r.path === '/v1/messages')!;
    const tools = toolNames(first);
    expect(tools.slice(0, 6)).toEqual(['fs_read', 'fs_write', 'execute_bash', 'glob', 'grep', 'use_subagent']);
    expect(tools).toContain('flaky__echo');
    // Tool definitions are byte-identical from request to request (prompt caching).
    const requests = fake!.requests.filter((r) => r.path === '/v1/messages');
    for (const r of requests) expect(JSON.stringify(r.body!.tools)).toBe(JSON.stringify(first.body!.tools));

    const log = events(result.stdout);
    const types = log.map((e) => e.type);
    expect(types[0]).toBe('run_started');
    expect(log.find((e) => e.type === 'mcp_server')).toMatchObject({ server: 'flaky', status: 'ready', message: '7 tools over stdio' });
    expect(log.find((e) => e.type === 'tool_call' && e.tool === 'flaky__echo')).toMatchObject({ summary: '@flaky/echo {"text":"forty-two"}' });
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i));
    expect(starts(markers)).toHaveLength(1);
    expect(processesWithEnv(`FLAKY_MARKER_DIR=${relative}`)).toEqual([]);
    // A workspace's server runs in the OS sandbox, as the run's commands do.
    expect(readFileSync(path.join(ws, '.kiro/.specwright/mcp-logs/flaky.log'), 'utf8')).toContain('(in the sandbox)');
  });

  it('never starts a workspace server without --trust or a terminal, and says why in the run log', async () => {
    const { ws, markers, home } = workspaceWith((markers) => ({ flaky: flaky({ FLAKY_MARKER_DIR: markers }) }));
    const result = await run(ws, home, [write('src/sum.js', WORKING_SUM), bash('npm test'), say('Done.')]);
    expect(result.code).toBe(0);
    expect(starts(markers)).toEqual([]);
    expect(toolNames(fake!.requests[0]!)).toEqual(['fs_read', 'fs_write', 'execute_bash', 'glob', 'grep', 'use_subagent']);
    expect(events(result.stdout).find((e) => e.type === 'mcp_server')).toMatchObject({ server: 'flaky', status: 'unavailable', message: expect.stringContaining('not trusted') });
  });

  it('runs a tool in autoApprove at balanced, and asks about one that is not (refused without a terminal)', async () => {
    const { ws, markers, home } = workspaceWith((markers) => ({ flaky: flaky({ FLAKY_MARKER_DIR: markers }, { autoApprove: ['plain'] }) }));
    const result = await run(ws, home, [use('flaky__plain', { value: 'ok' }), use('flaky__write_note', { note: 'hello' }), write('src/sum.js', WORKING_SUM), bash('npm test'), say('Done.')], ['--trust']);
    expect(result.code).toBe(0);
    expect(lastToolResult(fake!.requests[1]!)).toContain('plain ok');
    expect(lastToolResult(fake!.requests[2]!)).toContain('The user rejected this action (@flaky/write_note {"note":"hello"})');
    expect(existsSync(path.join(markers, 'notes.txt'))).toBe(false);
    const asked = events(result.stdout).filter((e) => e.type === 'approval_requested');
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ action: { kind: 'mcp', detail: '@flaky/write_note {"note":"hello"}' }, reason: expect.stringContaining('balanced autonomy asks before MCP tools') });
  });

  it('asks before an MCP tool that may change something in a task side by side, even in autoApprove at full autonomy: the server acts on the real workspace, not the task\'s copy', async () => {
    const tasks = '# Implementation Plan\n\n- [ ] 1. Write alpha\n\n- [ ] 2. Write beta\n  - _Depends: none_\n';
    const { ws, markers, home } = workspaceWith((markers) => ({ flaky: flaky({ FLAKY_MARKER_DIR: markers }, { autoApprove: ['*'] }) }), {
      '.kiro/specs/maths/tasks.md': tasks,
      '.kiro/settings.json': JSON.stringify({ agent: { verifyCommand: 'node --version' } }),
    });
    const script = (request: RecordedRequest): ScriptedTurn => {
      const alpha = JSON.stringify(request.body!.messages[0]!.content).includes('Write alpha');
      return alpha && request.body!.messages.length === 1 ? use('flaky__write_note', { note: 'from the copy' }) : say('Done.');
    };
    fake = await startFakeAnthropic(script, { apiKey: API_KEY });
    const result = await runSpecwright(['--workspace', ws, 'run', 'maths', '--all', '--parallel', '--autonomy', 'full', '--trust', '--json'], { env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url, HOME: home } });
    const asked = events(result.stdout).filter((e) => e.type === 'approval_requested');
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ action: { kind: 'mcp', detail: '@flaky/write_note {"note":"from the copy"}' }, reason: expect.stringContaining('this task works in its own copy of the workspace, and the server acts on the real one') });
    expect(existsSync(path.join(markers, 'notes.txt'))).toBe(false);
  });

  it('lets a PreToolUse hook see the call as @server/tool and block it', async () => {
    const hooks = JSON.stringify({ version: 'v1', hooks: [{ name: 'no-notes', trigger: 'PreToolUse', matcher: '^@flaky/write_note$', action: { type: 'command', command: 'echo "notes are frozen"; exit 1' } }] });
    const { ws, markers, home } = workspaceWith((markers) => ({ flaky: flaky({ FLAKY_MARKER_DIR: markers }, { autoApprove: ['*'] }) }), { '.kiro/hooks/guard.json': hooks });
    const result = await run(ws, home, [use('flaky__write_note', { note: 'x' }), use('flaky__echo', { text: 'y' }), write('src/sum.js', WORKING_SUM), bash('npm test'), say('Done.')], ['--trust']);
    expect(result.code).toBe(0);
    expect(lastToolResult(fake!.requests[1]!)).toContain('Blocked by a PreToolUse hook: Hook "no-notes" blocked this: notes are frozen');
    expect(lastToolResult(fake!.requests[2]!)).toContain('echo: y');
    expect(existsSync(path.join(markers, 'notes.txt'))).toBe(false);
  });

  it('goes on after a server crashes mid-run: the call fails, the server restarts, and a later call works', async () => {
    const { ws, markers, relative, home } = workspaceWith((markers) => ({ flaky: flaky({ FLAKY_MARKER_DIR: markers }, { autoApprove: ['*'] }) }));
    const result = await run(ws, home, [use('flaky__crash', {}), use('flaky__echo', { text: 'back' }), write('src/sum.js', WORKING_SUM), bash('npm test'), say('Done.')], ['--trust']);
    expect(result.code).toBe(0);
    expect(lastToolResult(fake!.requests[1]!)).toContain('stopped during the call (the server exited with code 3)');
    expect(lastToolResult(fake!.requests[2]!)).toContain('echo: back');
    const news = events(result.stdout).filter((e) => e.type === 'mcp_server').map((e) => e.status);
    expect(news).toEqual(['ready', 'crashed', 'ready']);
    expect(starts(markers)).toHaveLength(2);
    expect(processesWithEnv(`FLAKY_MARKER_DIR=${relative}`)).toEqual([]);
  });

  it('starts the servers in the sandbox the run\'s commands use: one /tmp for both, prepared once', async () => {
    // The server leaves its start marker in /tmp, which is the sandbox's own: a command sees it only
    // when it runs in the same sandbox as the server.
    const { ws, home } = workspaceWith(() => ({ flaky: flaky({ FLAKY_MARKER_DIR: '/tmp' }) }));
    const listTmp = "console.log('in /tmp: ' + require('node:fs').readdirSync('/tmp').filter((f) => f.startsWith('started-')).length)";
    const result = await run(ws, home, [write('list-tmp.js', listTmp), bash('node list-tmp.js'), write('src/sum.js', WORKING_SUM), bash('npm test'), say('Done.')], ['--trust']);
    expect(result.code).toBe(0);
    expect(lastToolResult(fake!.requests[2]!)).toContain('in /tmp: 1');
    expect(readFileSync(path.join(ws, '.kiro/.specwright/mcp-logs/flaky.log'), 'utf8')).toContain('(in the sandbox)');
  });

  it('counts what an MCP tool changed as the agent\'s, so the task\'s checkpoint restores it without --force', async () => {
    // The server's allowed folder is its working folder: the workspace.
    const ws = mathsWorkspace({ '.kiro/settings/mcp.json': JSON.stringify({ mcpServers: { files: { ...filesystem('.'), autoApprove: ['write_file'] } } }) });
    const home = mkdtempSync(path.join(os.tmpdir(), 'sw-mcp-home-'));
    // One turn only: the task does not finish, so tasks.md is back as it was and only the tool's change is left.
    const result = await run(ws, home, [use('files__write_file', { path: path.join(ws, 'src/sum.js'), content: WORKING_SUM })], ['--trust', '--max-turns', '1']);
    expect(result.code).toBe(1);
    expect(readFileSync(path.join(ws, 'src/sum.js'), 'utf8')).toBe(WORKING_SUM);
    const checkpoint = events(result.stdout).find((e) => e.type === 'checkpoint_created' && e.task === '1')!;
    const restored = await runSpecwright(['--workspace', ws, 'checkpoint', 'restore', String(checkpoint.checkpointId)], { env: { HOME: home } });
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(readFileSync(path.join(ws, 'src/sum.js'), 'utf8')).toBe('module.exports = {};\n');
  });

  it('gives spec verify the same MCP tools: a read-only tool runs, one the server does not mark read-only is asked even in autoApprove', async () => {
    const { ws, markers, relative, home } = workspaceWith((markers) => ({ flaky: flaky({ FLAKY_MARKER_DIR: markers }, { autoApprove: ['*'] }) }), { 'src/sum.js': WORKING_SUM });
    fake = await startFakeAnthropic(
      [
        use('flaky__echo', { text: 'evidence' }),
        use('flaky__write_note', { note: 'should not happen' }),
        use('record_verdict', { criterion: '1.1', verdict: 'pass', summary: 'sum returns a + b.', files: [{ path: 'src/sum.js', start_line: 1, end_line: 3 }] }),
        say('1.1 passes.'),
      ],
      { apiKey: API_KEY },
    );
    const result = await runSpecwright(['--workspace', ws, 'spec', 'verify', 'maths', '--json', '--trust', '--autonomy', 'full'], { env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url, HOME: home } });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout) as { logFile: string; criteria: Array<{ id: string; verdict: string }> };
    expect(body.criteria.map((c) => `${c.id}:${c.verdict}`)).toEqual(['1.1:pass']);
    const requests = fake.requests.filter((r) => r.path === '/v1/messages');
    expect(toolNames(requests[0]!)).toEqual(expect.arrayContaining(['fs_read', 'execute_bash', 'record_verdict', 'flaky__echo', 'flaky__write_note']));
    expect(toolNames(requests[0]!)).not.toContain('fs_write');
    expect(lastToolResult(requests[1]!)).toContain('echo: evidence');
    // Full autonomy and autoApprove ["*"] would run it in a task; a verification asks (refused: no terminal, no --yes).
    expect(lastToolResult(requests[2]!)).toContain('The user rejected this action (@flaky/write_note');
    expect(existsSync(path.join(markers, 'notes.txt'))).toBe(false);
    const log = readFileSync(body.logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Event);
    expect(log.find((e) => e.type === 'mcp_server')).toMatchObject({ server: 'flaky', status: 'ready' });
    expect(log.find((e) => e.type === 'approval_requested')).toMatchObject({ reason: expect.stringContaining('a verification only reads, and the server marks it destructive') });
    expect(processesWithEnv(`FLAKY_MARKER_DIR=${relative}`)).toEqual([]);
  });

  it("starts a custom agent's own mcpServers for its run (beside mcp.json's), and not for a run without that agent", async () => {
    const { ws, markers, relative, home } = workspaceWith(() => ({}));
    mkdirSync(path.join(home, '.kiro/agents'), { recursive: true });
    writeFileSync(path.join(home, '.kiro/agents/echoer.json'), JSON.stringify({ name: 'echoer', tools: ['*'], mcpServers: { agentecho: flaky({ FLAKY_MARKER_DIR: relative }) } }));
    const script = (request: RecordedRequest, index: number): ScriptedTurn => {
      if (index === 0) return use('agentecho__echo', { text: 'from-the-agent' });
      if (index === 1) return write('src/sum.js', `// ${/echo: (\S+)/.exec(lastToolResult(request))?.[1] ?? 'nothing'}\n${WORKING_SUM}`);
      if (index === 2) return bash('npm test');
      return say('Done.');
    };
    const result = await run(ws, home, script, ['--agent', 'echoer']);
    expect(result.code).toBe(0);
    expect(toolNames(fake!.requests.find((r) => r.path === '/v1/messages')!)).toContain('agentecho__echo');
    expect(readFileSync(path.join(ws, 'src/sum.js'), 'utf8')).toBe(`// from-the-agent\n${WORKING_SUM}`);
    expect(starts(markers).length).toBeGreaterThan(0);
    expect(events(result.stdout).find((e) => e.type === 'mcp_server' && e.server === 'agentecho')).toMatchObject({ status: 'ready' });

    // Without --agent the agent's server is not the workspace's: neither offered nor started.
    await fake!.close();
    const before = starts(markers).length;
    const plain = await run(ws, home, [say('Nothing to do.')], ['--task', '2']);
    expect(toolNames(fake!.requests.find((r) => r.path === '/v1/messages')!)).not.toContain('agentecho__echo');
    expect(starts(markers).length).toBe(before);
    expect(plain.stdout).not.toContain('agentecho');
  });

  it("offers mcp.json's servers to a custom agent only when its file says includeMcpJson: true, as Kiro does", async () => {
    const { ws, markers, home } = workspaceWith((markers) => ({ shared: flaky({ FLAKY_MARKER_DIR: markers }) }));
    mkdirSync(path.join(home, '.kiro/agents'), { recursive: true });
    writeFileSync(path.join(home, '.kiro/agents/solo.json'), JSON.stringify({ name: 'solo', tools: ['*'] }));
    writeFileSync(path.join(home, '.kiro/agents/merged.json'), JSON.stringify({ name: 'merged', tools: ['*'], includeMcpJson: true }));

    const idle = () => say('Nothing to do.');
    const solo = await run(ws, home, idle, ['--agent', 'solo', '--trust']);
    expect(solo.stderr).not.toMatch(/error/i);
    expect(toolNames(fake!.requests.find((r) => r.path === '/v1/messages')!)).not.toContain('shared__echo');
    expect(starts(markers)).toEqual([]);

    await fake!.close();
    const merged = await run(ws, home, idle, ['--agent', 'merged', '--trust']);
    expect(merged.stderr).not.toMatch(/error/i);
    expect(toolNames(fake!.requests.find((r) => r.path === '/v1/messages')!)).toContain('shared__echo');
  });
});
