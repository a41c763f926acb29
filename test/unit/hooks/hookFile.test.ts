import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadHooks, parseHookFile } from '../../../src/core/hooks';
import { thirdPartyDir } from '../../support/thirdPartyData';
import { folderWith, v1File } from './fixtures';

const corpus = thirdPartyDir('kiroCorpus');

describe('hook files', () => {
  it('reads a v1 hook into the common model', () => {
    const text = v1File({ name: 'Lint', description: 'lint on save', trigger: 'PostFileSave', matcher: '\\.ts$', action: { type: 'command', command: 'npx eslint --fix' }, timeout: 30, enabled: true });
    const { hooks, error } = parseHookFile(text, '.kiro/hooks/lint.json');
    expect(error).toBeUndefined();
    expect(hooks).toEqual([
      {
        id: '.kiro/hooks/lint.json#0',
        name: 'Lint',
        description: 'lint on save',
        file: '.kiro/hooks/lint.json',
        scope: 'workspace',
        format: 'v1',
        trigger: 'PostFileSave',
        matcher: { kind: 'regex', pattern: '\\.ts$' },
        action: { type: 'command', command: 'npx eslint --fix' },
        timeoutMs: 30_000,
        enabled: true,
        source: 'both',
      },
    ]);
  });

  it('reads a legacy .kiro.hook into the same model, globs and all', () => {
    const text = JSON.stringify({
      enabled: true,
      name: 'Docs',
      description: 'keep docs current',
      version: '1',
      when: { type: 'fileEdited', patterns: ['src/**/*.ts', '!**/*.test.ts'] },
      then: { type: 'askAgent', prompt: 'Update the docs.' },
    });
    const { hooks, error } = parseHookFile(text, '.kiro/hooks/docs.kiro.hook');
    expect(error).toBeUndefined();
    expect(hooks[0]).toMatchObject({
      name: 'Docs',
      format: 'legacy',
      trigger: 'PostFileSave',
      matcher: { kind: 'globs', patterns: ['src/**/*.ts', '!**/*.test.ts'] },
      action: { type: 'agent', prompt: 'Update the docs.' },
      timeoutMs: 60_000,
    });
  });

  it('maps legacy runCommand with its own timeout, and tool types for tool triggers', () => {
    const command = parseHookFile(JSON.stringify({ name: 'Test', when: { type: 'fileCreated' }, then: { type: 'runCommand', command: 'npm test', timeout: 0 } }), 'x.kiro.hook');
    expect(command.hooks[0]).toMatchObject({ trigger: 'PostFileCreate', matcher: { kind: 'all' }, action: { type: 'command', command: 'npm test' }, timeoutMs: null });
    const guard = parseHookFile(JSON.stringify({ name: 'Guard', when: { type: 'preToolUse', toolTypes: ['write'] }, then: { type: 'askAgent', prompt: 'Check.' } }), 'g.kiro.hook');
    expect(guard.hooks[0]).toMatchObject({ trigger: 'PreToolUse', matcher: { kind: 'toolTypes', types: ['write'] } });
  });

  it('accepts the spellings found in the wild: any case, fileSaved, manual, a legacy hook saved as .json', () => {
    const saved = parseHookFile(JSON.stringify({ name: 'A', when: { type: 'FileSaved', patterns: ['*.py'] }, then: { type: 'askagent', prompt: 'p' } }), '.kiro/hooks/a.json');
    expect(saved.hooks[0]?.trigger).toBe('PostFileSave');
    const manual = parseHookFile(JSON.stringify({ name: 'B', when: { type: 'manual' }, then: { type: 'runCommand', command: 'make' } }), 'b.kiro.hook');
    expect(manual.hooks[0]?.trigger).toBe('Manual');
    const v1 = parseHookFile(v1File({ name: 'C', trigger: 'postfilecreate', action: { type: 'agent', prompt: 'p' } }), 'c.json');
    expect(v1.hooks[0]?.trigger).toBe('PostFileCreate');
  });

  it('names a legacy hook after its file when it has no name', () => {
    const { hooks } = parseHookFile(JSON.stringify({ when: { type: 'agentStop' }, then: { type: 'runCommand', command: 'git status' } }), '.kiro/hooks/after-stop.kiro.hook');
    expect(hooks[0]).toMatchObject({ name: 'after-stop', trigger: 'Stop' });
  });

  it.runIf(corpus)('reads every hook file of the real Kiro corpus without an error', () => {
    const files = readdirSync(corpus!).flatMap((repo) => {
      const dir = path.join(corpus!, repo, '.kiro', 'hooks');
      try {
        return readdirSync(dir).map((name) => path.join(dir, name));
      } catch {
        return [];
      }
    });
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const parsed = parseHookFile(readFileSync(file, 'utf8'), file);
      expect(parsed.error, file).toBeUndefined();
      expect(parsed.hooks.length, file).toBeGreaterThan(0);
      expect(parsed.hooks.every((h) => h.trigger === 'PostFileCreate' && h.action.type === 'agent')).toBe(true);
    }
  });

  it('names the file, the field and the allowed values when when.type is unknown', () => {
    const { hooks, error } = parseHookFile(JSON.stringify({ name: 'Lint', when: { type: 'onSave' }, then: { type: 'runCommand', command: 'x' } }), '.kiro/hooks/lint.kiro.hook');
    expect(hooks).toEqual([]);
    expect(error).toBe(
      '.kiro/hooks/lint.kiro.hook: when.type must be one of fileEdited, fileCreated, fileDeleted, userTriggered, promptSubmit, agentStop, preToolUse, postToolUse, preTaskExecution, postTaskExecution, sessionStart (got "onSave")',
    );
  });

  it('gives the line and column of invalid JSON', () => {
    const { error } = parseHookFile('{\n  "version": "v1",\n  "hooks": [\n    { "name": "x" \n    "trigger": "Stop" }\n  ]\n}', '.kiro/hooks/bad.json');
    expect(error).toMatch(/^\.kiro\/hooks\/bad\.json: is not valid JSON: .* at line 5, column 5$/);
  });

  it('says which field is missing or malformed, and only once per file', () => {
    expect(parseHookFile(v1File({ name: 'x', trigger: 'PostFileSave', action: { type: 'command' } }), 'f.json').error).toBe('f.json: hooks[0].action.command is required for a command action');
    expect(parseHookFile(v1File({ name: 'x', trigger: 'PostFileSave', matcher: '(', action: { type: 'agent', prompt: 'p' } }), 'f.json').error).toBe('f.json: hooks[0].matcher is not a valid regular expression (got "(")');
    expect(parseHookFile(v1File({ name: 'x', trigger: 'Stop', source: 'robot', action: { type: 'agent', prompt: 'p' } }), 'f.json').error).toBe('f.json: hooks[0].source must be one of user, agent, both (got "robot")');
    expect(parseHookFile(v1File({ trigger: 'Stop', timeout: '5', action: { type: 'agent', prompt: 'p' } }), 'f.json').error).toBe('f.json: hooks[0].name is required (and 1 more problem)');
  });

  it('keeps the good hooks of a v1 file that has a broken one', () => {
    const text = v1File(
      { name: 'good', trigger: 'Stop', action: { type: 'command', command: 'true' } },
      { name: 'bad', trigger: 'Whenever', action: { type: 'command', command: 'true' } },
    );
    const { hooks, error } = parseHookFile(text, 'f.json');
    expect(hooks.map((h) => h.name)).toEqual(['good']);
    expect(error).toMatch(/^f\.json: hooks\[1\]\.trigger must be one of PostFileSave, .* \(got "Whenever"\)$/);
  });

  it('keeps enabled: false, and reads the source field, default both', () => {
    const { hooks } = parseHookFile(
      v1File({ name: 'off', trigger: 'Stop', enabled: false, action: { type: 'command', command: 'true' } }, { name: 'mine', trigger: 'PostFileSave', source: 'user', action: { type: 'command', command: 'true' } }),
      'f.json',
    );
    expect(hooks.map((h) => [h.name, h.enabled, h.source])).toEqual([
      ['off', false, 'both'],
      ['mine', true, 'user'],
    ]);
  });

  it('loads workspace and user hooks, one error per broken file, and the rest still load', async () => {
    const home = folderWith({ '.kiro/hooks/personal.kiro.hook': JSON.stringify({ name: 'Personal', when: { type: 'agentStop' }, then: { type: 'runCommand', command: 'true' } }) });
    const workspace = folderWith({
      '.kiro/hooks/a.json': v1File({ name: 'A', trigger: 'Stop', action: { type: 'command', command: 'true' } }),
      '.kiro/hooks/broken.json': '{ "version": "v1", "hooks": [',
      '.kiro/hooks/typo.kiro.hook': JSON.stringify({ name: 'T', when: { type: 'onSave' }, then: { type: 'askAgent', prompt: 'p' } }),
      '.kiro/hooks/notes.txt': 'not a hook file',
    });
    const { hooks, errors } = await loadHooks(workspace, { home });
    expect(hooks.map((h) => [h.name, h.scope, h.file])).toEqual([
      ['A', 'workspace', '.kiro/hooks/a.json'],
      ['Personal', 'user', '~/.kiro/hooks/personal.kiro.hook'],
    ]);
    expect(errors.map((e) => e.file)).toEqual(['.kiro/hooks/broken.json', '.kiro/hooks/typo.kiro.hook']);
    expect(errors[0]?.message).toMatch(/^\.kiro\/hooks\/broken\.json: is not valid JSON: .* at line 1, column \d+$/);
  });

  it('lets a workspace hook shadow the user hook of the same name', async () => {
    const home = folderWith({ '.kiro/hooks/h.json': v1File({ name: 'Same', trigger: 'Stop', action: { type: 'command', command: 'echo user' } }) });
    const workspace = folderWith({ '.kiro/hooks/h.json': v1File({ name: 'Same', trigger: 'Stop', action: { type: 'command', command: 'echo workspace' } }) });
    const { hooks } = await loadHooks(workspace, { home });
    expect(hooks.map((h) => h.action)).toEqual([{ type: 'command', command: 'echo workspace' }]);
  });
});
