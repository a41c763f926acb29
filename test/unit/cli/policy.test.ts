import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/cli';

let workspace: string | undefined;
afterEach(() => {
  if (workspace) rmSync(workspace, { recursive: true, force: true });
  workspace = undefined;
});

function workspaceWith(settings?: object | string): string {
  workspace = realpathSync(mkdtempSync(path.join(tmpdir(), 'specwright-cli-policy-')));
  if (settings !== undefined) {
    mkdirSync(path.join(workspace, '.kiro'));
    writeFileSync(path.join(workspace, '.kiro', 'settings.json'), typeof settings === 'string' ? settings : JSON.stringify(settings));
  }
  return workspace;
}

async function run(args: string[], cwd: string, isTTY = false, env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY, env, signal: new AbortController().signal }, cwd);
  return { code, stdout, stderr };
}

describe('specwright policy check', () => {
  it('prints the decision as JSON and exits 0 when the command is denied', async () => {
    const cwd = workspaceWith({ agent: { forbiddenCommands: ['rm -rf'] } });
    const result = await run(['policy', 'check', '--command', 'rm -r -f build', '--json'], cwd);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      decision: 'deny',
      reason: '"rm -r -f build" matches forbidden command "rm -rf" (.kiro/settings.json agent.forbiddenCommands)',
      rule: 'forbidden-command',
      // This machine (and CI) has bubblewrap: commands would run sandboxed.
      sandbox: 'on',
      sandboxed: true,
    });
  });

  it('without --sandbox, judges with the sandbox this machine has: SPECWRIGHT_SANDBOX=off makes it conservative', async () => {
    const result = await run(['policy', 'check', '--command', 'node build.js', '--autonomy', 'full', '--json'], workspaceWith(), false, { SPECWRIGHT_SANDBOX: 'off' });
    expect(JSON.parse(result.stdout)).toMatchObject({ decision: 'ask', rule: 'unmodelled-command', sandbox: 'off', sandboxed: false });
    const here = await run(['policy', 'check', '--command', 'node build.js', '--autonomy', 'full', '--json'], workspaceWith());
    expect(JSON.parse(here.stdout)).toMatchObject({ decision: 'allow', sandbox: 'on', sandboxed: true });
  });

  it('judges as if the sandbox were off with --sandbox off, and says so in the JSON', async () => {
    const result = await run(['policy', 'check', '--command', 'node build.js', '--sandbox', 'off', '--autonomy', 'full', '--json'], workspaceWith());
    expect(JSON.parse(result.stdout)).toMatchObject({ decision: 'ask', rule: 'unmodelled-command', sandbox: 'off', sandboxed: false });
    const on = await run(['policy', 'check', '--command', 'node build.js', '--sandbox', 'on', '--autonomy', 'full', '--json'], workspaceWith());
    expect(JSON.parse(on.stdout)).toMatchObject({ decision: 'allow', sandbox: 'on', sandboxed: true });
  });

  it('refuses an unknown sandbox state', async () => {
    const result = await run(['policy', 'check', '--command', 'ls', '--sandbox', 'maybe'], workspaceWith());
    expect(result.stderr).toContain('--sandbox must be one of on, off, unavailable (got "maybe")');
  });

  it('prints "decision: reason" for people', async () => {
    const result = await run(['policy', 'check', '--command', 'git push'], workspaceWith());
    expect(result.stdout).toBe('ask: "git push" pushes to a remote (git push); pushing always needs your approval\n');
  });

  it('colours the decision on a terminal', async () => {
    const result = await run(['policy', 'check', '--command', 'ls'], workspaceWith(), true);
    expect(result.stdout.startsWith('\u001b[32mallow:\u001b[0m ')).toBe(true);
  });

  it('judges at the autonomy level given with --autonomy', async () => {
    const result = await run(['policy', 'check', '--command=npm run build', '--autonomy', 'cautious', '--json'], workspaceWith({ agent: { autonomyLevel: 'full' } }));
    expect(JSON.parse(result.stdout).decision).toBe('ask');
  });

  it('exits 2 with the file and field when the settings are invalid', async () => {
    const result = await run(['policy', 'check', '--command', 'ls'], workspaceWith({ agent: { autonomyLevel: 'yolo' } }));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('specwright: .kiro/settings.json: agent.autonomyLevel must be one of cautious, balanced, full (got "yolo")\n');
  });

  it('exits 2 naming the pattern when a forbidden command cannot be read', async () => {
    const result = await run(['policy', 'check', '--command', 'ls'], workspaceWith({ agent: { forbiddenCommands: ['rm -rf > x'] } }));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^specwright: \.kiro\/settings\.json: agent\.forbiddenCommands\[0\] "rm -rf > x" is not a usable command pattern/);
  });

  it('exits 2 when --command is missing', async () => {
    const result = await run(['policy', 'check', '--json'], workspaceWith());
    expect(result).toMatchObject({ code: 2, stderr: 'specwright: policy check needs --command CMD\n' });
  });

  it('exits 2 for an unknown subcommand', async () => {
    const result = await run(['policy', 'explain'], workspaceWith());
    expect(result.code).toBe(2);
  });

  it('warns on stderr about unknown settings and still decides', async () => {
    const result = await run(['policy', 'check', '--command', 'ls', '--json'], workspaceWith({ agent: { autonomy: 'full' } }));
    expect(result.stderr).toBe('specwright: .kiro/settings.json: unknown setting ignored: agent.autonomy (did you mean agent.autonomyLevel?)\n');
    expect(JSON.parse(result.stdout).decision).toBe('allow');
  });
});
