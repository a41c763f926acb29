import { mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentAtWork, agentConsentStore, findAgent, loadAgents } from '../../../src/core/agents';
import { makeWorkspace } from '../../support/workspace';
import { createWorkspace, engineFor } from '../policy/fixtures';

async function setUp(files: Record<string, string>) {
  const workspace = makeWorkspace(files);
  const home = mkdtempSync(path.join(os.tmpdir(), 'sw-home-'));
  const loaded = await loadAgents({ workspace, home, workspaceTrusted: true });
  return { workspace, home, loaded, store: agentConsentStore(home) };
}

describe('a custom agent at work', () => {
  it('gives its prompt, resource files and skills as instructions, its model, and only its tools', async () => {
    const { workspace, home, loaded, store } = await setUp({
      '.kiro/agents/reviewer.json': JSON.stringify({
        name: 'reviewer',
        prompt: 'You review code. Never change files.',
        tools: ['read', 'grep', '@github/get_*'],
        resources: ['file://docs/style.md', 'skill://skills/**/SKILL.md'],
        model: 'claude-haiku-4.5',
      }),
      'docs/style.md': 'Prefer small functions.\n',
      'skills/triage/SKILL.md': '---\nname: triage\ndescription: Sort findings by severity\n---\nSteps…\n',
    });
    const work = await agentAtWork(findAgent(loaded, 'reviewer'), { workspace, home, store });
    expect(work.profile.name).toBe('reviewer');
    expect(work.profile.model).toBe('claude-haiku-4-5');
    expect(work.profile.instructions).toMatch(/^You review code\. Never change files\.\n\n<resource source="docs\/style\.md">\nPrefer small functions\.\n<\/resource>/);
    expect(work.profile.instructions).toContain('- triage: Sort findings by severity (read skills/triage/SKILL.md when a task calls for it)');
    expect(['fs_read', 'grep', 'fs_write', 'execute_bash', 'use_subagent'].map((tool) => work.profile.allowsTool(tool))).toEqual([true, true, false, false, false]);
    expect(work.profile.allowsTool('@github/get_issue')).toBe(true);
    expect(work.profile.allowsTool('@github/create_issue')).toBe(false);
    expect(work.profile.allowsTool('mcp_search')).toBe(true);
  });

  it('keeps a workspace agent’s loosenings out until confirmed, and says so', async () => {
    const { workspace, home, loaded, store } = await setUp({ '.kiro/agents/fixer.md': '---\nallowedTools: [write]\n---\nFix things.\n' });
    const work = await agentAtWork(findAgent(loaded, 'fixer'), { workspace, home, store });
    expect(work.consent.applied).toBe(false);
    expect(work.warnings.join('\n')).toMatch(/agent "fixer" \(\.kiro\/agents\/fixer\.md\) asks to run these tools without asking: write: not applied until you confirm it/);
    const ws = createWorkspace();
    const write = { kind: 'write', path: 'src/a.ts', operation: 'modify', linesChanged: 1, linesBefore: 100 } as const;
    expect(work.policy(engineFor(ws, { level: 'cautious' }), 'autonomous').evaluate(write).decision).toBe('ask');
    const trusted = await agentAtWork(findAgent(loaded, 'fixer'), { workspace, home, store, trustedForThisRun: true });
    expect(trusted.policy(engineFor(ws, { level: 'cautious' }), 'autonomous').evaluate(write).decision).toBe('allow');
    ws.cleanup();
  });

  it('names the agents there are when the one asked for is missing, broken or untrusted', async () => {
    const { workspace, home, loaded } = await setUp({ '.kiro/agents/a.json': '{"name":"a"}', '.kiro/agents/broken.json': '{"name": "broken", "tools": 3}' });
    expect(() => findAgent(loaded, 'nope')).toThrow(/no agent "nope"\. Agents: a\./);
    expect(() => findAgent(loaded, 'broken')).toThrow(/no agent "broken": its file is broken: .*broken\.json/);
    const untrusted = await loadAgents({ workspace, home, workspaceTrusted: false });
    expect(() => findAgent(untrusted, 'a')).toThrow(/\.kiro\/agents\/a\.json is a workspace agent, and the workspace is not trusted/);
  });
});
