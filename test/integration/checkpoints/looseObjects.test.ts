import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCommit, writeRef } from '../../../src/core/checkpoints/looseObjects';
import { tempDir } from './workspaceFixture';

function git(gitDir: string, args: string[], env: NodeJS.ProcessEnv = {}, input?: string): string {
  return execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', input, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', ...env } });
}

function repoWithTree(): { gitDir: string; tree: string } {
  const gitDir = path.join(tempDir(), 'store');
  execFileSync('git', ['init', '--quiet', '--bare', gitDir]);
  const blob = execFileSync('git', ['--git-dir', gitDir, 'hash-object', '-w', '--stdin'], { input: 'hello\n', encoding: 'utf8' }).trim();
  const tree = execFileSync('git', ['--git-dir', gitDir, 'mktree'], { input: `100644 blob ${blob}\thello.txt\n`, encoding: 'utf8' }).trim();
  return { gitDir, tree };
}

describe('commits and refs written without a git process', () => {
  it('are the very commit git commit-tree makes from the same tree, message, identity and time', async () => {
    const { gitDir, tree } = repoWithTree();
    const when = new Date('2025-03-01T10:00:00.000Z');
    const message = 'Task 1: scaffold — ünïcode\n\nspecwright-checkpoint: {"v":1}\n';

    const id = await writeCommit(gitDir, tree, message, { name: 'Specwright', email: 'checkpoints@specwright.invalid' }, when);

    const stamp = '1740823200 +0000';
    // The message on stdin: commit-tree stores it byte for byte.
    const byGit = git(gitDir, ['commit-tree', tree], {
      GIT_AUTHOR_NAME: 'Specwright', GIT_AUTHOR_EMAIL: 'checkpoints@specwright.invalid', GIT_AUTHOR_DATE: stamp,
      GIT_COMMITTER_NAME: 'Specwright', GIT_COMMITTER_EMAIL: 'checkpoints@specwright.invalid', GIT_COMMITTER_DATE: stamp,
    }, message).trim();
    expect(id).toBe(byGit);
    expect(git(gitDir, ['cat-file', '-t', id]).trim()).toBe('commit');
    expect(git(gitDir, ['rev-parse', `${id}^{tree}`]).trim()).toBe(tree);
    expect(git(gitDir, ['log', '-1', '--format=%B', id])).toBe(message + '\n');
    expect(git(gitDir, ['fsck', '--strict', '--no-dangling'])).toBe('');
  });

  it('write a ref git resolves and lists, and no temporary file git would read as one', async () => {
    const { gitDir, tree } = repoWithTree();
    const id = await writeCommit(gitDir, tree, 'one\n', { name: 'S', email: 's@example.invalid' }, new Date());

    await writeRef(gitDir, 'refs/specwright/checkpoints/abc', id);

    expect(git(gitDir, ['rev-parse', 'refs/specwright/checkpoints/abc']).trim()).toBe(id);
    expect(git(gitDir, ['for-each-ref', '--format=%(refname)', 'refs/specwright/']).trim()).toBe('refs/specwright/checkpoints/abc');
    expect(existsSync(path.join(gitDir, 'refs', 'specwright', 'checkpoints', 'abc.lock'))).toBe(false);
    // A write cut short leaves only a .lock file, which git never takes for a ref.
    writeFileSync(path.join(gitDir, 'refs', 'specwright', 'checkpoints', 'def.lock'), `${id}\n`);
    expect(git(gitDir, ['for-each-ref', '--format=%(refname)', 'refs/specwright/']).trim()).toBe('refs/specwright/checkpoints/abc');
  });

  it('write the same object once, however often it is written', async () => {
    const { gitDir, tree } = repoWithTree();
    const when = new Date('2025-03-01T10:00:00.000Z');
    const who = { name: 'S', email: 's@example.invalid' };
    const first = await writeCommit(gitDir, tree, 'same\n', who, when);
    const second = await writeCommit(gitDir, tree, 'same\n', who, when);
    expect(second).toBe(first);
    expect(git(gitDir, ['count-objects', '-v'])).toMatch(/^garbage: 0$/m);
  });
});
