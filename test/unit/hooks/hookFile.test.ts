import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadHooks, matcherAcceptsAgentEvent, matcherAcceptsPath, parseHookFile } from '../../../src/core/hooks';
import { thirdPartyDir } from '../../support/thirdPartyData';
import { folderWith, v1File } from './fixtures';

const corpus = thirdPartyDir('kiroCorpus');
const wild = thirdPartyDir('kiroConfigWild');

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
      '.kiro/hooks/lint.kiro.hook: when.type must be one of fileEdited, fileCreated, fileDeleted, userTriggered, promptSubmit, agentStop, preToolUse, postToolUse, preTaskExecution, postTaskExecution, sessionStart (got "onSave"); did you mean "fileEdited"?',
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

describe('hook files as written in the wild', () => {
  const legacy = (when: object, then: object = { type: 'runCommand', command: 'true' }) => JSON.stringify({ name: 'H', when, then });

  it('accepts Kiro CLI spellings of the task triggers, PreTaskExec and PostTaskExec', () => {
    const { hooks, error } = parseHookFile(
      v1File({ name: 'before', trigger: 'PreTaskExec', action: { type: 'command', command: 'true' } }, { name: 'after', trigger: 'postTaskExec', action: { type: 'command', command: 'true' } }),
      'f.json',
    );
    expect(error).toBeUndefined();
    expect(hooks.map((h) => h.trigger)).toEqual(['PreTaskExecution', 'PostTaskExecution']);
    expect(parseHookFile(legacy({ type: 'postTaskExec' }), 'g.kiro.hook').hooks[0]?.trigger).toBe('PostTaskExecution');
  });

  it('honours a timeout written inside the action, ahead of one beside it', () => {
    const { hooks } = parseHookFile(
      v1File(
        { name: 'inside', trigger: 'Stop', action: { type: 'command', command: 'true', timeout: 120 } },
        { name: 'both', trigger: 'Stop', timeout: 5, action: { type: 'command', command: 'true', timeout: 0 } },
        { name: 'outside', trigger: 'Stop', timeout: 5, action: { type: 'command', command: 'true' } },
      ),
      'f.json',
    );
    expect(hooks.map((h) => [h.name, h.timeoutMs])).toEqual([
      ['inside', 120_000],
      ['both', null],
      ['outside', 5_000],
    ]);
  });

  it('leaves out files excludePatterns names, in both formats', () => {
    const [old] = parseHookFile(legacy({ type: 'fileEdited', patterns: ['backend/**/*.py'], excludePatterns: ['**/test_*.py', '**/__pycache__/**'] }), 't.kiro.hook').hooks;
    expect(matcherAcceptsPath(old!.matcher, 'backend/app/models.py')).toBe(true);
    expect(matcherAcceptsPath(old!.matcher, 'backend/tests/test_models.py')).toBe(false);
    expect(matcherAcceptsPath(old!.matcher, 'backend/__pycache__/x.py')).toBe(false);
    const [v1, everywhere] = parseHookFile(
      v1File(
        { name: 'a', trigger: 'PostFileSave', matcher: '\\.ts$', excludePatterns: ['*.test.ts'], action: { type: 'command', command: 'true' } },
        { name: 'b', trigger: 'PostFileSave', excludePatterns: 'dist/**', action: { type: 'command', command: 'true' } },
      ),
      'f.json',
    ).hooks;
    expect(matcherAcceptsPath(v1!.matcher, 'src/deep/a.ts')).toBe(true);
    expect(matcherAcceptsPath(v1!.matcher, 'src/deep/a.test.ts')).toBe(false);
    expect(matcherAcceptsPath(everywhere!.matcher, 'src/a.js')).toBe(true);
    expect(matcherAcceptsPath(everywhere!.matcher, 'dist/a.js')).toBe(false);
  });

  it('reads toolTypes as Kiro does: categories, Kiro tool names, @builtin, and regular expressions', () => {
    const accepts = (types: string[], tool: string) => matcherAcceptsAgentEvent({ kind: 'toolTypes', types }, { trigger: 'PreToolUse', tool });
    expect(accepts(['fsWrite'], 'fs_write')).toBe(true);
    expect(accepts(['executeBash'], 'fs_write')).toBe(false);
    expect(accepts(['@builtin'], 'grep')).toBe(true);
    expect(accepts(['@mcp.*sql.*'], 'grep')).toBe(false);
    expect(accepts(['@mcp.*sql.*'], '@postgres/run_sql')).toBe(true);
    expect(accepts(['@github'], '@github/search_issues')).toBe(true);
    expect(accepts(['@github'], '@gitlab/search_issues')).toBe(false);
    expect(accepts(['fs_.*'], 'fs_read')).toBe(true);
    expect(accepts(['fs_.*'], 'grep')).toBe(false);
    expect(accepts(['write|shell'], 'execute_bash')).toBe(true);
    expect(accepts(['write|shell'], 'glob')).toBe(false);
    expect(accepts(['[unclosed'], 'glob')).toBe(false);
  });

  it('names the type a misspelt when.type most likely meant', () => {
    const meant = (type: string) => /did you mean "(\w+)"\?$/.exec(parseHookFile(legacy({ type }), 'x.kiro.hook').error ?? '')?.[1];
    expect(meant('fileEdit')).toBe('fileEdited');
    expect(meant('fileCreate')).toBe('fileCreated');
    expect(meant('agentComplete')).toBe('agentStop');
    expect(meant('onFileSave')).toBe('fileEdited');
    expect(meant('prmptSubmit')).toBe('promptSubmit');
    expect(meant('zebra')).toBeUndefined();
    expect(parseHookFile(legacy({ type: 'fileEdit' }), 'x.kiro.hook').error).toMatch(/^x\.kiro\.hook: when\.type must be one of fileEdited, .* \(got "fileEdit"\); did you mean "fileEdited"\?$/);
    expect(parseHookFile(legacy({ type: 'fileEdited' }, { type: 'executeCommand', command: 'x' }), 'x.kiro.hook').error).toMatch(/then\.type .* \(got "executeCommand"\); did you mean "runCommand"\?$/);
    expect(parseHookFile(v1File({ name: 'x', trigger: 'PostFileSaved', action: { type: 'command', command: 'x' } }), 'f.json').error).toMatch(/did you mean "PostFileSave"\?/);
  });

  it('says what is wrong with a hook file in an invented trigger/action format', () => {
    const text = JSON.stringify({ name: 'Format', trigger: { type: 'onFileSave', filePattern: '**/*.py' }, action: { type: 'executeCommand', command: 'black ${file}' } });
    expect(parseHookFile(text, '.kiro/hooks/format.json').error).toMatch(/^\.kiro\/hooks\/format\.json: has "trigger" and "action" at the top level, a hook format Kiro does not read; write it as \{"version": "v1", "hooks": \[/);
  });

  it.runIf(wild)('reads the hook files of real projects as HOOK-VERDICTS.md judges them', () => {
    const verdicts = readFileSync(path.join(wild!, 'HOOK-VERDICTS.md'), 'utf8')
      .split('\n')
      .map((line) => /^\| ([^|]+\.(?:kiro\.hook|json)) \| ([^|]+) \|$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ file: m[1]!.trim(), verdict: m[2]!.trim() }));
    expect(verdicts.length).toBeGreaterThan(40);
    for (const { file, verdict } of verdicts) {
      const parsed = parseHookFile(readFileSync(path.join(wild!, file), 'utf8'), file);
      if (verdict.startsWith('valid') || verdict.includes('unofficial "manual" type')) {
        expect(parsed.error, file).toBeUndefined();
        expect(parsed.hooks, file).toHaveLength(1);
      } else if (verdict.startsWith('invalid legacy')) {
        // "when.type=fileEdit" → the error names the type Kiro has and what was written.
        const written = /when\.type=(\w+)/.exec(verdict)![1]!;
        expect(parsed.hooks, file).toEqual([]);
        expect(parsed.error, file).toMatch(new RegExp(`when\\.type must be one of .*\\(got "${written}"\\); did you mean "file(Edited|Created)"\\?$`));
      } else {
        expect(parsed.hooks, file).toEqual([]);
        expect(parsed.error, file).toMatch(/"trigger" and "action" at the top level/);
      }
    }
  });
});
