import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeCommand, loadShellParser } from '../../../src/core/policy';

beforeAll(() => loadShellParser());

/** The arguments `echo` would receive, as the shell expands them ('?' for a word only known at run time). */
function argv(words: string, cwd = '/ws'): string[] {
  const result = analyzeCommand(`echo ${words}`, { cwd: { known: true, dir: cwd }, home: '/home/me' });
  if (!result.ok) throw new Error(result.parseError);
  return result.analysis.invocations.find((i) => i.name === 'echo')!.args.map((w) => (w.kind === 'static' ? w.value : '?'));
}

describe('how words are resolved before they are judged', () => {
  it('removes single and double quotes and joins the pieces', () => {
    expect(argv(`'a b'"c"d`)).toEqual(['a bcd']);
  });

  it('applies backslash escapes outside quotes', () => {
    expect(argv('\\r\\m')).toEqual(['rm']);
  });

  it('keeps backslashes inside double quotes unless they escape a special character', () => {
    expect(argv('"a\\x\\$b"')).toEqual(['a\\x$b']);
  });

  it('decodes $\'…\' strings: hex, octal, unicode and control escapes', () => {
    expect(argv("$'\\x72\\155\\u0020\\t'")).toEqual(['rm \t']);
  });

  it('expands braces into several words', () => {
    expect(argv('a{b,c}d {1..3}')).toEqual(['abd', 'acd', '1', '2', '3']);
  });

  it('expands nested braces', () => {
    expect(argv('{x,{y,z}}')).toEqual(['x', 'y', 'z']);
  });

  it('leaves quoted braces alone', () => {
    expect(argv(`'{a,b}' "{c,d}"`)).toEqual(['{a,b}', '{c,d}']);
  });

  it('expands ~ and ~/path to the home folder', () => {
    expect(argv('~ ~/x')).toEqual(['/home/me', '/home/me/x']);
  });

  it('expands ~user to that user’s home, and ~+ to the current folder', () => {
    expect(argv('~root/x ~alice ~+/y')).toEqual(['/root/x', '/home/alice', '/ws/y']);
  });

  it('does not expand a quoted tilde', () => {
    expect(argv(`'~/x'`)).toEqual(['~/x']);
  });

  it('knows $HOME and $PWD, and nothing else', () => {
    expect(argv('$HOME/a "${PWD}/b" $USER/c')).toEqual(['/home/me/a', '/ws/b', '?']);
  });

  it('treats any substitution or arithmetic as only known at run time', () => {
    expect(argv('$(id) `id` $((1+1)) ${x:-y}')).toEqual(['?', '?', '?', '?']);
  });
});
