import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KiroSurvey } from '../../../src/core/doctor';
import { kiroSurveyItems, kiroSurveySummary } from '../../../src/extension/views/kiroSurveyNodes';

const survey = (over: Partial<KiroSurvey>): KiroSurvey => ({ hasKiroFolder: true, specs: [], steering: [], hooks: [], mcpServers: [], agents: [], problems: [], ...over });

describe('the Specs view’s .kiro node', () => {
  it('says at a glance what the folder holds, in the singular where there is one, and leaves out what is not there', () => {
    expect(kiroSurveySummary(survey({ specs: ['a', 'b'], steering: ['.kiro/steering/tech.md'], hooks: ['Lint'], mcpServers: ['docs', 'fetch'], agents: ['qa'] }))).toBe('2 specs · 1 steering · 1 hook · 2 MCP servers · 1 agent');
    expect(kiroSurveySummary(survey({ problems: [
      { file: '.kiro/hooks/x.json', message: 'bad', severity: 'error' },
      { file: '.kiro/settings/mcp.json', line: 2, message: 'bad', severity: 'error' },
      { file: '.kiro/steering/a.md', line: 2, message: 'odd', severity: 'warning' },
    ] }))).toBe('2 problems · 1 warning');
    expect(kiroSurveySummary(survey({}))).toBe('');
  });

  it('groups steering, hooks, MCP servers and agents, each with its count and names, problems first', () => {
    const items = kiroSurveyItems('/ws', survey({ specs: ['todo'], steering: ['.kiro/steering/tech.md'], hooks: ['Lint', 'Test'], mcpServers: ['docs'], agents: ['team/qa'] }));
    expect(items.map((i) => i.kind === 'kiroItem' && [i.label, i.description, i.icon])).toEqual([
      ['Steering', '1', 'book'],
      ['Hooks', '2', 'zap'],
      ['MCP servers', '1', 'server'],
      ['Agents', '1', 'hubot'],
    ]);
    const hooks = items[1]!;
    expect(hooks.kind === 'kiroItem' && hooks.children?.map((c) => c.kind === 'kiroItem' && c.label)).toEqual(['Lint', 'Test']);
    // Ids are unique across roots and groups (a tree with two folders open).
    const ids = [...items, ...items.flatMap((i) => (i.kind === 'kiroItem' ? (i.children ?? []) : []))].map((i) => (i.kind === 'kiroItem' ? i.id : ''));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => id.startsWith('kiro:/ws:'))).toBe(true);
  });

  it('lists what could not be read, each opening its file (the workspace’s or the home’s) at its line', () => {
    const [problems] = kiroSurveyItems('/ws', survey({ problems: [
      { file: '.kiro/hooks/broken.kiro.hook', line: 1, message: 'is not valid JSON', severity: 'error' },
      { file: '~/.kiro/settings/mcp.json', line: 2, message: 'server "gone" needs a command', severity: 'error' },
      { file: '.kiro/settings.json', message: 'agent.autonomyLevel must be one of cautious, balanced, full', severity: 'error' },
      { file: '.kiro/steering/api.md', line: 2, message: 'inclusion must be one of …', severity: 'warning' },
    ] }));
    expect(problems).toMatchObject({ kind: 'kiroItem', label: 'Could not be read', description: '4', icon: 'warning' });
    expect(problems!.kind === 'kiroItem' && problems!.children).toEqual([
      { kind: 'kiroItem', id: 'kiro:/ws:problem:0', label: '.kiro/hooks/broken.kiro.hook:1', description: 'is not valid JSON', icon: 'error', fsPath: path.join('/ws', '.kiro/hooks/broken.kiro.hook'), line: 1 },
      { kind: 'kiroItem', id: 'kiro:/ws:problem:1', label: '~/.kiro/settings/mcp.json:2', description: 'server "gone" needs a command', icon: 'error', fsPath: path.join(os.homedir(), '.kiro/settings/mcp.json'), line: 2 },
      { kind: 'kiroItem', id: 'kiro:/ws:problem:2', label: '.kiro/settings.json', description: 'agent.autonomyLevel must be one of cautious, balanced, full', icon: 'error', fsPath: path.join('/ws', '.kiro/settings.json') },
      { kind: 'kiroItem', id: 'kiro:/ws:problem:3', label: '.kiro/steering/api.md:2', description: 'inclusion must be one of …', icon: 'warning', fsPath: path.join('/ws', '.kiro/steering/api.md'), line: 2 },
    ]);
  });
});
