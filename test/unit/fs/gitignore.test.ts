import { rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WorkspaceGitignore } from '../../../src/core/fs';
import { makeWorkspace } from '../../support/workspace';

/** The paths among `paths` (files, or folders when they end in "/") that the workspace's .gitignore files ignore. */
function ignoredOf(root: string, paths: string[]): string[] {
  const rules = new WorkspaceGitignore(root);
  return paths.filter((p) => rules.ignores(p.replace(/\/$/, ''), p.endsWith('/')));
}

describe('WorkspaceGitignore', () => {
  it('reads bare patterns at any depth and anchored ones from the root only', () => {
    const root = makeWorkspace({ '.gitignore': '*.log\n/coverage\ndocs/*.tmp\n# a comment\n\n' });
    expect(ignoredOf(root, ['a.log', 'src/deep/b.log', 'coverage/', 'coverage/lcov.info', 'src/coverage/x.ts', 'docs/a.tmp', 'docs/sub/a.tmp', 'src/docs/a.tmp', '# a comment', 'src/a.ts'])).toEqual([
      'a.log',
      'src/deep/b.log',
      'coverage/',
      'coverage/lcov.info',
      'docs/a.tmp',
    ]);
  });

  it('matches folder-only patterns against folders and what is inside them, never against a file of that name', () => {
    const root = makeWorkspace({ '.gitignore': 'build/\n' });
    const rules = new WorkspaceGitignore(root);
    expect(rules.ignores('build', true)).toBe(true);
    expect(rules.ignores('pkg/build', true)).toBe(true);
    expect(rules.ignores('pkg/build/out.js', false)).toBe(true);
    expect(rules.ignores('build', false)).toBe(false);
    // Not known whether it is a folder: folder-only rules apply too, erring towards ignoring.
    expect(rules.ignores('build')).toBe(true);
  });

  it('re-includes with "!", the last matching pattern deciding, but never below an ignored folder', () => {
    const root = makeWorkspace({ '.gitignore': '*.log\n!keep.log\nlogs/\n!logs/important.log\ntmp/*\n!tmp/.keep\n' });
    expect(ignoredOf(root, ['a.log', 'keep.log', 'src/keep.log', 'logs/important.log', 'logs/x.txt', 'tmp/.keep', 'tmp/junk'])).toEqual(['a.log', 'logs/important.log', 'logs/x.txt', 'tmp/junk']);
  });

  it('reads nested .gitignore files relative to their folder, deeper files winning', () => {
    const root = makeWorkspace({
      '.gitignore': '*.log\nsecret/\n',
      'pkg/.gitignore': '!debug.log\n/generated\n*.cache\nout/\n',
      'pkg/sub/.gitignore': '*.txt\n!notes.txt\n',
    });
    expect(
      ignoredOf(root, [
        'a.log',
        'pkg/debug.log',
        'pkg/deep/debug.log',
        'pkg/other.log',
        'pkg/generated/x.js',
        'pkg/sub/generated/x.js',
        'generated/x.js',
        'pkg/a/b.cache',
        'b.cache',
        'pkg/out/',
        'pkg/x/out/y.js',
        'out/y.js',
        'pkg/sub/a.txt',
        'pkg/sub/notes.txt',
        'pkg/a.txt',
        'pkg/secret/k',
      ]),
    ).toEqual(['a.log', 'pkg/other.log', 'pkg/generated/x.js', 'pkg/a/b.cache', 'pkg/out/', 'pkg/x/out/y.js', 'pkg/sub/a.txt', 'pkg/secret/k']);
  });

  it('lets a nested file re-include a folder that a file above ignores', () => {
    const root = makeWorkspace({ '.gitignore': 'vendor/\n', 'app/.gitignore': '!vendor/\n' });
    expect(ignoredOf(root, ['vendor/x.js', 'lib/vendor/x.js', 'app/vendor/x.js', 'app/vendor/', 'app/deep/vendor/x.js'])).toEqual(['vendor/x.js', 'lib/vendor/x.js']);
  });

  it('takes a folder name with wildcard characters literally', () => {
    const root = makeWorkspace({ 'a[1]/.gitignore': '*.out\n', 'a1/keep.out': '' });
    expect(ignoredOf(root, ['a[1]/x.out', 'a1/x.out', 'a[1]/deep/y.out'])).toEqual(['a[1]/x.out', 'a[1]/deep/y.out']);
  });

  it('reads CRLF files, and nothing without a .gitignore', () => {
    expect(ignoredOf(makeWorkspace({ '.gitignore': 'dist/\r\n*.tmp\r\n' }), ['dist/a.js', 'b.tmp', 'src/c.ts'])).toEqual(['dist/a.js', 'b.tmp']);
    expect(ignoredOf(makeWorkspace({ 'src/a.ts': '' }), ['src/a.ts', 'node_modules/x/index.js', '.env'])).toEqual([]);
  });

  it('reads a .gitignore again once told it changed, appeared or went away', () => {
    const root = makeWorkspace({ 'pkg/a.gen.ts': '' });
    const rules = new WorkspaceGitignore(root);
    expect(rules.ignores('pkg/a.gen.ts', false)).toBe(false);

    writeFileSync(path.join(root, 'pkg/.gitignore'), '*.gen.ts\n');
    expect(rules.ignores('pkg/a.gen.ts', false)).toBe(false); // still the rules as read
    expect(rules.noteChange('pkg/.gitignore')).toBe(true);
    expect(rules.ignores('pkg/a.gen.ts', false)).toBe(true);

    writeFileSync(path.join(root, '.gitignore'), '!*.gen.ts\n');
    rules.noteChange('.gitignore');
    expect(rules.ignores('pkg/a.gen.ts', false)).toBe(true); // the deeper file still wins

    rmSync(path.join(root, 'pkg/.gitignore'));
    expect(rules.noteChange('pkg/src/x.ts')).toBe(false);
    rules.noteChange('pkg/.gitignore');
    expect(rules.ignores('pkg/a.gen.ts', false)).toBe(false);
  });

  it('answers nothing for the root itself or for paths outside the workspace', () => {
    const root = makeWorkspace({ '.gitignore': '*\n' });
    const rules = new WorkspaceGitignore(root);
    expect(rules.ignores('')).toBe(false);
    expect(rules.ignores('.')).toBe(false);
    expect(rules.ignores('../elsewhere/a.js')).toBe(false);
    expect(rules.ignores('./a.js', false)).toBe(true);
  });
});
