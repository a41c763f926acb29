import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listedTools, loadAgents, resolveResources, selectorMatches, subjectOf, toolsFilter, type AgentDefinition } from '../../../src/core/agents';
import { makeWorkspace } from '../../support/workspace';

const builtin = (name: string) => subjectOf(name);
const mcpTool = (server: string, tool: string) => subjectOf(`@${server}/${tool}`);

describe('tool names and selectors', () => {
  it("maps Kiro's short, older and IDE names to Specwright's tools", () => {
    for (const [kiro, ours] of [['read', 'fs_read'], ['write', 'fs_write'], ['shell', 'execute_bash'], ['glob', 'glob'], ['grep', 'grep'], ['use_subagent', 'use_subagent'], ['knowledge', 'knowledge'], ['todo_list', 'todo_list'], ['readFile', 'fs_read'], ['executeBash', 'execute_bash']]) {
      expect(selectorMatches(kiro!, builtin(ours!)), `${kiro} → ${ours}`).toBe(true);
    }
    expect(selectorMatches('read', builtin('fs_write'))).toBe(false);
  });

  it('matches *, @builtin, @server, @server/tool and globs, case-sensitively', () => {
    expect(selectorMatches('*', mcpTool('git', 'status'))).toBe(true);
    expect(selectorMatches('@builtin', builtin('grep'))).toBe(true);
    expect(selectorMatches('@builtin', mcpTool('git', 'status'))).toBe(false);
    expect(selectorMatches('@git', mcpTool('git', 'status'))).toBe(true);
    expect(selectorMatches('@git', mcpTool('github', 'status'))).toBe(false);
    expect(selectorMatches('@git/status', mcpTool('git', 'status'))).toBe(true);
    expect(selectorMatches('@git/read_*', mcpTool('git', 'read_file'))).toBe(true);
    expect(selectorMatches('@git-*/status', mcpTool('git-lab', 'status'))).toBe(true);
    expect(selectorMatches('fs_*', builtin('fs_read'))).toBe(true);
    expect(selectorMatches('fs_*', builtin('grep'))).toBe(false);
    expect(selectorMatches('FS_READ', builtin('fs_read'))).toBe(false);
    expect(selectorMatches('@mcp', mcpTool('jira', 'search'))).toBe(true);
  });

  it('gives the built-in tools when tools is left out, and only what is named otherwise', () => {
    const absent = toolsFilter(null);
    expect(absent(builtin('execute_bash'))).toBe(true);
    expect(absent(mcpTool('git', 'status'))).toBe(false);
    const named = toolsFilter(['read', '@git/status']);
    expect([builtin('fs_read'), builtin('fs_write'), mcpTool('git', 'status'), mcpTool('git', 'push')].map(named)).toEqual([true, false, true, false]);
  });
});

describe('agent list tools and resources', () => {
  async function agentIn(workspace: string, fields: Record<string, unknown>): Promise<AgentDefinition> {
    writeFileSync(path.join(workspace, '.kiro/agents/x.json'), JSON.stringify({ name: 'x', ...fields }));
    const loaded = await loadAgents({ workspace, home: mkdtempSync(path.join(os.tmpdir(), 'sw-home-')), workspaceTrusted: true });
    if (!loaded.agents[0]) throw new Error(JSON.stringify(loaded.errors));
    return loaded.agents[0];
  }

  it('lists built-ins by their names and MCP tools as written', async () => {
    const ws = makeWorkspace({ '.kiro/agents/.keep': '' });
    expect(listedTools(await agentIn(ws, {}))).toEqual(['fs_read', 'fs_write', 'execute_bash', 'glob', 'grep', 'use_subagent']);
    expect(listedTools(await agentIn(ws, { tools: ['read', 'shell', '@github', '@git/status'] }))).toEqual(['fs_read', 'execute_bash', '@github', '@git/status']);
    expect(listedTools(await agentIn(ws, { tools: ['*'] }))).toEqual(['fs_read', 'fs_write', 'execute_bash', 'glob', 'grep', 'use_subagent', '@*']);
  });

  it('loads file:// globs into the context and discloses skill:// by name and description', async () => {
    const ws = makeWorkspace({
      '.kiro/agents/.keep': '',
      'README.md': '# App\n',
      'docs/a.md': 'A',
      'docs/deep/b.md': 'B',
      'docs/c.txt': 'C',
      '.env': 'KEY=1',
      '.kiro/skills/deploy/SKILL.md': '---\nname: deploy\ndescription: Ship the app to staging\n---\nSteps…',
      '.kiro/skills/plain.md': '# Release notes\nHow to write them.',
    });
    const agent = await agentIn(ws, { resources: ['file://README.md', 'file://docs/**/*.md', 'file://.env', 'file://nothing/*.md', 'skill://.kiro/skills/**/*.md'] });
    const resolved = await resolveResources(agent, { workspace: ws, home: os.tmpdir() });
    expect(resolved.files).toEqual([
      { source: 'README.md', body: '# App\n' },
      { source: 'docs/a.md', body: 'A' },
      { source: 'docs/deep/b.md', body: 'B' },
    ]);
    expect(resolved.skills).toEqual([
      { name: 'deploy', description: 'Ship the app to staging', source: '.kiro/skills/deploy/SKILL.md' },
      { name: 'plain', description: 'Release notes', source: '.kiro/skills/plain.md' },
    ]);
    expect(resolved.warnings).toEqual([
      '.kiro/agents/x.json: resources[2]: .env is a secrets file and is not put into the context',
      '.kiro/agents/x.json: resources[3]: file://nothing/*.md matches no file',
    ]);
  });

  it("never loads a file outside the workspace for a workspace agent", async () => {
    const outside = mkdtempSync(path.join(os.tmpdir(), 'sw-out-'));
    mkdirSync(path.join(outside, 'notes'), { recursive: true });
    writeFileSync(path.join(outside, 'notes', 'n.md'), 'private');
    const ws = makeWorkspace({ '.kiro/agents/.keep': '' });
    const agent = await agentIn(ws, { resources: [`file://${outside}/notes/*.md`, 'file://~/notes/n.md'] });
    const resolved = await resolveResources(agent, { workspace: ws, home: outside });
    expect(resolved.files).toEqual([]);
    expect(resolved.warnings.every((w) => /outside the workspace/.test(w))).toBe(true);
    expect(resolved.warnings).toHaveLength(1);
  });
});
