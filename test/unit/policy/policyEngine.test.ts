import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PolicyEngine, type ProposedAction } from '../../../src/core/policy';
import { defaultSettings, SettingsError } from '../../../src/core/settings';
import { createWorkspace, engineFor } from './fixtures';

const ws = createWorkspace();
afterAll(() => ws.cleanup());

const read = (p: string): ProposedAction => ({ kind: 'read', path: p });
const modify = (p: string, linesChanged = 2, linesBefore = 100): ProposedAction => ({ kind: 'write', path: p, operation: 'modify', linesChanged, linesBefore });
const create = (p: string): ProposedAction => ({ kind: 'write', path: p, operation: 'create', linesChanged: 10, linesBefore: 0 });
const remove = (p: string): ProposedAction => ({ kind: 'write', path: p, operation: 'delete', linesChanged: 10, linesBefore: 10 });
const command = (c: string, cwd = ws.root): ProposedAction => ({ kind: 'command', command: c, cwd });

describe('reads', () => {
  it('allows reading inside the workspace at every level', () => {
    expect(engineFor(ws, { level: 'cautious' }).evaluate(read('src/a.ts')).decision).toBe('allow');
  });

  it('asks before reading a secrets file at every level, since what is read goes to the model', () => {
    expect(engineFor(ws, { level: 'full' }).evaluate(read('.env'))).toMatchObject({ decision: 'ask', rule: 'secret-file' });
    expect(engineFor(ws, { level: 'full' }).evaluate(read('config/prod.pem')).decision).toBe('ask');
  });

  it('denies reading outside the workspace', () => {
    expect(engineFor(ws, { level: 'full' }).evaluate(read(path.join(ws.outside, 'notes.txt')))).toMatchObject({ decision: 'deny', rule: 'outside-workspace' });
  });

  it('denies reading through a symlink that points outside', () => {
    expect(engineFor(ws, { level: 'full' }).evaluate(read('escape/notes.txt')).decision).toBe('deny');
  });

  it('denies a relative path that climbs out', () => {
    expect(engineFor(ws, { level: 'full' }).evaluate(read('src/../../outside/notes.txt')).decision).toBe('deny');
  });
});

describe('writes by autonomy level', () => {
  it('asks for every write at cautious', () => {
    expect(engineFor(ws, { level: 'cautious' }).evaluate(modify('src/a.ts'))).toMatchObject({ decision: 'ask', rule: 'autonomy-level' });
  });

  it('allows an ordinary edit at balanced', () => {
    expect(engineFor(ws, { level: 'balanced' }).evaluate(modify('src/a.ts'))).toMatchObject({ decision: 'allow', rule: 'autonomy-level' });
  });

  it('asks for a large rewrite at balanced: more than 20 lines and more than half the file', () => {
    expect(engineFor(ws, { level: 'balanced' }).evaluate(modify('src/a.ts', 21, 40))).toMatchObject({ decision: 'ask', rule: 'large-rewrite' });
  });

  it('does not call 20 changed lines a large rewrite, however small the file', () => {
    expect(engineFor(ws, { level: 'balanced' }).evaluate(modify('src/a.ts', 20, 10)).decision).toBe('allow');
  });

  it('does not call a change to half the file or less a large rewrite', () => {
    expect(engineFor(ws, { level: 'balanced' }).evaluate(modify('src/a.ts', 50, 100)).decision).toBe('allow');
  });

  it('allows a large rewrite at full', () => {
    expect(engineFor(ws, { level: 'full' }).evaluate(modify('src/a.ts', 400, 100)).decision).toBe('allow');
  });

  it('denies a write outside the workspace at full', () => {
    expect(engineFor(ws, { level: 'full' }).evaluate(create('../elsewhere.ts'))).toMatchObject({ decision: 'deny', rule: 'outside-workspace' });
  });

  it('denies a write through a symlinked folder', () => {
    expect(engineFor(ws, { level: 'full' }).evaluate(create('escape/new.ts')).decision).toBe('deny');
  });
});

describe('writes that always ask', () => {
  const full = engineFor(ws, { level: 'full' });

  it.each(['.env', '.env.local', 'config/prod.pem', 'keys/id_rsa', 'tls/server.key', 'credentials.json', 'secrets.yaml', '.npmrc'])('asks before changing the secrets file %s', (file) => {
    expect(full.evaluate(modify(file))).toMatchObject({ decision: 'ask', rule: 'secret-file' });
  });

  it.each(['.git/config', '.vscode/settings.json', '.kiro/settings.json', '.kiro/settings/mcp.json', 'tools/mcp.json', '.kiro/hooks/on-save.json', '.github/workflows/ci.yml'])(
    'asks before changing the protected path %s',
    (file) => {
      expect(full.evaluate(modify(file))).toMatchObject({ decision: 'ask', rule: 'protected-path' });
    },
  );

  it('asks before deleting a source file', () => {
    expect(full.evaluate(remove('src/a.ts'))).toMatchObject({ decision: 'ask', rule: 'delete' });
  });

  it.each(['coverage/lcov.info', 'test-results/report.xml', 'packages/x/tmp/out.txt', 'logs/debug.log', '.cache/x'])('deletes the test artifact %s without asking', (file) => {
    expect(full.evaluate(remove(file)).decision).toBe('allow');
  });

  it('asks before creating a file when agent.requireApprovalForNewFiles is on', () => {
    const engine = engineFor(ws, { level: 'full', agent: { requireApprovalForNewFiles: true } });
    expect(engine.evaluate(create('src/new.ts'))).toMatchObject({ decision: 'ask', rule: 'new-file' });
  });

  it('still allows editing existing files when agent.requireApprovalForNewFiles is on', () => {
    const engine = engineFor(ws, { level: 'full', agent: { requireApprovalForNewFiles: true } });
    expect(engine.evaluate(modify('src/a.ts')).decision).toBe('allow');
  });
});

describe('the per-task edit budget', () => {
  it('asks once a task has made agent.maxFileEditsPerTask edits', () => {
    const engine = engineFor(ws, { level: 'full', agent: { maxFileEditsPerTask: 2 } });
    engine.evaluate(modify('src/a.ts'));
    engine.evaluate(modify('src/b.ts'));
    expect(engine.evaluate(modify('src/c.ts'))).toMatchObject({ decision: 'ask', rule: 'edit-budget' });
  });

  it('starts counting again when a new task starts', () => {
    const engine = engineFor(ws, { level: 'full', agent: { maxFileEditsPerTask: 1 } });
    engine.evaluate(modify('src/a.ts'));
    engine.startTask();
    expect(engine.evaluate(modify('src/a.ts')).decision).toBe('allow');
  });

  it('does not count denied writes', () => {
    const engine = engineFor(ws, { level: 'full', agent: { maxFileEditsPerTask: 1 } });
    engine.evaluate(create('../outside.ts'));
    expect(engine.fileEditsThisTask).toBe(0);
  });
});

describe('modes', () => {
  it('reviews every write in supervised mode, even at full autonomy', () => {
    expect(engineFor(ws, { level: 'full', mode: 'supervised' }).evaluate(modify('src/a.ts'))).toMatchObject({ decision: 'ask', rule: 'autonomy-level' });
  });

  it('leaves commands to the autonomy level in supervised mode', () => {
    expect(engineFor(ws, { level: 'full', mode: 'supervised' }).evaluate(command('npm run build')).decision).toBe('allow');
  });

  it('asks before every command in interactive mode', () => {
    expect(engineFor(ws, { level: 'full', mode: 'interactive' }).evaluate(command('npm run build'))).toMatchObject({ decision: 'ask', rule: 'autonomy-level' });
  });
});

describe('commands', () => {
  it('denies a command whose working folder is outside the workspace', () => {
    expect(engineFor(ws, { level: 'full' }).evaluate(command('ls', ws.outside))).toMatchObject({ decision: 'deny', rule: 'outside-workspace' });
  });

  it('names the command, the pattern and the setting when it denies', () => {
    const engine = engineFor(ws, { agent: { forbiddenCommands: ['rm -rf'] } });
    expect(engine.evaluate(command('rm -r -f build')).reason).toBe('"rm -r -f build" matches forbidden command "rm -rf" (.kiro/settings.json agent.forbiddenCommands)');
  });

  it('lets a forbidden pattern win over an allowed one', () => {
    const engine = engineFor(ws, { level: 'cautious', agent: { allowedCommands: ['rm'], forbiddenCommands: ['rm -rf'] } });
    expect(engine.evaluate(command('rm -rf build')).decision).toBe('deny');
  });

  it('never lets an allowed pattern lift an always-ask rule', () => {
    const engine = engineFor(ws, { level: 'cautious', agent: { allowedCommands: ['git'] } });
    expect(engine.evaluate(command('git push'))).toMatchObject({ decision: 'ask', rule: 'push' });
  });

  it('lets an allowed pattern lift the destructive ask at balanced', () => {
    const engine = engineFor(ws, { level: 'balanced', agent: { allowedCommands: ['git reset --hard'] } });
    expect(engine.evaluate(command('git reset --hard HEAD~1')).decision).toBe('allow');
  });

  it('does not let an allowed name cover a program at an unusual path', () => {
    const engine = engineFor(ws, { level: 'cautious', agent: { allowedCommands: ['git status'] } });
    expect(engine.evaluate(command('./tools/git status')).decision).toBe('ask');
  });

  it('lets an allowed name cover the program in a system folder', () => {
    const engine = engineFor(ws, { level: 'cautious', agent: { allowedCommands: ['git status'] } });
    expect(engine.evaluate(command('/usr/bin/git status')).decision).toBe('allow');
  });

  it('refuses to start with a forbidden pattern it cannot read, naming the field', () => {
    const settings = defaultSettings();
    settings.agent.forbiddenCommands = ['rm -rf', 'git push; rm'];
    expect(() => new PolicyEngine({ settings, workspaceRoot: ws.root })).toThrow(SettingsError);
    expect(() => new PolicyEngine({ settings, workspaceRoot: ws.root })).toThrow(/^\.kiro\/settings\.json: agent\.forbiddenCommands\[1\] "git push; rm" is not a usable command pattern/);
  });
});

describe('session grants', () => {
  it('allows an action again without asking once it was granted for the session', () => {
    const engine = engineFor(ws, { level: 'full' });
    expect(engine.grantForSession(command('git push origin main'))).toBe(true);
    expect(engine.evaluate(command('git push origin main'))).toMatchObject({ decision: 'allow', rule: 'session-grant' });
  });

  it('does not carry a grant over to a different command', () => {
    const engine = engineFor(ws, { level: 'full' });
    engine.grantForSession(command('git push origin main'));
    expect(engine.evaluate(command('git push origin release')).decision).toBe('ask');
  });

  it('lifts the level’s ask for a granted write at cautious', () => {
    const engine = engineFor(ws, { level: 'cautious' });
    engine.grantForSession(modify('src/a.ts'));
    expect(engine.evaluate(modify('src/a.ts')).decision).toBe('allow');
  });

  it('cannot lift a deny', () => {
    const engine = engineFor(ws, { level: 'full', agent: { forbiddenCommands: ['curl'] } });
    expect(engine.grantForSession(command('curl https://example.com'))).toBe(false);
    expect(engine.evaluate(command('curl https://example.com')).decision).toBe('deny');
  });

  it('cannot lift a deny that is part of an otherwise grantable command', () => {
    const engine = engineFor(ws, { level: 'full' });
    expect(engine.grantForSession(command('git push && echo x > ~/.profile'))).toBe(false);
    expect(engine.evaluate(command('git push && echo x > ~/.profile')).decision).toBe('deny');
  });
});
