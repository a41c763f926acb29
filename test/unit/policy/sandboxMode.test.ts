import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { AutonomyLevel, PolicyVerdict, SandboxState } from '../../../src/core/policy';
import { createWorkspace, engineFor } from './fixtures';

/**
 * Without the OS sandbox the policy is conservative: a command is allowed without asking only when
 * every program and option in it is one the policy models. With the sandbox on, or when the caller
 * says nothing about a sandbox, the usual rules apply.
 */
const ws = createWorkspace();
afterAll(() => ws.cleanup());
writeFileSync(path.join(ws.root, 'package.json'), JSON.stringify({ scripts: { test: 'vitest run', lint: 'echo linted', check: 'ls src && git status' } }));

const levels: AutonomyLevel[] = ['cautious', 'balanced', 'full'];
const command = (c: string) => ({ kind: 'command' as const, command: c, cwd: ws.root });
const decide = (c: string, sandbox: SandboxState | undefined, level: AutonomyLevel = 'full', allowed: string[] = []) =>
  engineFor(ws, { level, ...(sandbox ? { sandbox } : {}), agent: { allowedCommands: allowed } }).evaluate(command(c));

describe('with the sandbox off or unavailable, at full autonomy', () => {
  const modelled = [
    'ls -la src',
    'cat src/a.ts',
    'git status --short',
    'git diff --stat HEAD',
    'git log --oneline -n 5',
    'grep -rn TODO src',
    'wc -l src/a.ts | sort -n',
    "find . -name '*.ts' -type f",
    'echo done && pwd',
    'mkdir -p build/out && touch build/out/x',
    'npm run lint',
    'npm run check',
    'git -C src status',
  ];
  it.each(modelled)('allows %s: every program and option in it is modelled', (c) => {
    for (const sandbox of ['off', 'unavailable'] as const) {
      const result = decide(c, sandbox);
      expect(result.decision, `${sandbox}: ${result.reason}`).toBe('allow');
      expect(result.sandboxed).toBe(false);
    }
  });

  const unmodelled: Array<[string, string]> = [
    ['npm test', 'vitest'],
    ['node build.js', 'node'],
    ['make', 'make'],
    ['python3 script.py', 'python3'],
    ['ls --time-travel src', '--time-travel'],
    ['git commit -m wip', 'git commit'],
    ['git --exec-path=/tmp/bin log', '--exec-path'],
    ['npm install', 'npm install'],
    ['npm run lint -- --fix', '--fix'],
    ['npm run missing', 'could not find'],
    ['./tools/ls', 'from the workspace'],
    ['echo $GREETING', '$GREETING'],
    ["find . -name '*.log' | xargs cat", 'only known when it runs'],
    ['find . -fprint out.txt', '-fprint'],
    ['date --set tomorrow', '--set'],
    ['hostname evil', 'operand'],
    ['git remote add x https://example.com/x.git', 'git remote'],
  ];
  it.each(unmodelled)('asks for %s (%s is not modelled)', (c, why) => {
    for (const sandbox of ['off', 'unavailable'] as const) {
      const result = decide(c, sandbox);
      expect(result.decision, `${sandbox}: ${result.reason}`).toBe('ask');
      expect(result.rule).toBe('unmodelled-command');
      expect(result.reason).toContain(why);
    }
  });

  it('says why it asks: the command, what is not modelled, and that the sandbox is off', () => {
    expect(decide('node build.js', 'off').reason).toBe('"node build.js" needs your approval: node is a program whose effects the policy does not model, and commands run outside an OS sandbox because the sandbox is off');
  });

  it('names the script a command came from', () => {
    expect(decide('npm test', 'unavailable').reason).toContain('"vitest run" (in package.json script "test") needs your approval');
  });

  it('lets agent.allowedCommands allow an unmodelled command: that is the user saying yes', () => {
    expect(decide('npm test', 'off', 'full', ['npm test']).decision).toBe('allow');
    expect(decide('node build.js', 'off', 'cautious', ['node build.js']).decision).toBe('allow');
  });

  it('still denies what is denied', () => {
    expect(decide('node x.js > ~/.bashrc', 'off').decision).toBe('deny');
  });

  it('asks at every level, never allows silently, whatever program the policy does not know', () => {
    const program = fc.stringMatching(/^[a-z][a-z0-9-]{1,10}$/).filter((p) => !['ls', 'cat', 'echo', 'pwd', 'wc', 'true', 'false', 'test', 'id', 'rev', 'tac', 'nl', 'tr', 'cut', 'seq', 'sort', 'uniq', 'head', 'tail', 'grep', 'rg', 'du', 'df', 'file', 'stat', 'find', 'diff', 'cmp', 'comm', 'date', 'tree', 'jq', 'set', 'read', 'shift', 'exit', 'wait', 'unset', 'which', 'sleep', 'uname', 'whoami', 'printenv', 'printf', 'column', 'mkdir', 'touch', 'cp', 'mv', 'rm', 'rmdir', 'ln', 'tee', 'git', 'basename', 'dirname', 'realpath', 'readlink', 'hostname', 'egrep', 'fgrep', 'return', 'cd', 'pushd', 'popd'].includes(p));
    const wrapper = fc.constantFrom('', 'timeout 5 ', 'env FOO=1 ', 'nice -n 5 ', 'npx ', 'bash -c ');
    const around = fc.constantFrom(['', ''], ['ls && ', ''], ['', ' | wc -l'], ['(', ')'], ['echo "$(', ')"']);
    fc.assert(
      fc.property(program, wrapper, around, fc.constantFrom(...levels), fc.constantFrom<SandboxState>('off', 'unavailable'), (name, via, [before, after], level, sandbox) => {
        const inner = via === 'bash -c ' ? `bash -c '${name} --x'` : `${via}${name} --x`;
        const line = `${before}${inner}${after}`;
        expect(decide(line, sandbox, level).decision, line).not.toBe('allow');
      }),
      { numRuns: 200 },
    );
  });
});

describe('with the sandbox on', () => {
  it('judges commands as ever, and says they run sandboxed', () => {
    const result = decide('npm test', 'on');
    expect(result).toMatchObject({ decision: 'allow', sandboxed: true });
  });

  it('keeps every other rule: a forbidden command is still denied', () => {
    const engine = engineFor(ws, { level: 'full', sandbox: 'on', agent: { forbiddenCommands: ['rm -rf'] } });
    expect(engine.evaluate(command('rm -rf build'))).toMatchObject({ decision: 'deny', sandboxed: true });
  });
});

describe('the sandboxed flag', () => {
  const cases: Array<[SandboxState | undefined, boolean]> = [
    ['on', true],
    ['off', false],
    ['unavailable', false],
    [undefined, false],
  ];
  it.each(cases)('is %s → %s for a command, and false for reads and writes', (sandbox, sandboxed) => {
    const engine = engineFor(ws, { level: 'full', ...(sandbox ? { sandbox } : {}) });
    expect(engine.evaluate(command('ls')).sandboxed).toBe(sandboxed);
    expect(engine.evaluate({ kind: 'read', path: 'src/a.ts' }).sandboxed).toBe(false);
    expect(engine.evaluate({ kind: 'write', path: 'src/a.ts', operation: 'modify', linesChanged: 1, linesBefore: 1 }).sandboxed).toBe(false);
  });

  it('leaves a caller that says nothing about a sandbox with the rules as they were', () => {
    const verdicts: PolicyVerdict[] = ['node build.js', 'make'].map((c) => decide(c, undefined).decision);
    expect(verdicts).toEqual(['allow', 'allow']);
  });
});
