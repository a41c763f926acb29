import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSettings, loadSettings, parseSettings, SettingsError } from '../../../src/core/settings';

function errorOf(text: string): SettingsError {
  try {
    parseSettings(text);
  } catch (error) {
    if (error instanceof SettingsError) return error;
    throw error;
  }
  throw new Error('expected a SettingsError');
}

describe('settings defaults', () => {
  it('gives every documented default when nothing is set', () => {
    expect(defaultSettings()).toEqual({
      agent: {
        autonomyLevel: 'balanced',
        mode: 'autonomous',
        allowedCommands: [],
        forbiddenCommands: [],
        askCommands: [],
        maxFileEditsPerTask: 50,
        requireApprovalForNewFiles: false,
        selfCorrectionAttempts: 2,
        commandTimeoutSeconds: 300,
        maxTurns: 50,
        compactAt: 0.8,
        budget: {},
      },
      model: { prices: {} },
      checkpoints: { maxFileSizeBytes: 5 * 1024 * 1024, maxStorageBytes: 500 * 1024 * 1024 },
      hooks: { debounceMs: 300 },
      steering: { agentsMd: true, claudeMd: true },
      agents: { maxParallel: 6 },
      kiroAgent: { trustedCommands: [], commandDenylist: [] },
    });
  });

  it('reads agents.maxParallel within 1 to 16, naming the field when it is out of range', () => {
    expect(parseSettings('{ "agents": { "maxParallel": 3 } }').settings.agents.maxParallel).toBe(3);
    expect(() => parseSettings('{ "agents": { "maxParallel": 0 } }')).toThrow(/agents\.maxParallel/);
  });

  it('fills the defaults around the fields a file sets', () => {
    const { settings } = parseSettings('{ "agent": { "autonomyLevel": "full" }, "hooks": {} }');
    expect(settings.agent.autonomyLevel).toBe('full');
    expect(settings.agent.maxTurns).toBe(50);
    expect(settings.hooks.debounceMs).toBe(300);
  });

  it('reads the model section with per-model prices', () => {
    const { settings } = parseSettings(
      JSON.stringify({ model: { name: 'claude-sonnet-4', baseUrl: 'http://localhost:8080', prices: { 'claude-sonnet-4': { inputPerMTok: 3, outputPerMTok: 15, cacheReadPerMTok: 0.3 } } } }),
    );
    expect(settings.model.prices['claude-sonnet-4']).toEqual({ inputPerMTok: 3, outputPerMTok: 15, cacheReadPerMTok: 0.3 });
  });
});

describe('settings errors name the file, the field and what is wrong', () => {
  it('carry the line and column of the field, nested, dotted or in a list, so an editor opens the file there', () => {
    expect(errorOf('{\n  "agent": {\n    "autonomyLevel": "yolo"\n  }\n}\n')).toMatchObject({ field: 'agent.autonomyLevel', line: 3, column: 5 });
    expect(errorOf('{\n  // pasted from VS Code\n  "agent.autonomyLevel": "yolo"\n}\n')).toMatchObject({ line: 3, column: 3 });
    expect(errorOf('{\n  "agent": {\n    "allowedCommands": [\n      "npm test",\n      7\n    ]\n  }\n}\n')).toMatchObject({ field: 'agent.allowedCommands[1]', line: 5, column: 7 });
    expect(errorOf('{ "agent.allowedCommands": ["npm test", 7] }')).toMatchObject({ line: 1, column: 41 });
  });

  it('lists the allowed values of an enum and what was given', () => {
    expect(errorOf('{ "agent": { "autonomyLevel": "yolo" } }').message).toBe('.kiro/settings.json: agent.autonomyLevel must be one of cautious, balanced, full (got "yolo")');
  });

  it('names the field of a wrong type', () => {
    const error = errorOf('{ "agent": { "maxFileEditsPerTask": "many" } }');
    expect(error.message).toBe('.kiro/settings.json: agent.maxFileEditsPerTask must be a number (got "many")');
    expect(error.field).toBe('agent.maxFileEditsPerTask');
  });

  it('says a number must be whole', () => {
    expect(errorOf('{ "agent": { "maxTurns": 2.5 } }').message).toBe('.kiro/settings.json: agent.maxTurns must be a whole number (got 2.5)');
  });

  it('points into a list by index', () => {
    expect(errorOf('{ "agent": { "allowedCommands": ["npm test", 7] } }').message).toBe('.kiro/settings.json: agent.allowedCommands[1] must be a string (got 7)');
  });

  it('quotes map keys that are not identifiers', () => {
    expect(errorOf('{ "model": { "prices": { "claude-x": { "inputPerMTok": -1, "outputPerMTok": 1 } } } }').message).toBe(
      '.kiro/settings.json: model.prices["claude-x"].inputPerMTok must be at least 0 (got -1)',
    );
  });

  it('counts the other problems without listing them', () => {
    expect(errorOf('{ "agent": { "maxTurns": 0, "mode": "x" } }').message).toMatch(/\(and 1 more problem\)$/);
  });

  it('reports invalid JSON with its line and column', () => {
    const error = errorOf('{\n  "agent": {\n    "maxTurns": 5,,\n  }\n}');
    expect(error.message).toBe('.kiro/settings.json: is not valid JSON: expected a property name in double quotes at line 3, column 19');
    expect({ line: error.line, column: error.column }).toEqual({ line: 3, column: 19 });
  });

  it('refuses a file that is not an object', () => {
    expect(errorOf('[1, 2]').message).toBe('.kiro/settings.json: must hold a JSON object (got a list)');
  });
});

describe('settings leniency', () => {
  it('accepts comments and trailing commas, as VS Code settings do', () => {
    const { settings } = parseSettings('{\n  // people write these\n  "agent": { "autonomyLevel": "cautious", /* here too */ },\n}');
    expect(settings.agent.autonomyLevel).toBe('cautious');
  });

  it('keeps unknown keys, and lists in one line those that look like Specwright\'s own', () => {
    const { settings, warnings } = parseSettings('{ "agent": { "autonomylevel": "full", "colour": 1 }, "telemetry": false, "modle": {}, "specwright.model": "x" }');
    expect(warnings).toEqual([
      '.kiro/settings.json: unknown settings ignored: agent.autonomylevel (did you mean agent.autonomyLevel?), agent.colour, modle (did you mean model?), specwright.model',
    ]);
    expect((settings as Record<string, unknown>).telemetry).toBe(false);
  });

  it('ignores the editor\'s keys quietly, as real .kiro/settings.json files hold them', () => {
    const text = JSON.stringify({
      'editor.formatOnSave': true,
      'editor.codeActionsOnSave': { 'source.fixAll.eslint': 'explicit' },
      'eslint.validate': ['typescript'],
      '[typescript]': { 'editor.defaultFormatter': 'esbenp.prettier-vscode' },
      'files.exclude': { '**/.git': true },
      'kiroAgent.agentAutonomy': 'Autopilot',
      'kiroAgent.trustedCommands': ['npm test'],
    });
    const { settings, warnings } = parseSettings(text);
    expect(warnings).toEqual([]);
    expect(settings.kiroAgent.trustedCommands).toEqual(['npm test']);
  });

  it('accepts VS Code-style flat keys', () => {
    const { settings, warnings } = parseSettings('{ "agent.autonomyLevel": "full", "agent.budget.maxCostUsd": 2 }');
    expect(settings.agent.autonomyLevel).toBe('full');
    expect(settings.agent.budget.maxCostUsd).toBe(2);
    expect(warnings).toEqual([]);
  });

  it('refuses a field given both flat and nested', () => {
    expect(errorOf('{ "agent": { "maxTurns": 3 }, "agent.maxTurns": 4 }').message).toBe('.kiro/settings.json: agent.maxTurns is given twice (as "agent.maxTurns" and nested); keep one');
  });
});

describe('loadSettings', () => {
  let root: string | undefined;
  afterEach(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  function workspace(settings?: string): string {
    root = mkdtempSync(path.join(tmpdir(), 'specwright-settings-'));
    if (settings !== undefined) {
      mkdirSync(path.join(root, '.kiro'));
      writeFileSync(path.join(root, '.kiro', 'settings.json'), settings);
    }
    return root;
  }

  it('uses the defaults when the workspace has no settings file', async () => {
    await expect(loadSettings(workspace(), { home: null })).resolves.toEqual({ settings: defaultSettings(), warnings: [], workspaceRequest: null });
  });

  it('reads .kiro/settings.json from the workspace', async () => {
    const { settings } = await loadSettings(workspace('{ "agent": { "forbiddenCommands": ["git push"] } }'));
    expect(settings.agent.forbiddenCommands).toEqual(['git push']);
  });

  it('rejects with a SettingsError for a broken file', async () => {
    await expect(loadSettings(workspace('{ "agent": '))).rejects.toThrow('.kiro/settings.json: is not valid JSON: unexpected end of file at line 1, column 12');
  });
});
