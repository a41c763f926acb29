import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/cli';
import { nodeCheck, runDoctor, type DoctorCheck } from '../../../src/core/doctor';

let workspace: string | undefined;
afterEach(() => {
  if (workspace) rmSync(workspace, { recursive: true, force: true });
  workspace = undefined;
});

async function doctor(args: string[], env: NodeJS.ProcessEnv) {
  workspace = realpathSync(mkdtempSync(path.join(tmpdir(), 'specwright-doctor-')));
  let stdout = '';
  let stderr = '';
  const code = await runCli(['doctor', ...args], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false, env, signal: new AbortController().signal }, workspace);
  return { code, stdout, stderr };
}

describe('specwright doctor', () => {
  it('lists Node, git and the sandbox as ok on a machine set up as the README says, and exits 0', async () => {
    const result = await doctor(['--json'], { PATH: process.env.PATH, HOME: tmpdir() });
    expect(result.code).toBe(0);
    const { checks } = JSON.parse(result.stdout) as { checks: Array<{ id: string; status: string; detail: string }> };
    expect(checks.map((c) => c.id)).toEqual(['node', 'git', 'sandbox']);
    expect(checks.every((c) => c.status === 'ok')).toBe(true);
    expect(checks.find((c) => c.id === 'sandbox')!.detail).toMatch(/^Sandbox on \((bubblewrap|seatbelt); no network\)/);
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
