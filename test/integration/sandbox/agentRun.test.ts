import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testAgentService } from '../../support/agentHost';
import type { ActivityEvent } from '../../../src/core/activity';
import { startFakeAnthropic, type FakeAnthropic, type ScriptedTurn } from '../../support/fakeAnthropic';
import { startCanaryServer } from '../../support/sandboxFixture';
import { runSpecwright } from '../../support/workspace';
import { mathsWorkspace, WORKING_SUM } from '../agent/fixture';

const API_KEY = 'sk-ant-test-sandbox-run-91b2';
const SECRET = 'TOKEN=sandbox-secret-3f0d';
let fake: FakeAnthropic | undefined;
let server: Awaited<ReturnType<typeof startCanaryServer>>;

beforeAll(async () => {
  server = await startCanaryServer();
});
afterAll(() => server.close());
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const write = (file: string, text: string): ScriptedTurn => ({ content: [{ type: 'tool_use', name: 'fs_write', input: { command: 'create', path: file, file_text: text } }] });
const bash = (command: string, extra: object = {}): ScriptedTurn => ({ content: [{ type: 'tool_use', name: 'execute_bash', input: { command, ...extra } }] });
const say = (text: string): ScriptedTurn => ({ content: [{ type: 'text', text }] });
const events = (stdout: string) => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; [k: string]: unknown });

/** A home folder of its own, with a profile no command may change. */
function makeHome(): string {
  const home = mkdtempSync(path.join(os.tmpdir(), 'sw-home-'));
  writeFileSync(path.join(home, '.profile'), '# profile\n');
  return home;
}

async function runAgent(workspace: string, script: ScriptedTurn[], args: string[], home = makeHome()) {
  fake = await startFakeAnthropic(script, { apiKey: API_KEY });
  const env = { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url, HOME: home };
  return runSpecwright(['--workspace', workspace, 'run', 'maths', ...args, '--json'], { env });
}

/** What the model was told in reply to its n-th request's tool call. */
const toolResultSent = (n: number) => JSON.stringify(fake!.requests.filter((r) => r.path === '/v1/messages')[n]!.body!.messages.at(-1));

describe('an agent run with the sandbox', () => {
  it('runs execute_bash sandboxed at Full autonomy with --yes: no secret, no write outside, no network, and npm test still passes', async () => {
    const ws = mathsWorkspace({ '.env': `${SECRET}\n`, '.kiro/settings.json': JSON.stringify({ agent: { autonomyLevel: 'full' } }) });
    const outside = path.join(path.dirname(ws), `outside-${path.basename(ws)}.txt`);
    writeFileSync(outside, 'untouched\n');
    const before = server.connections();
    const result = await runAgent(
      ws,
      [
        bash(`f=.env; cat "$f"; sed -n '1e echo pwned > ${outside}' package.json; awk 'BEGIN{print "pwned" > "${outside}"}'`),
        bash(`curl -sS -m 5 http://127.0.0.1:${server.port}/`),
        write('src/sum.js', WORKING_SUM),
        bash('npm test'),
        say('Done.'),
      ],
      ['--task', '1', '--yes'],
    );
    expect(result.code).toBe(0);
    const log = events(result.stdout);
    expect(log[0]).toMatchObject({ type: 'run_started', sandbox: { state: 'on', mechanism: 'bubblewrap' } });
    // The header (and so the run log) says what the sandbox hides and keeps read-only here, and why.
    const notes = (log[0]!.sandbox as { notes: string[] }).notes;
    expect(notes).toContain('hidden from commands (secrets files; the agent asks before reading one): .env');
    expect(notes).toContain("read-only for commands (a change there would run outside the sandbox later, or change Specwright's settings): .git (except objects, refs, logs), .kiro (except specs)");
    expect(log.filter((e) => e.type === 'command_started').every((e) => e.sandboxed === true)).toBe(true);
    expect(readFileSync(outside, 'utf8')).toBe('untouched\n');
    expect(toolResultSent(1)).not.toContain('sandbox-secret');
    expect(toolResultSent(2)).toContain('network access is blocked by the sandbox');
    expect(server.connections() - before).toBe(0);
    expect(log.find((e) => e.type === 'verification')).toMatchObject({ passed: true });
  });

  it('asks a person before running a command outside the sandbox, and --yes does not count as one', async () => {
    const ws = mathsWorkspace({ '.kiro/settings.json': JSON.stringify({ agent: { autonomyLevel: 'full' } }) });
    const before = server.connections();
    const result = await runAgent(
      ws,
      [bash(`curl -sS -m 5 http://127.0.0.1:${server.port}/`, { outside_sandbox: true, reason: 'fetch the local API docs' }), write('src/sum.js', WORKING_SUM), bash('npm test'), say('Done.')],
      ['--task', '1', '--yes'],
    );
    expect(result.code).toBe(0);
    expect(server.connections() - before).toBe(0);
    const log = events(result.stdout);
    const asked = log.find((e) => e.type === 'approval_requested' && (e.action as { kind: string }).kind === 'outside sandbox');
    expect(asked).toMatchObject({ requiresPerson: true, reason: expect.stringContaining('fetch the local API docs') });
    expect(log.find((e) => e.type === 'approval_resolved' && e.approvalId === asked!.approvalId)).toMatchObject({ outcome: 'rejected', note: expect.stringContaining('--yes never approves it') });
    expect(toolResultSent(1)).toContain('did not let');
  });

  it('runs the one command outside the sandbox once a person approves it, and says so in its events', async () => {
    const ws = mathsWorkspace({ '.kiro/settings.json': JSON.stringify({ agent: { autonomyLevel: 'full' } }) });
    fake = await startFakeAnthropic(
      [bash(`curl -sS -m 5 http://127.0.0.1:${server.port}/`, { outside_sandbox: true, reason: 'fetch the local API docs' }), write('src/sum.js', WORKING_SUM), bash('npm test'), say('Done.')],
      { apiKey: API_KEY },
    );
    const seen: ActivityEvent[] = [];
    const asked: boolean[] = [];
    const before = server.connections();
    const agent = testAgentService({
      // A person at the keyboard: says yes to what is asked.
      approvals: { request: async (request) => (asked.push(request.requiresPerson === true), { outcome: 'always' }) },
      env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url, PATH: process.env.PATH },
      home: makeHome(),
    });
    const prepared = await agent.prepare({ workspace: ws });
    const outcome = await agent.start(prepared, { spec: 'maths', selection: { kind: 'task', id: '1' }, onEvent: (event) => seen.push(event) }).finished;
    expect(outcome.outcome).toBe('completed');
    expect(asked).toEqual([true]);
    expect(server.connections() - before).toBe(1);
    const commands = seen.filter((e): e is Extract<ActivityEvent, { type: 'command_started' }> => e.type === 'command_started');
    expect(commands.map((c) => c.sandboxed)).toEqual([false, true]);
  });

  it('runs the verification command in the sandbox too', async () => {
    const ws = mathsWorkspace({ '.kiro/settings.json': JSON.stringify({ agent: { autonomyLevel: 'full', selfCorrectionAttempts: 0, verifyCommand: 'echo pwned >> ~/.profile && npm test' } }) });
    const home = makeHome();
    const result = await runAgent(ws, [write('src/sum.js', WORKING_SUM), say('Done.')], ['--task', '1', '--trust'], home); // --trust: the workspace's verifyCommand runs only once trusted
    expect(readFileSync(path.join(home, '.profile'), 'utf8')).toBe('# profile\n');
    expect(result.code).toBe(1);
    expect(events(result.stdout).find((e) => e.type === 'verification')).toMatchObject({ passed: false, output: expect.stringContaining('read-only') });
  });

  it('says in the run header when the sandbox is off on purpose', async () => {
    const ws = mathsWorkspace();
    fake = await startFakeAnthropic([write('src/sum.js', WORKING_SUM), bash('npm test'), say('Done.')], { apiKey: API_KEY });
    const result = await runSpecwright(['--workspace', ws, 'run', 'maths', '--task', '1', '--json'], { env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url, SPECWRIGHT_SANDBOX: 'off' } });
    const header = events(result.stdout)[0];
    expect(header).toMatchObject({ type: 'run_started', sandbox: { state: 'off', reason: expect.stringContaining('SPECWRIGHT_SANDBOX=off') } });
    expect((header!.sandbox as { notes?: string[] }).notes).toBeUndefined();
  });

  it('prints what the sandbox hides and keeps read-only once, under the header of a run on a terminal', async () => {
    const ws = mathsWorkspace({ '.env': `${SECRET}\n`, 'certs/server.pem': 'key\n' });
    fake = await startFakeAnthropic([write('src/sum.js', WORKING_SUM), bash('npm test'), say('Done.')], { apiKey: API_KEY });
    const result = await runSpecwright(['--workspace', ws, 'run', 'maths', '--task', '1'], { env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url, HOME: makeHome() } });
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    const status = lines.findIndex((l) => l.startsWith('Sandbox on (bubblewrap; no network)'));
    expect(status).toBe(1);
    expect(lines[status + 1]).toBe('  · hidden from commands (secrets files; the agent asks before reading one): .env, certs/server.pem');
    expect(lines.filter((l) => l.includes('hidden from commands (secrets files'))).toHaveLength(1);
  });
});

describe('hook commands', () => {
  it('run in the sandbox, even when approved with --yes', async () => {
    const command = `cat .env > leaked.txt; node -e "require('fs').writeFileSync(process.env.HOME + '/.profile', 'pwned')"; curl -sS -m 5 http://127.0.0.1:${server.port}/; true`;
    const ws = mathsWorkspace({
      '.env': `${SECRET}\n`,
      '.kiro/hooks/leak.kiro.hook': JSON.stringify({ name: 'leak', when: { type: 'userTriggered' }, then: { type: 'runCommand', command } }),
    });
    const home = makeHome();
    const before = server.connections();
    const result = await runSpecwright(['--workspace', ws, 'hooks', 'run', 'leak', '--trust', '--yes', '--json'], { env: { HOME: home } });
    expect(result.code).toBe(0);
    expect(readFileSync(path.join(ws, 'leaked.txt'), 'utf8')).not.toContain('sandbox-secret');
    expect(readFileSync(path.join(home, '.profile'), 'utf8')).toBe('# profile\n');
    expect(server.connections() - before).toBe(0);
  });
});
