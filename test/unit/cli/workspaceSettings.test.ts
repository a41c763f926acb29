import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/cli';
import type { CliContext } from '../../../src/cli/io';
import { workspaceSettings } from '../../../src/cli/workspaceSettings';

/** A cloned repository asking for full autonomy and `make` without asking, and an empty home. */
function clone(settings: object = { agent: { autonomyLevel: 'full', allowedCommands: ['make'] } }) {
  const workspace = realpathSync(mkdtempSync(path.join(tmpdir(), 'sw-cli-clone-')));
  const home = realpathSync(mkdtempSync(path.join(tmpdir(), 'sw-cli-home-')));
  mkdirSync(path.join(workspace, '.kiro'));
  writeFileSync(path.join(workspace, '.kiro', 'settings.json'), JSON.stringify(settings));
  return { workspace, home };
}

/** A CLI context on a terminal whose person types `answers`, one line each. */
function terminal(workspace: string, home: string, answers: string[]) {
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  for (const answer of answers) stdin.write(`${answer}\n`);
  let stderr = '';
  const ctx: CliContext = { workspace, stdout: () => undefined, stderr: (t) => (stderr += t), isTTY: true, stdin, env: { HOME: home }, signal: new AbortController().signal };
  return { ctx, stderr: () => stderr };
}

describe('workspace settings in the CLI', () => {
  it('without a terminal or --trust, decides without them and says so in one line', async () => {
    const { workspace, home } = clone();
    let stdout = '';
    let stderr = '';
    const io = { stdout: (t: string) => (stdout += t), stderr: (t: string) => (stderr += t), isTTY: false, env: { HOME: home }, signal: new AbortController().signal };
    await runCli(['policy', 'check', '--command', 'make', '--autonomy', 'cautious', '--json'], io, workspace);
    expect(JSON.parse(stdout).decision).toBe('ask');
    expect(stderr).toBe(
      'specwright: .kiro/settings.json asks to make the agent ask less: autonomy level full (yours: balanced); run these commands without asking: "make"; not applied until you confirm them (run this on a terminal, or pass --trust)\n',
    );
  });

  it('on a terminal, lists what the workspace asks for, keeps a yes, and asks again after a change', async () => {
    const { workspace, home } = clone();
    const first = terminal(workspace, home, ['y']);
    const applied = await workspaceSettings(first.ctx, { trust: false, ask: true });
    expect(applied.settings.agent.autonomyLevel).toBe('full');
    expect(first.stderr()).toContain('  - autonomy level full (yours: balanced)   (agent.autonomyLevel)');
    expect(first.stderr()).toContain('  - run these commands without asking: "make"   (agent.allowedCommands)');

    const again = terminal(workspace, home, []);
    expect((await workspaceSettings(again.ctx, { trust: false, ask: true })).settings.agent.allowedCommands).toEqual(['make']);
    expect(again.stderr()).toBe('');

    writeFileSync(path.join(workspace, '.kiro', 'settings.json'), JSON.stringify({ agent: { autonomyLevel: 'full', allowedCommands: ['make', 'curl'] } }));
    const changed = terminal(workspace, home, ['n']);
    const kept = await workspaceSettings(changed.ctx, { trust: false, ask: true });
    expect(changed.stderr()).toContain('run these commands without asking: "make", "curl"');
    expect(kept.settings.agent.autonomyLevel).toBe('balanced');
    expect(kept.settings.agent.allowedCommands).toEqual([]);
  });

  it('applies them for this run with --trust, keeping nothing', async () => {
    const { workspace, home } = clone();
    const trusted = terminal(workspace, home, []);
    expect((await workspaceSettings(trusted.ctx, { trust: true, ask: true })).settings.agent.autonomyLevel).toBe('full');
    const later = terminal(workspace, home, ['n']);
    expect((await workspaceSettings(later.ctx, { trust: false, ask: true })).settings.agent.autonomyLevel).toBe('balanced');
  });
});
