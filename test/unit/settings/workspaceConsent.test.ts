import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { confirmWorkspaceSettings, consentFileIn, loadSettings, type WorkspaceConsentStore } from '../../../src/core/settings';

function folder(prefix: string, files: Record<string, unknown> = {}): string {
  const root = mkdtempSync(path.join(tmpdir(), prefix));
  for (const [name, value] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), typeof value === 'string' ? value : JSON.stringify(value));
  }
  return root;
}

/** A cloned repository whose .kiro/settings.json asks for `settings`, and a user home with `user` as ~/.kiro/settings.json. */
function clone(settings: Record<string, unknown>, user?: Record<string, unknown>) {
  const workspace = folder('sw-clone-', { '.kiro/settings.json': settings });
  const home = folder('sw-home-', user ? { '.kiro/settings.json': user } : {});
  return { workspace, home };
}

describe('a workspace cannot loosen the policy by itself', () => {
  it('leaves out a higher autonomy level and allowed commands until the user confirms them', async () => {
    const { workspace, home } = clone({ agent: { autonomyLevel: 'full', allowedCommands: ['curl', 'npm test'], maxTurns: 7 } });
    const { settings, workspaceRequest } = await loadSettings(workspace, { home });
    expect(settings.agent.autonomyLevel).toBe('balanced');
    expect(settings.agent.allowedCommands).toEqual([]);
    expect(settings.agent.maxTurns).toBe(7); // not about asking: applies at once
    expect(workspaceRequest).toMatchObject({
      applied: false,
      items: [
        { field: 'agent.autonomyLevel', file: '.kiro/settings.json', summary: 'autonomy level full (yours: balanced)', value: 'full' },
        { field: 'agent.allowedCommands', file: '.kiro/settings.json', summary: 'run these commands without asking: "curl", "npm test"', value: ['curl', 'npm test'] },
      ],
    });
  });

  it('applies exactly what was confirmed, and asks again once the workspace changes it', async () => {
    const { workspace, home } = clone({ 'kiroAgent.trustedCommands': ['npm *'], agent: { autonomyLevel: 'full' } });
    const first = await loadSettings(workspace, { home });
    await confirmWorkspaceSettings(first.workspaceRequest!, { home });
    const confirmed = await loadSettings(workspace, { home });
    expect(confirmed.workspaceRequest?.applied).toBe(true);
    expect(confirmed.settings.agent.autonomyLevel).toBe('full');
    expect(confirmed.settings.kiroAgent.trustedCommands).toEqual(['npm *']);
    // The yes is kept in the user's home, not in the repository.
    expect(JSON.parse(readFileSync(consentFileIn(home), 'utf8')).workspaces).toHaveProperty([confirmed.workspaceRequest!.workspace]);

    writeFileSync(path.join(workspace, '.kiro/settings.json'), JSON.stringify({ 'kiroAgent.trustedCommands': ['npm *', '*'], agent: { autonomyLevel: 'full' } }));
    const changed = await loadSettings(workspace, { home });
    expect(changed.workspaceRequest?.applied).toBe(false);
    expect(changed.workspaceRequest?.hash).not.toBe(first.workspaceRequest!.hash);
    expect(changed.settings.agent.autonomyLevel).toBe('balanced');
    expect(changed.settings.kiroAgent.trustedCommands).toEqual([]);
  });

  it('applies at once what makes it ask more', async () => {
    const { workspace, home } = clone({ agent: { autonomyLevel: 'cautious', mode: 'supervised', forbiddenCommands: ['git push'], askCommands: ['docker'], requireApprovalForNewFiles: true, maxFileEditsPerTask: 5 }, 'kiroAgent.commandDenylist': ['terraform'] });
    const { settings, workspaceRequest } = await loadSettings(workspace, { home });
    expect(workspaceRequest).toBeNull();
    expect(settings.agent).toMatchObject({ autonomyLevel: 'cautious', mode: 'supervised', forbiddenCommands: ['git push'], askCommands: ['docker'], requireApprovalForNewFiles: true, maxFileEditsPerTask: 5 });
    expect(settings.kiroAgent.commandDenylist).toEqual(['terraform']);
  });

  it('measures against the user\'s own settings, which apply without asking', async () => {
    const { workspace, home } = clone(
      { agent: { autonomyLevel: 'full', allowedCommands: ['npm test', 'make'], requireApprovalForNewFiles: false } },
      { agent: { autonomyLevel: 'full', allowedCommands: ['npm test'], requireApprovalForNewFiles: true, forbiddenCommands: ['sudo'] } },
    );
    const { settings, workspaceRequest } = await loadSettings(workspace, { home });
    expect(workspaceRequest?.items.map((i) => i.field)).toEqual(['agent.allowedCommands', 'agent.requireApprovalForNewFiles']);
    expect(workspaceRequest?.items[0]?.value).toEqual(['make']);
    expect(settings.agent).toMatchObject({ autonomyLevel: 'full', allowedCommands: ['npm test'], requireApprovalForNewFiles: true, forbiddenCommands: ['sudo'] });
  });

  it('lets a repository lower the budgets the user set, never raise them without asking', async () => {
    const { workspace, home } = clone(
      { agent: { budget: { maxCostUsdPerDay: 500, maxCostUsdPerRun: 2, maxTokens: 2_000_000 } } },
      { agent: { budget: { maxCostUsdPerDay: 20, maxCostUsdPerRun: 5, maxTokens: 400_000 } } },
    );
    const { settings, workspaceRequest } = await loadSettings(workspace, { home });
    expect(workspaceRequest?.items.map((i) => i.summary)).toEqual(['tokens per task up to 2,000,000 (yours: 400,000)', 'cost per day up to $500 (yours: $20)']);
    expect(settings.agent.budget).toEqual({ maxCostUsdPerDay: 20, maxCostUsdPerRun: 2, maxTokens: 400_000 });
  });

  it('treats a repository-chosen endpoint and verify command as asks, since they send the key elsewhere and run a program', async () => {
    const { workspace, home } = clone({ model: { baseUrl: 'https://gateway.example.test' }, agent: { verifyCommand: 'npm test' } });
    const { settings, workspaceRequest } = await loadSettings(workspace, { home });
    expect(settings.model.baseUrl).toBeUndefined();
    expect(settings.agent.verifyCommand).toBeUndefined();
    expect(workspaceRequest?.items.map((i) => i.summary)).toEqual(['run "npm test" after each task to check it', 'send your API key and the code it reads to https://gateway.example.test']);
  });

  it('judges the host\'s workspace settings like the workspace file, and its user settings like the user\'s', async () => {
    const { workspace, home } = clone({});
    const layers = {
      user: [{ file: 'VS Code user settings', values: { 'kiroAgent.trustedCommands': ['git status'] } }],
      workspace: [{ file: '.vscode/settings.json', values: { 'kiroAgent.trustedCommands': ['git status', 'rm *'], 'agent.autonomyLevel': 'full' } }],
    };
    const { settings, workspaceRequest } = await loadSettings(workspace, { home, layers });
    expect(settings.kiroAgent.trustedCommands).toEqual(['git status']);
    expect(workspaceRequest?.items.map((i) => [i.file, i.field, i.value])).toEqual([
      ['.vscode/settings.json', 'agent.autonomyLevel', 'full'],
      ['.vscode/settings.json', 'kiroAgent.trustedCommands', ['rm *']],
    ]);
  });

  it('applies without keeping anything when trusted for this run (--trust)', async () => {
    const { workspace, home } = clone({ agent: { autonomyLevel: 'full' } });
    const trusted = await loadSettings(workspace, { home, trustWorkspace: true });
    expect(trusted.settings.agent.autonomyLevel).toBe('full');
    expect(trusted.workspaceRequest?.applied).toBe(true);
    expect((await loadSettings(workspace, { home })).settings.agent.autonomyLevel).toBe('balanced');
  });

  it('asks its confirmation store, a port the host may replace', async () => {
    const { workspace, home } = clone({ agent: { autonomyLevel: 'full' } });
    const asked: string[] = [];
    const consent: WorkspaceConsentStore = {
      isConfirmed: async (ws, hash) => (asked.push(ws), hash.length === 64),
      confirm: async () => undefined,
    };
    expect((await loadSettings(workspace, { home, consent })).settings.agent.autonomyLevel).toBe('full');
    expect(asked).toHaveLength(1);
  });
});
