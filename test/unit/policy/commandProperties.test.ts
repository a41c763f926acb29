import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { AutonomyLevel } from '../../../src/core/policy';
import { createWorkspace, engineFor } from './fixtures';

const ws = createWorkspace();
afterAll(() => ws.cleanup());

const levels: AutonomyLevel[] = ['cautious', 'balanced', 'full'];
const engines = Object.fromEntries(
  levels.map((level) => [level, engineFor(ws, { level, agent: { forbiddenCommands: ['rm -rf'], allowedCommands: ['echo', 'ls', 'git status', 'cat', 'true'] } })]),
) as Record<AutonomyLevel, ReturnType<typeof engineFor>>;

function decide(command: string, level: AutonomyLevel) {
  return engines[level].evaluate({ kind: 'command', command, cwd: ws.root });
}

function singleQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** `-r`, `-R`, `--recursive`, `--rec` and the same for force, as separate words or clustered. */
const recursive = fc.constantFrom('r', 'R', '--recursive', '--recur');
const force = fc.constantFrom('f', '--force', '--forc');
const extra = fc.constantFrom('v', 'd', 'I', '--verbose', '--one-file-system');

const flagWords = fc
  .tuple(recursive, force, fc.array(extra, { maxLength: 2 }), fc.boolean(), fc.integer())
  .map(([r, f, extras, cluster, seed]) => {
    const flags = [r, f, ...extras];
    // A deterministic shuffle from the seed keeps the property reproducible.
    const shuffled = flags.map((flag, i) => ({ flag, key: (seed * (i + 7)) % 97 })).sort((a, b) => a.key - b.key).map((x) => x.flag);
    const shorts = shuffled.filter((x) => x.length === 1);
    const longs = shuffled.filter((x) => x.length > 1);
    const shortWords = cluster && shorts.length ? [`-${shorts.join('')}`] : shorts.map((s) => `-${s}`);
    return [...shortWords, ...longs];
  });

const programSpelling = fc.constantFrom('rm', "'rm'", '"rm"', '\\rm', '/bin/rm', "r''m", '"r"m', "$'\\x72m'", '/usr/bin/rm');

const wrapper = fc.constantFrom('sudo', 'sudo -u root', 'env', 'env -i', 'env FOO=1', 'nice -n 5', 'nohup', 'timeout 5', 'timeout -s KILL 5', 'command', 'time', 'stdbuf -oL', 'ionice -c3', 'xargs', 'xargs -0', 'busybox', 'env FOO=1 BAR=2');

const harmless = fc.constantFrom('echo ok', 'ls', 'git status', 'true', 'cat src/a.ts');
const separator = fc.constantFrom('; ', ' && ', ' || ', ' | ', '\n');
const target = fc.constantFrom('build', 'dist', './tmp', '"a b"', 'src/old');
const nesting = fc.constantFrom('plain', 'bash -c', 'sh -c', 'eval', 'subshell', 'substitution');

const forbiddenRm = fc
  .record({ program: programSpelling, flags: flagWords, target, flagsLast: fc.boolean(), wrappers: fc.array(wrapper, { maxLength: 3 }), assignment: fc.boolean() })
  .map(({ program, flags, target, flagsLast, wrappers, assignment }) => {
    const words = flagsLast ? [program, target, ...flags] : [program, ...flags, target];
    // Assignments are only assignments at the start; after a wrapper they would be a program name.
    return [...(assignment ? ['FOO=bar'] : []), ...wrappers, ...words].join(' ');
  });

function nest(command: string, how: string): string {
  switch (how) {
    case 'bash -c':
    case 'sh -c':
    case 'eval':
      return `${how} ${singleQuote(command)}`;
    case 'subshell':
      return `(${command})`;
    case 'substitution':
      return `echo "$(${command})"`;
    default:
      return command;
  }
}

const inContext = fc
  .record({ command: forbiddenRm, before: fc.array(fc.tuple(harmless, separator), { maxLength: 2 }), after: fc.array(fc.tuple(separator, harmless), { maxLength: 2 }), how: nesting })
  .map(({ command, before, after, how }) => before.map(([c, s]) => c + s).join('') + nest(command, how) + after.map(([s, c]) => s + c).join(''));

describe('command policy properties', () => {
  it('denies rm -rf under every flag spelling, program spelling, wrapper chain and context', () => {
    fc.assert(
      fc.property(inContext, fc.constantFrom(...levels), (command, level) => {
        const result = decide(command, level);
        expect(result.decision, `${command}\n${result.reason}`).toBe('deny');
      }),
      { numRuns: 1000 },
    );
  });

  it('never allows rm -rf when some of its words are only known at run time', () => {
    const dynamic = fc.constantFrom('$X', '"$X"', '$(printf x)', '${X:-y}', '`echo x`', '$@');
    const withUnknown = fc
      .record({ wrappers: fc.array(wrapper, { maxLength: 2 }), program: programSpelling, flags: flagWords, unknown: dynamic, at: fc.nat(4), replaceFlag: fc.boolean() })
      .map(({ wrappers, program, flags, unknown, at, replaceFlag }) => {
        // The unknown word sits among rm's own arguments, or stands in for one of its flags.
        const args = [...flags, 'build'];
        if (replaceFlag) args.splice(Math.min(at, flags.length - 1), 1, unknown);
        else args.splice(Math.min(at, args.length), 0, unknown);
        return [...wrappers, program, ...args].join(' ');
      });
    fc.assert(
      fc.property(withUnknown, fc.constantFrom(...levels), (command, level) => {
        const result = decide(command, level);
        expect(result.decision, `${command}\n${result.reason}`).not.toBe('allow');
      }),
      { numRuns: 500 },
    );
  });

  it('never allows an allowed command whose output is redirected outside the workspace', () => {
    const escape = fc.constantFrom('~/.ssh/id_rsa', '/etc/hosts', '../x', '$HOME/.bashrc', 'escape/f', 'notes-link', '~root/.profile', '/tmp/../etc/x');
    const operator = fc.constantFrom('>', '>>', '2>', '&>', '>|', '&>>', '1>');
    fc.assert(
      fc.property(harmless, operator, escape, fc.constantFrom(...levels), (command, op, path, level) => {
        const line = `${command} ${op} ${path}`;
        expect(decide(line, level).decision, line).toBe('deny');
      }),
      { numRuns: 500 },
    );
  });

  it('answers every input with a decision and a reason, whatever the text', () => {
    const shellish = fc.stringMatching(/^[a-z $'"\\|&;(){}<>`*?~\-=\n]{0,40}$/);
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 60 }), shellish), fc.constantFrom(...levels), (command, level) => {
        const result = decide(command, level);
        expect(['allow', 'ask', 'deny']).toContain(result.decision);
        expect(result.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});
