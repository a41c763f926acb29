import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { surveyKiroFiles } from '../../../src/core/doctor';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function folder(files: Record<string, string>, prefix: string): string {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), prefix)));
  made.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

const REQUIREMENTS = '# Requirements Document\n\n## Introduction\n\nA list of things to do.\n\n## Requirements\n\n### Requirement 1\n\n**User Story:** As a user, I want to add a todo, so that I remember it.\n\n#### Acceptance Criteria\n\n1. WHEN the user adds a todo THEN the system SHALL store it\n';
const TASKS = '# Implementation Plan\n\n- [ ] 1. Store todos\n  - _Requirements: 1.1_\n';

/** A workspace as Kiro leaves it: a spec, steering, a hook, an MCP server, agents; and a home with its own. */
const HEALTHY = {
  '.kiro/specs/todo/requirements.md': REQUIREMENTS,
  '.kiro/specs/todo/tasks.md': TASKS,
  '.kiro/steering/tech.md': '---\ninclusion: always\n---\n\n# Tech\n\nTypeScript.\n',
  '.kiro/hooks/lint.kiro.hook': JSON.stringify({ name: 'Lint on save', when: { type: 'fileEdited', patterns: ['**/*.ts'] }, then: { type: 'runCommand', command: 'npx eslint --fix' } }),
  '.kiro/settings/mcp.json': JSON.stringify({ mcpServers: { docs: { command: 'node', args: ['docs.js'] } } }, null, 2),
  '.kiro/agents/reviewer.json': JSON.stringify({ name: 'reviewer', prompt: 'Review the change.' }),
  '.kiro/agents/team/qa.md': '---\nname: qa\n---\nTest it.\n',
};

describe('surveyKiroFiles', () => {
  it('lists what a healthy workspace and home hold, with no problem', async () => {
    const home = folder({ '.kiro/steering/personal.md': '---\ninclusion: always\n---\n\n# Personal\n', '.kiro/settings/mcp.json': JSON.stringify({ mcpServers: { fetch: { url: 'https://mcp.example.com/mcp' } } }) }, 'sw-survey-home-');
    const survey = await surveyKiroFiles(folder(HEALTHY, 'sw-survey-'), { home, env: {} });
    expect(survey).toEqual({
      hasKiroFolder: true,
      specs: ['todo'],
      steering: ['~/.kiro/steering/personal.md', '.kiro/steering/tech.md'],
      hooks: ['Lint on save'],
      mcpServers: ['fetch', 'docs'],
      agents: ['reviewer', 'team/qa'],
      problems: [],
    });
  });

  it('names each broken file with its line', async () => {
    const home = folder({ '.kiro/settings/mcp.json': '{ "mcpServers": {\n  "gone": { "args": ["x"] }\n} }\n' }, 'sw-survey-home-');
    const workspace = folder({
      ...HEALTHY,
      '.kiro/specs/todo/tasks.md': '# Implementation Plan\n\n- [ ] 1. Store todos\n  - _Requirements: 1.1_\n- [ ] 1. Store them again\n',
      '.kiro/steering/api.md': '---\ninclusion: sometimes\n---\n\n# API\n',
      '.kiro/hooks/broken.kiro.hook': '{ "name": "Broken", ',
      '.kiro/settings/mcp.json': '{\n  "mcpServers": {\n    "docs": { "command": "node" },\n  }\n  oops\n}\n',
      '.kiro/settings.json': '{\n  "agent": {\n    "autonomyLevel": 7\n  }\n}\n',
    }, 'sw-survey-');
    const survey = await surveyKiroFiles(workspace, { home, env: {} });

    // What still reads is still listed: the spec, both steering files, the good hook, the agents.
    expect(survey).toMatchObject({ hasKiroFolder: true, specs: ['todo'], steering: ['.kiro/steering/api.md', '.kiro/steering/tech.md'], hooks: ['Lint on save'], agents: ['reviewer', 'team/qa'] });
    // The workspace's mcp.json cannot be read at all, so its server is not listed; the home's server is, with its error.
    expect(survey.mcpServers).toEqual(['gone']);
    expect(survey.problems).toEqual([
      { file: '.kiro/specs/todo/tasks.md', line: 5, message: expect.stringContaining('Task id 1 is already used at line 3'), severity: 'error' },
      { file: '.kiro/steering/api.md', line: 2, message: expect.stringContaining('inclusion must be one of always, fileMatch, manual, auto (got "sometimes")'), severity: 'warning' },
      { file: '.kiro/hooks/broken.kiro.hook', line: 1, message: expect.stringMatching(/^is not valid JSON: /), severity: 'error' },
      { file: '.kiro/settings/mcp.json', line: 5, message: expect.stringMatching(/^is not valid JSON/), severity: 'error' },
      { file: '~/.kiro/settings/mcp.json', line: 2, message: 'server "gone", field "command": a server needs "command" (a local server) or "url" (a remote one)', severity: 'error' },
      { file: '.kiro/settings.json', line: 3, message: 'agent.autonomyLevel must be one of cautious, balanced, full (got 7)', severity: 'error' },
    ]);
  });

  it('a settings file that is not JSON is named with its line; a workspace without .kiro says so and lists nothing', async () => {
    const home = folder({}, 'sw-survey-home-');
    const broken = await surveyKiroFiles(folder({ '.kiro/settings.json': '{\n  "agent": {\n    "autonomyLevel": "full",,\n  }\n}\n' }, 'sw-survey-'), { home, env: {} });
    expect(broken.problems).toEqual([{ file: '.kiro/settings.json', line: 3, message: expect.stringMatching(/JSON/), severity: 'error' }]);

    const empty = await surveyKiroFiles(folder({ 'README.md': 'hi\n' }, 'sw-survey-'), { home, env: {} });
    expect(empty).toEqual({ hasKiroFolder: false, specs: [], steering: [], hooks: [], mcpServers: [], agents: [], problems: [] });
  });
});
