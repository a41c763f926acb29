import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/cli';
import { nodeCheck, runDoctor, type DoctorCheck } from '../../../src/core/doctor';
import { startFakeAnthropic, type FakeAnthropic } from '../../support/fakeAnthropic';

let workspace: string | undefined;
let server: FakeAnthropic | undefined;
afterEach(async () => {
  if (workspace) rmSync(workspace, { recursive: true, force: true });
  workspace = undefined;
  await server?.close();
  server = undefined;
});

const KEY = 'sk-ant-doctor-test-0123456789';

async function doctor(args: string[], env: NodeJS.ProcessEnv, files: Record<string, string> = {}) {
  workspace = realpathSync(mkdtempSync(path.join(tmpdir(), 'specwright-doctor-')));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
    writeFileSync(path.join(workspace, file), text);
  }
  let stdout = '';
  let stderr = '';
  const code = await runCli(['doctor', ...args], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false, env, signal: new AbortController().signal }, workspace);
  return { code, stdout, stderr };
}

describe('specwright doctor', () => {
  it('lists every check as ok on a machine set up as the README says, with a key the endpoint accepts, and exits 0', async () => {
    server = await startFakeAnthropic([], { apiKey: KEY });
    const result = await doctor(['--json'], { PATH: process.env.PATH, HOME: tmpdir(), ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: server.url });
    expect(result.code).toBe(0);
    const { checks } = JSON.parse(result.stdout) as { checks: Array<{ id: string; status: string; detail: string }> };
    expect(checks.map((c) => c.id)).toEqual(['node', 'git', 'sandbox', 'api-key', 'endpoint', 'trust', 'kiro-files']);
    expect(checks.find((c) => c.id === 'kiro-files')!.detail).toBe('no .kiro folder in the workspace');
    expect(checks.filter((c) => c.status !== 'ok')).toEqual([]);
    expect(checks.find((c) => c.id === 'api-key')!.detail).toBe(`sk-ant-…6789 accepted by ${server.url}`);
    expect(checks.find((c) => c.id === 'endpoint')!.detail).toBe(`${server.url} answers; model claude-sonnet-5-5 offered`);
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/models']);
    expect(result.stdout).not.toContain(KEY);
    expect(checks.find((c) => c.id === 'sandbox')!.detail).toMatch(/^Sandbox on \((bubblewrap|seatbelt); no network\)/);
  });

  it('lists what the sandbox hides and keeps read-only in the workspace under its line', async () => {
    const home = realpathSync(mkdtempSync(path.join(tmpdir(), 'specwright-doctor-home-')));
    const result = await doctor(['--offline'], { PATH: process.env.PATH, HOME: home }, { '.env.local': 'TOKEN=x\n', '.vscode/settings.json': '{}\n', 'src/app.ts': '\n' });
    expect(result.stdout).toMatch(/✓ Command sandbox: Sandbox on \((bubblewrap|seatbelt); no network\)\n {4}hidden from commands \(secrets files; the agent asks before reading one\): \.env\.local\n(?: {4}hidden from commands \(the system's secrets\): [^\n]*\n)? {4}read-only for commands \([^)]*\): \.vscode\n {4}may not be created by commands \(for the same reason\): \.git, \.kiro\n/);
    const json = await doctor(['--offline', '--json'], { PATH: process.env.PATH, HOME: home }, {});
    expect((JSON.parse(json.stdout) as { checks: Array<{ id: string; items?: string[] }> }).checks.find((c) => c.id === 'sandbox')!.items!.filter((item) => !item.includes("system's secrets"))).toEqual([
      'may not be created by commands (for the same reason): .git, .kiro, .vscode',
      'writable besides the workspace and a private /tmp (tool caches, your sandbox.writablePaths): ~/.cache, ~/.npm',
    ]);
  });

  it('reports a sandbox turned off on purpose as a problem, with how to turn it back on, and exits 1', async () => {
    const result = await doctor(['--json'], { PATH: process.env.PATH, HOME: tmpdir(), SPECWRIGHT_SANDBOX: 'off' });
    expect(result.code).toBe(1);
    const sandbox = (JSON.parse(result.stdout) as { checks: Array<{ id: string }> }).checks.find((c) => c.id === 'sandbox');
    expect(sandbox).toMatchObject({ status: 'problem', detail: expect.stringContaining('SPECWRIGHT_SANDBOX=off'), fix: 'unset SPECWRIGHT_SANDBOX to turn it back on' });
  });

  it('says how to install what is missing, in words a person can follow', async () => {
    const result = await doctor([], { PATH: '/nonexistent', HOME: tmpdir() });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ git: git was not found on PATH');
    expect(result.stdout).toMatch(/✗ Command sandbox: unavailable: bubblewrap \(bwrap\) is not installed[^\n]*\n {2}fix: install bubblewrap: `sudo apt install bubblewrap socat`/);
  });

  it('says there is no key, how to set one in a terminal, and leaves the endpoint unchecked', async () => {
    const result = await doctor([], { PATH: process.env.PATH, HOME: tmpdir() });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ API key: no Anthropic API key is set\n  fix: set an API key: export ANTHROPIC_API_KEY=');
    expect(result.stdout).toContain('· Model endpoint: not checked: it needs an API key');
  });

  it('reports a key the endpoint refuses, without printing the key', async () => {
    server = await startFakeAnthropic([], { apiKey: KEY });
    const wrong = 'sk-ant-wrong-key-9876543210';
    const result = await doctor(['--json'], { PATH: process.env.PATH, HOME: tmpdir(), ANTHROPIC_API_KEY: wrong, ANTHROPIC_BASE_URL: server.url });
    expect(result.code).toBe(1);
    const checks = (JSON.parse(result.stdout) as { checks: Array<{ id: string; status: string; detail: string; remedy?: unknown }> }).checks;
    expect(checks.find((c) => c.id === 'api-key')).toMatchObject({ status: 'problem', detail: expect.stringMatching(/^sk-ant-…3210 was refused by http:\/\/127\.0\.0\.1:\d+ \(401\)/), remedy: { kind: 'setApiKey' } });
    expect(checks.find((c) => c.id === 'endpoint')).toMatchObject({ status: 'ok' });
    expect(result.stdout).not.toContain(wrong);
  });

  it('reports an endpoint that does not answer, and a model the endpoint does not offer', async () => {
    const closed = await startFakeAnthropic([]);
    const url = closed.url;
    await closed.close();
    const unreachable = await doctor(['--json'], { PATH: process.env.PATH, HOME: tmpdir(), ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: url });
    const first = (JSON.parse(unreachable.stdout) as { checks: Array<{ id: string; status: string; detail: string }> }).checks;
    expect(first.find((c) => c.id === 'endpoint')).toMatchObject({ status: 'problem', detail: expect.stringContaining(`${url} did not answer`) });
    expect(first.find((c) => c.id === 'api-key')).toMatchObject({ status: 'not checked' });

    server = await startFakeAnthropic([], { models: ['claude-opus-5-5', 'claude-haiku-4-5'] });
    const result = await doctor([], { PATH: process.env.PATH, HOME: tmpdir(), ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: server.url, SPECWRIGHT_MODEL: 'claude-sonnet-9' });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`✗ Model endpoint: ${server.url} answers, but does not offer the model claude-sonnet-9\n  fix: choose one it offers (claude-opus-5-5, claude-haiku-4-5)`);
  });

  it('makes no request with --offline', async () => {
    server = await startFakeAnthropic([]);
    const result = await doctor(['--offline', '--json'], { PATH: process.env.PATH, HOME: tmpdir(), ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: server.url });
    const checks = (JSON.parse(result.stdout) as { checks: Array<{ id: string; status: string }> }).checks;
    expect(checks.filter((c) => c.id === 'api-key' || c.id === 'endpoint').map((c) => c.status)).toEqual(['not checked', 'not checked']);
    expect(server.requests).toEqual([]);
  });

  it('lists what the .kiro folder holds and every file that cannot be read, by file', async () => {
    const result = await doctor(['--offline'], { PATH: process.env.PATH, HOME: tmpdir() }, {
      '.kiro/specs/login/requirements.md': '# Requirements\n\n## Requirements\n\n### Requirement 1\n\n**User Story:** As a user, I want to log in, so that I can work.\n\n#### Acceptance Criteria\n\n1. WHEN the user logs in THEN the system SHALL show the home page\n',
      '.kiro/specs/login/tasks.md': '# Tasks\n\n- [ ] 1. Build the form\n  - _Requirements: 7.1_\n',
      '.kiro/steering/tech.md': '# Tech\n',
      '.kiro/hooks/broken.kiro.hook': '{ "name": "x", "when": ',
      '.kiro/hooks/lint.kiro.hook': JSON.stringify({ name: 'Lint', version: '1', when: { type: 'fileEdited', patterns: ['**/*.ts'] }, then: { type: 'runCommand', command: 'npm run lint' } }),
      '.kiro/settings/mcp.json': JSON.stringify({ mcpServers: { docs: { command: 'npx', args: ['docs-server'] }, broken: { args: ['no command'] } } }),
      '.kiro/agents/team/reviewer.md': '---\nname: reviewer\n---\nReview.\n',
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/✗ \.kiro files: 1 spec, 1 steering file, 1 hook, 2 MCP servers, 1 agent; \d+ file problems/);
    expect(result.stdout).toMatch(/ {4}error: \.kiro\/specs\/login\/tasks\.md:4: [^\n]*7\.1/);
    expect(result.stdout).toMatch(/ {4}error: \.kiro\/hooks\/broken\.kiro\.hook:1: /);
    expect(result.stdout).toMatch(/ {4}error: \.kiro\/settings\/mcp\.json(:\d+)?: [^\n]*broken/);
  });

  it('shows what the workspace asks for that waits for a confirmation outside the repository', async () => {
    const result = await doctor(['--offline', '--json'], { PATH: process.env.PATH, HOME: realpathSync(mkdtempSync(path.join(tmpdir(), 'specwright-doctor-home-'))) }, {
      '.kiro/settings.json': JSON.stringify({ agent: { autonomyLevel: 'full' } }),
      '.kiro/settings/mcp.json': JSON.stringify({ mcpServers: { docs: { command: 'npx', args: ['docs-server'] } } }),
    });
    const trust = (JSON.parse(result.stdout) as { checks: Array<{ id: string; detail: string; items?: string[] }> }).checks.find((c) => c.id === 'trust')!;
    expect(trust.items).toEqual(['settings not yet confirmed: agent.autonomyLevel (.kiro/settings.json)', 'MCP servers not yet approved: docs']);
  });

  it('refuses unknown options', async () => {
    const result = await doctor(['--fix'], { PATH: process.env.PATH });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown option "--fix"');
  });
});

describe('doctor checks', () => {
  it('is an open list: a check that throws is reported as a problem, the others still run', async () => {
    const broken: DoctorCheck = { id: 'broken', title: 'Broken', run: async () => Promise.reject(new Error('no disk')) };
    const results = await runDoctor({ workspace: tmpdir(), env: process.env }, [broken, nodeCheck]);
    expect(results).toEqual([
      { id: 'broken', title: 'Broken', status: 'problem', detail: 'the check failed: no disk' },
      expect.objectContaining({ id: 'node', status: 'ok' }),
    ]);
  });

  it('flags a Node older than the supported one', async () => {
    expect(await nodeCheck.run({ workspace: tmpdir(), env: {}, nodeVersion: '18.20.1' })).toMatchObject({ status: 'problem', fix: expect.stringContaining('20.19') });
    expect(await nodeCheck.run({ workspace: tmpdir(), env: {}, nodeVersion: '22.1.0' })).toMatchObject({ status: 'ok' });
  });
});
