import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeCommand, loadShellParser, CommandPatternError, matchPattern, parseCommandPattern, type Invocation } from '../../../src/core/policy';

beforeAll(() => loadShellParser());

function invocation(command: string): Invocation {
  const result = analyzeCommand(command, { cwd: { known: true, dir: '/ws' }, home: '/home/me' });
  if (!result.ok) throw new Error(result.parseError);
  const last = result.analysis.invocations.at(-1);
  if (!last) throw new Error(`no invocation in ${command}`);
  return last;
}

const matches = (pattern: string, command: string) => matchPattern(parseCommandPattern(pattern), invocation(command));

describe('parseCommandPattern', () => {
  it('reads a pattern into program, plain words and canonical flags', () => {
    const pattern = parseCommandPattern('git push --force');
    expect({ name: pattern.name, words: pattern.words, flags: [...pattern.flags] }).toEqual({ name: 'git', words: ['push'], flags: ['f'] });
  });

  it('refuses a pattern with more than one command', () => {
    expect(() => parseCommandPattern('git status; rm x')).toThrow(CommandPatternError);
  });

  it('refuses a pattern with a redirection', () => {
    expect(() => parseCommandPattern('git show > out')).toThrow('it has a redirection');
  });

  it('refuses a pattern whose program is a variable', () => {
    expect(() => parseCommandPattern('$TOOL build')).toThrow('only known when it runs');
  });

  it('refuses a pattern that does not parse', () => {
    expect(() => parseCommandPattern("echo 'open")).toThrow(CommandPatternError);
  });
});

describe('matchPattern', () => {
  it('matches a command that starts with the pattern and goes on', () => {
    expect(matches('npm test', 'npm test -- --watch')).toBe('yes');
  });

  it('does not match when the first plain word differs', () => {
    expect(matches('git push', 'git log push')).toBe('no');
  });

  it('skips a word that may be an option value before the subcommand', () => {
    expect(matches('git push', 'git --namespace ns push')).toBe('yes');
  });

  it('matches flags as a set, whatever the order and spelling', () => {
    expect(matches('rm -rf', 'rm --force -R x')).toBe('yes');
  });

  it('does not count words after -- as flags', () => {
    expect(matches('rm -rf', 'rm -f -- -r')).toBe('no');
  });

  it('needs every flag of the pattern', () => {
    expect(matches('rm -rf', 'rm -r x')).toBe('no');
  });

  it('answers maybe when a word only known at run time could supply a flag', () => {
    expect(matches('rm -rf', 'rm $OPTS x')).toBe('maybe');
  });

  it('treats a trailing * as a prefix of one word', () => {
    expect(matches('knex migrate*', 'knex migrate:latest')).toBe('yes');
  });

  it('lets a pattern naming a wrapper cover what runs through it', () => {
    expect(matches('sudo', 'sudo -n make install')).toBe('yes');
  });

  it('requires the wrappers a pattern names', () => {
    expect(matches('sudo make', 'make install')).toBe('no');
  });

  it('lets python cover python3.12', () => {
    expect(matches('python -c', 'python3.12 -c pass')).toBe('yes');
  });

  it('compares programs by name, not by folder', () => {
    expect(matches('git status', '/usr/local/bin/git status')).toBe('yes');
  });
});

describe('plain-word patterns', () => {
  // Patterns of plain words are read without the shell parser; quoting the program forces the parser.
  const word = fc.stringMatching(/^[a-z][a-z0-9:.*-]{0,8}$/);
  const flag = fc.stringMatching(/^--?[a-zA-Z][a-z-]{0,6}$/);
  it('read the same as the shell parser reads them', () => {
    fc.assert(
      fc.property(fc.constantFrom('git', 'rm', 'sudo', 'env', 'npm', 'npx', 'timeout', 'knex'), fc.array(fc.oneof(word, flag), { maxLength: 4 }), (program, rest) => {
        const text = [program, ...rest].join(' ');
        let fast;
        try {
          fast = parseCommandPattern(text);
        } catch {
          expect(() => parseCommandPattern(`'${program}' ${rest.join(' ')}`)).toThrow(CommandPatternError);
          return;
        }
        const parsed = parseCommandPattern(`'${program}' ${rest.join(' ')}`);
        expect({ ...fast, text: '' }).toEqual({ ...parsed, text: '' });
      }),
      { numRuns: 300 },
    );
  });
});
