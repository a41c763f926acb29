import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStagedDiff, readUserHead } from '../../../src/core/checkpoints';
import { initUserRepo, tempDir, userGit, write } from './workspaceFixture';

describe('reading the user’s repository', () => {
  it('returns the staged diff without touching the index', async () => {
    const workspace = tempDir();
    initUserRepo(workspace, { 'src/a.ts': 'one\n' });
    await write(workspace, { 'src/a.ts': 'two\n' });
    userGit(workspace, 'add', 'src/a.ts');
    await write(workspace, { 'src/a.ts': 'three, not staged\n', 'src/b.ts': 'untracked\n' });
    const index = readFileSync(path.join(workspace, '.git', 'index'));

    const diff = await readStagedDiff(workspace);

    expect(diff).toContain('--- a/src/a.ts\n+++ b/src/a.ts\n@@ -1 +1 @@\n-one\n+two\n');
    expect(diff).not.toContain('three');
    expect(readFileSync(path.join(workspace, '.git', 'index')).equals(index)).toBe(true);
  });

  it('says plainly when the folder is not a repository', async () => {
    const workspace = tempDir();

    await expect(readStagedDiff(workspace)).rejects.toThrow(/ is not in a git repository, so there are no staged changes to describe$/);
  });

  it('reads a detached HEAD and a branch with no commits', async () => {
    const detached = tempDir();
    initUserRepo(detached);
    const commit = userGit(detached, 'rev-parse', 'HEAD').trim();
    userGit(detached, 'checkout', '-q', '--detach');
    const unborn = tempDir();
    userGit(unborn, 'init', '-q', '-b', 'trunk');

    expect(await readUserHead(detached)).toEqual({ commit, branch: null });
    expect(await readUserHead(unborn)).toEqual({ commit: null, branch: 'trunk' });
    expect(await readUserHead(tempDir())).toBeUndefined();
  });

  it('reads HEAD as git does, from packed refs, in a sub-folder, in a linked worktree and on another branch', async () => {
    const repo = tempDir();
    initUserRepo(repo, { 'src/app/main.ts': 'one\n' });
    const asGit = (cwd: string) => {
      const ref = userGit(cwd, 'rev-parse', '--symbolic-full-name', 'HEAD').trim();
      return { commit: userGit(cwd, 'rev-parse', 'HEAD').trim(), branch: ref === 'HEAD' ? null : ref.replace(/^refs\/heads\//, '') };
    };

    expect(await readUserHead(path.join(repo, 'src', 'app'))).toEqual(asGit(repo));
    userGit(repo, 'pack-refs', '--all');
    expect(await readUserHead(repo)).toEqual(asGit(repo));
    userGit(repo, 'checkout', '-q', '-b', 'feature/x');
    await write(repo, { 'src/app/main.ts': 'two\n' });
    userGit(repo, 'commit', '-q', '-am', 'two');
    expect(await readUserHead(repo)).toEqual({ ...asGit(repo), branch: 'feature/x' });
    const worktree = path.join(tempDir(), 'wt');
    userGit(repo, 'worktree', 'add', '-q', '-b', 'other', worktree, 'main');
    expect(await readUserHead(worktree)).toEqual({ ...asGit(worktree), branch: 'other' });
  });
});
