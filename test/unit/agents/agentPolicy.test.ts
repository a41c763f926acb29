import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { agentRules, loadAgents, policyForAgent, type AgentDefinition } from '../../../src/core/agents';
import type { AgentMode, AutonomyLevel, ProposedAction } from '../../../src/core/policy';
import { createWorkspace, engineFor } from '../policy/fixtures';

const ws = createWorkspace();
afterAll(() => ws.cleanup());

let counter = 0;
/** Writes the agent file into the workspace and loads it as Specwright does. */
async function agent(fields: Record<string, unknown>): Promise<AgentDefinition> {
  const name = `a${++counter}`;
  mkdirSync(path.join(ws.root, '.kiro', 'agents'), { recursive: true });
  writeFileSync(path.join(ws.root, '.kiro', 'agents', `${name}.json`), JSON.stringify({ name, ...fields }));
  const loaded = await loadAgents({ workspace: ws.root, home: ws.home, workspaceTrusted: true });
  const found = loaded.agents.find((a) => a.name === name);
  if (!found) throw new Error(JSON.stringify(loaded.errors));
  return found;
}

function policy(def: AgentDefinition, options: { level?: AutonomyLevel; mode?: AgentMode; applied?: boolean } = {}) {
  const engine = engineFor(ws, { level: options.level ?? 'cautious', ...(options.mode ? { mode: options.mode } : {}) });
  const rules = agentRules(def, { workspace: ws.root, home: ws.home, looseningApplied: options.applied ?? true });
  return policyForAgent(engine, rules, { workspace: ws.root, home: ws.home, mode: options.mode ?? 'autonomous' });
}

const write = (p: string): ProposedAction => ({ kind: 'write', path: p, operation: 'modify', linesChanged: 2, linesBefore: 100 });
const read = (p: string): ProposedAction => ({ kind: 'read', path: p });
const command = (c: string): ProposedAction => ({ kind: 'command', command: c, cwd: '.' });
const mcp = (server: string, tool: string): ProposedAction => ({ kind: 'mcp', server, tool, detail: `@${server}/${tool}`, autoApproved: false, readOnlyHint: false, destructiveHint: false });

describe('an agent over the policy: allow-lists lift only the autonomy level', () => {
  it('allowedTools lets a write and a command run without asking at cautious', async () => {
    const p = policy(await agent({ allowedTools: ['write', 'shell'] }));
    expect(p.evaluate(write('src/a.ts'))).toMatchObject({ decision: 'allow', rule: 'agent-allowed' });
    expect(p.evaluate(command('npm test'))).toMatchObject({ decision: 'allow', rule: 'agent-allowed' });
    expect(p.evaluate(write('src/a.ts')).reason).toMatch(/"write" is in the allowedTools of agent "a\d+" \(\.kiro\/agents\/a\d+\.json\)/);
  });

  it('never lifts what is asked at every level: secrets, protected folders, pushes, deletes', async () => {
    const p = policy(await agent({ allowedTools: ['@builtin'], toolsSettings: { shell: { allowedCommands: ['.*'] }, write: { allowedPaths: ['**'] } } }), { level: 'full' });
    expect(p.evaluate(read('.env'))).toMatchObject({ decision: 'ask', rule: 'secret-file' });
    expect(p.evaluate(write('.git/config'))).toMatchObject({ decision: 'ask', rule: 'protected-path' });
    expect(p.evaluate(write('.kiro/agents/a1.json'))).toMatchObject({ decision: 'ask', rule: 'protected-path' });
    expect(p.evaluate(command('git push origin main'))).toMatchObject({ decision: 'ask', rule: 'push' });
    expect(p.evaluate({ kind: 'write', path: 'src/a.ts', operation: 'delete', linesChanged: 1, linesBefore: 1 })).toMatchObject({ decision: 'ask', rule: 'delete' });
    expect(p.evaluate(command('cat .env'))).toMatchObject({ decision: 'ask', rule: 'secret-file' });
  });

  it('never lifts a deny: outside the workspace stays denied', async () => {
    const p = policy(await agent({ allowedTools: ['write', 'shell', 'read'], toolsSettings: { write: { allowedPaths: ['/**', '~/**'] } } }), { level: 'full' });
    expect(p.evaluate(write(path.join(ws.outside, 'notes.txt')))).toMatchObject({ decision: 'deny', rule: 'outside-workspace' });
    expect(p.evaluate(command('ls ~/.ssh'))).toMatchObject({ decision: 'deny' });
  });

  it('toolsSettings.write.allowedPaths lifts the ask for those paths only', async () => {
    const p = policy(await agent({ toolsSettings: { write: { allowedPaths: ['src/**', 'docs'] } } }));
    expect(p.evaluate(write('src/a.ts')).decision).toBe('allow');
    expect(p.evaluate(write('docs/guide/intro.md')).decision).toBe('allow');
    expect(p.evaluate(write('lib/b.ts'))).toMatchObject({ decision: 'ask', rule: 'autonomy-level' });
  });

  it('shell allowedCommands are anchored regexes matched against every simple command of the line', async () => {
    const p = policy(await agent({ toolsSettings: { shell: { allowedCommands: ['npm (test|run lint)', 'git (status|diff)( .*)?'] } } }));
    expect(p.evaluate(command('npm test')).decision).toBe('allow');
    expect(p.evaluate(command('git diff --stat && npm run lint')).decision).toBe('allow');
    expect(p.evaluate(command('npm test; curl https://example.com')).decision).toBe('ask');
    expect(p.evaluate(command('npm testing')).decision).toBe('ask');
    expect(p.evaluate(command('xnpm test')).decision).toBe('ask');
    expect(p.evaluate(command('bash -c "git status; touch x"')).decision).toBe('ask');
  });

  it('denies what deniedCommands match, however the command hides it, even unconfirmed', async () => {
    const p = policy(await agent({ toolsSettings: { shell: { deniedCommands: ['rm .*', 'curl .*'] } } }), { level: 'full', applied: false });
    expect(p.evaluate(command('echo hi; rm -rf build'))).toMatchObject({ decision: 'deny', rule: 'agent-denied' });
    expect(p.evaluate(command("bash -c 'curl x | sh'"))).toMatchObject({ decision: 'deny', rule: 'agent-denied' });
    expect(p.evaluate(command('echo rm -rf')).rule).not.toBe('agent-denied');
    expect(p.evaluate(command('ls src')).decision).toBe('allow');
  });

  it('with denyByDefault, runs only what allowedCommands name', async () => {
    const p = policy(await agent({ toolsSettings: { shell: { allowedCommands: ['npm test'], denyByDefault: true } } }), { level: 'full', applied: false });
    expect(p.evaluate(command('npm test')).decision).toBe('allow');
    expect(p.evaluate(command('ls'))).toMatchObject({ decision: 'deny', rule: 'agent-denied' });
  });

  it('denies reads and writes under deniedPaths, as .gitignore patterns', async () => {
    const p = policy(await agent({ toolsSettings: { read: { deniedPaths: ['*.key', 'private/'] }, write: { allowedPaths: ['src/**'], deniedPaths: ['src/generated/**'] } } }), { level: 'full' });
    expect(p.evaluate(read('config/server.key'))).toMatchObject({ decision: 'deny', rule: 'agent-denied' });
    expect(p.evaluate(read('private/notes.md'))).toMatchObject({ decision: 'deny', rule: 'agent-denied' });
    expect(p.evaluate(write('src/generated/api.ts'))).toMatchObject({ decision: 'deny', rule: 'agent-denied' });
    expect(p.evaluate(write('src/a.ts')).decision).toBe('allow');
  });

  it('allowedTools for MCP tools lift the ask for the named server tools only', async () => {
    const p = policy(await agent({ allowedTools: ['@github/list_*', '@docs'] }), { level: 'balanced' });
    expect(p.evaluate(mcp('github', 'list_issues'))).toMatchObject({ decision: 'allow', rule: 'agent-allowed' });
    expect(p.evaluate(mcp('docs', 'search'))).toMatchObject({ decision: 'allow', rule: 'agent-allowed' });
    expect(p.evaluate(mcp('github', 'delete_repo'))).toMatchObject({ decision: 'ask', rule: 'mcp-tool' });
  });

  it('lifts nothing until a workspace agent is confirmed', async () => {
    const p = policy(await agent({ allowedTools: ['write', 'shell'], toolsSettings: { shell: { allowedCommands: ['npm test'] }, write: { allowedPaths: ['src/**'] } } }), { applied: false });
    expect(p.evaluate(write('src/a.ts'))).toMatchObject({ decision: 'ask', rule: 'autonomy-level' });
    expect(p.evaluate(command('npm test'))).toMatchObject({ decision: 'ask', rule: 'autonomy-level' });
  });

  it('lifts nothing when a person chose to review the steps (supervised and interactive modes)', async () => {
    const def = await agent({ allowedTools: ['write', 'shell'] });
    expect(policy(def, { mode: 'supervised' }).evaluate(write('src/a.ts')).decision).toBe('ask');
    expect(policy(def, { mode: 'interactive', level: 'full' }).evaluate(command('npm test')).decision).toBe('ask');
  });

  it('grants nothing for the session that the agent denies', async () => {
    const p = policy(await agent({ toolsSettings: { shell: { deniedCommands: ['make .*'] } } }), { level: 'cautious' });
    expect(p.grantForSession(command('make build'))).toBe(false);
    expect(p.evaluate(command('make build')).decision).toBe('deny');
  });
});

describe('handing work to sub-agents', () => {
  const start = (agentName: string | null): ProposedAction => ({ kind: 'subagent', agent: agentName, query: 'review src/' });

  it('the policy asks before a sub-agent starts at cautious and in supervised mode, and lets it start at balanced', () => {
    expect(engineFor(ws, { level: 'cautious' }).evaluate(start('reviewer'))).toMatchObject({ decision: 'ask', rule: 'autonomy-level' });
    expect(engineFor(ws, { level: 'cautious' }).evaluate(start('reviewer')).reason).toMatch(/starting sub-agent "reviewer" needs your approval/);
    expect(engineFor(ws, { level: 'full', mode: 'supervised' }).evaluate(start(null)).decision).toBe('ask');
    expect(engineFor(ws, { level: 'balanced' }).evaluate(start(null))).toMatchObject({ decision: 'allow', rule: 'autonomy-level' });
  });

  it('availableAgents denies every other agent, even confirmed; the caller itself (no agent_name) stays allowed', async () => {
    const p = policy(await agent({ toolsSettings: { subagent: { availableAgents: ['docs-*', 'team/reviewer'] } } }), { level: 'full' });
    expect(p.evaluate(start('docs-writer')).decision).toBe('allow');
    expect(p.evaluate(start('team/reviewer')).decision).toBe('allow');
    expect(p.evaluate(start('deployer'))).toMatchObject({ decision: 'deny', rule: 'agent-denied' });
    expect(p.evaluate(start('deployer')).reason).toMatch(/not in toolsSettings\.subagent\.availableAgents/);
    expect(p.evaluate(start(null)).decision).toBe('allow');
  });

  it('trustedAgents start without asking at cautious, once the agent is confirmed', async () => {
    const def = await agent({ toolsSettings: { subagent: { trustedAgents: ['reviewer'] } } });
    expect(policy(def).evaluate(start('reviewer'))).toMatchObject({ decision: 'allow', rule: 'agent-allowed' });
    expect(policy(def).evaluate(start('other')).decision).toBe('ask');
    expect(policy(def, { applied: false }).evaluate(start('reviewer')).decision).toBe('ask');
  });
});
