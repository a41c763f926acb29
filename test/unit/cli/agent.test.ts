import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAgents } from '../../../src/core/agents';
import { thirdPartyDir } from '../../support/thirdPartyData';
import { makeWorkspace, runSpecwright } from '../../support/workspace';

const newHome = () => mkdtempSync(path.join(os.tmpdir(), 'sw-home-'));

function agentsWorkspace(): string {
  return makeWorkspace({
    '.kiro/agents/reviewer.json': JSON.stringify({ name: 'reviewer', description: 'Reviews changes', tools: ['read', 'grep', '@github'], model: 'claude-sonnet-4.5' }),
    '.kiro/agents/team/writer.md': '---\ndescription: Writes docs\ntools: [read, write]\n---\nYou write docs.\n',
    '.kiro/agents/broken.json': '{"name": "broken", "tools": [1]}',
  });
}

describe('specwright agent list', () => {
  it('prints the documented JSON shape, broken files as errors, and exits 1 for them', async () => {
    const ws = agentsWorkspace();
    const home = newHome();
    mkdirSync(path.join(home, '.kiro', 'agents'), { recursive: true });
    writeFileSync(path.join(home, '.kiro', 'agents', 'mine.json'), JSON.stringify({ name: 'mine', prompt: 'Be mine.' }));
    const run = await runSpecwright(['--workspace', ws, 'agent', 'list', '--json', '--trust'], { env: { HOME: home } });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      agents: [
        { name: 'mine', file: '~/.kiro/agents/mine.json', scope: 'user', description: null, model: null, tools: ['fs_read', 'fs_write', 'execute_bash', 'glob', 'grep', 'use_subagent'] },
        { name: 'reviewer', file: '.kiro/agents/reviewer.json', scope: 'workspace', description: 'Reviews changes', model: 'claude-sonnet-4-5', tools: ['fs_read', 'grep', '@github'] },
        { name: 'team/writer', file: '.kiro/agents/team/writer.md', scope: 'workspace', description: 'Writes docs', model: null, tools: ['fs_read', 'fs_write'] },
      ],
      errors: [{ file: '.kiro/agents/broken.json', message: '.kiro/agents/broken.json: tools[0]: must be a non-empty text (found number 1)' }],
    });
  });

  it('leaves the workspace agents out without --trust, and says so', async () => {
    const run = await runSpecwright(['--workspace', agentsWorkspace(), 'agent', 'list', '--json'], { env: { HOME: newHome() } });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ agents: [], errors: [] });
    expect(run.stderr).toMatch(/3 agent files of this workspace not loaded: the workspace is not trusted \(pass --trust/);
  });

  it('trusts a workspace your own settings list, without --trust', async () => {
    const ws = agentsWorkspace();
    const home = newHome();
    mkdirSync(path.join(home, '.kiro'), { recursive: true });
    writeFileSync(path.join(home, '.kiro', 'settings.json'), JSON.stringify({ hooks: { trustedWorkspaces: [ws] } }));
    const run = await runSpecwright(['--workspace', ws, 'agent', 'list'], { env: { HOME: home } });
    expect(run.stdout).toMatch(/^NAME\s+SCOPE\s+MODEL\s+TOOLS\s+DESCRIPTION$/m);
    expect(run.stdout).toMatch(/^reviewer\s+workspace\s+claude-sonnet-4-5\s+fs_read,grep,@github\s+Reviews changes$/m);
    expect(run.stdout).toMatch(/^error \.kiro\/agents\/broken\.json: tools\[0\]/m);
  });
});

const wild = thirdPartyDir('kiroConfigWild');
const corpus = thirdPartyDir('kiroCorpus');

describe.runIf(wild || corpus)('agent files of public Kiro projects', () => {
  const projects = [wild, corpus]
    .filter((d): d is string => d !== null)
    .flatMap((root) => readdirSync(root).map((p) => path.join(root, p)))
    .filter((p) => existsSync(path.join(p, '.kiro', 'agents')));

  it('finds the projects with agents', () => {
    expect(projects.length).toBeGreaterThanOrEqual(3);
  });

  it('reads every file as an agent or as one error naming the file, never throwing', async () => {
    let agents = 0;
    for (const project of projects) {
      const files = readdirSync(path.join(project, '.kiro', 'agents'), { recursive: true }).map(String).filter((f) => /\.(json|md)$/.test(f));
      const loaded = await loadAgents({ workspace: project, home: newHome(), workspaceTrusted: true });
      agents += loaded.agents.length;
      const accounted = new Set([...loaded.agents.map((a) => a.file), ...loaded.errors.map((e) => e.file), ...loaded.warnings.map((w) => w.split(':')[0]!)]);
      for (const file of files) expect(accounted.has(`.kiro/agents/${file}`), `${project}: ${file}`).toBe(true);
      for (const error of loaded.errors) expect(error.message.startsWith(error.file)).toBe(true);
      for (const agent of loaded.agents) {
        expect(agent.name.length).toBeGreaterThan(0);
        expect(agent.prompt.length, `${agent.file} has a prompt`).toBeGreaterThan(0);
      }
    }
    expect(agents).toBeGreaterThan(15);
  });

  it('reports a prompt file that the project does not carry as that agent\'s error, naming the field', async () => {
    const project = projects.find((p) => existsSync(path.join(p, '.kiro', 'agents', 'data.json')) && !existsSync(path.join(p, '.kiro', 'agents', 'data-prompt.md')));
    if (!project) return;
    const loaded = await loadAgents({ workspace: project, home: newHome(), workspaceTrusted: true });
    expect(loaded.errors.find((e) => e.file === '.kiro/agents/data.json')?.message).toMatch(/^\.kiro\/agents\/data\.json: prompt: file:\/\/\.\/data-prompt\.md: no such file/);
  });
});
