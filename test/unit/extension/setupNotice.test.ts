import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runDoctor, type DoctorContext } from '../../../src/core/doctor';
import { setupNotice, setupReport } from '../../../src/extension/commands/setupNotice';
import { COMMANDS } from '../../../src/extension/ids';
import { startFakeAnthropic, type FakeAnthropic } from '../../support/fakeAnthropic';

const KEY = 'sk-ant-check-setup-0123456789';
const made: string[] = [];
let server: FakeAnthropic | undefined;
afterEach(async () => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  await server?.close();
  server = undefined;
});

function dir(prefix: string): string {
  const folder = realpathSync(mkdtempSync(path.join(tmpdir(), prefix)));
  made.push(folder);
  return folder;
}

/** Check Setup's doctor run as the extension makes it: key and endpoint as a run would use them, trust from the editor. */
function check(over: Partial<DoctorContext>): ReturnType<typeof runDoctor> {
  const home = dir('sw-setup-home-');
  return runDoctor({ workspace: dir('sw-setup-ws-'), env: { PATH: process.env.PATH, HOME: home }, home, workspaceTrusted: true, ...over });
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('Check Setup’s report and notification', () => {
  it('a healthy setup: every line ticked, the key accepted by the endpoint and never shown, and a ready notice without buttons', async () => {
    server = await startFakeAnthropic([], { apiKey: KEY });
    const results = await check({ model: { apiKey: KEY, baseUrl: server.url } });
    const report = setupReport(results, '/ws');

    expect(report.split('\n').filter((line) => /^[✓✗·] /.test(line))).toEqual([
      expect.stringMatching(/^✓ Node\.js: Node \d+\.\d+\.\d+$/),
      expect.stringMatching(/^✓ git: git version /),
      expect.stringMatching(/^✓ Command sandbox: Sandbox on \((bubblewrap|seatbelt); no network\)$/),
      `✓ API key: sk-ant-…6789 accepted by ${server.url}`,
      `✓ Model endpoint: ${server.url} answers; model claude-sonnet-5-5 offered`,
      '✓ Workspace trust: the workspace is trusted; nothing from the repository waits for a confirmation',
      '✓ .kiro files: no .kiro folder in the workspace',
    ]);
    expect(report.startsWith('Specwright setup check for /ws\n\n')).toBe(true);
    expect(report).not.toContain(KEY);
    expect(report).not.toContain('fix:');
    expect(setupNotice(results)).toEqual({ severity: 'information', message: 'Specwright: the setup is ready (7 checks).', buttons: [] });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/models']);
  });

  it('no key and no sandbox: each line says what is wrong and how to fix it; the notice names the first and offers Set API Key', async () => {
    // A PATH with git alone: bubblewrap cannot be found, so commands could not be sandboxed.
    const bin = dir('sw-setup-bin-');
    symlinkSync(execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim(), path.join(bin, 'git'));
    server = await startFakeAnthropic([], { apiKey: KEY });
    const results = await check({ env: { PATH: bin }, model: { baseUrl: server.url } });
    const report = setupReport(results, null);

    expect(report.startsWith('Specwright setup check (no folder open)\n\n')).toBe(true);
    expect(report).toMatch(/\n✗ Command sandbox: unavailable: [^\n]+\n {2}fix: [^\n]+\n/);
    expect(report).toContain('\n✗ API key: no Anthropic API key is set\n  fix: set an API key (Set API Key)\n');
    expect(report).toContain('\n· Model endpoint: not checked: it needs an API key\n');
    expect(server.requests).toEqual([]);
    const sandbox = results.find((r) => r.id === 'sandbox')!;
    expect(setupNotice(results)).toEqual({
      severity: 'warning',
      message: `Specwright: 2 problems, first Command sandbox: ${sandbox.detail}`,
      buttons: [{ label: 'Set API Key', command: COMMANDS.setApiKey }],
    });
  });

  it('an endpoint that does not answer and an untrusted workspace: the key is left unjudged, the notice offers Manage Workspace Trust', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const results = await check({ model: { apiKey: KEY, baseUrl: url }, workspaceTrusted: false });
    const report = setupReport(results, '/ws');

    expect(report).toContain('\n· API key: present (sk-ant-…6789); not checked: the endpoint did not answer\n');
    expect(report).toMatch(new RegExp(`\\n✗ Model endpoint: ${url.replace(/\./g, '\\.')} did not answer: [^\\n]+\\n {2}fix: check the network, a proxy, or the base URL \\(ANTHROPIC_BASE_URL or model\\.baseUrl\\)\\n`));
    expect(report).toContain('\n✗ Workspace trust: the workspace is not trusted: specs are read and linted, but no agent and no hooks run\n  fix: trust the workspace if you trust its files (Manage Workspace Trust)\n');
    expect(report).not.toContain(KEY);
    const notice = setupNotice(results);
    expect(notice.message).toMatch(new RegExp(`^Specwright: 2 problems, first Model endpoint: ${url.replace(/\./g, '\\.')} did not answer`));
    expect(notice.buttons).toEqual([{ label: 'Manage Workspace Trust', command: 'workbench.trust.manage' }]);
  });

  it('one problem is named whole; the same remedy twice is one button', () => {
    const results = [
      { id: 'api-key', title: 'API key', status: 'problem' as const, detail: 'the key was refused', remedy: { kind: 'setApiKey' as const } },
      { id: 'node', title: 'Node.js', status: 'ok' as const, detail: 'Node 20.19.0' },
    ];
    expect(setupNotice(results)).toEqual({ severity: 'warning', message: 'Specwright: API key: the key was refused', buttons: [{ label: 'Set API Key', command: COMMANDS.setApiKey }] });
    expect(setupNotice([...results, { ...results[0]!, id: 'endpoint' }]).buttons).toHaveLength(1);
  });
});
