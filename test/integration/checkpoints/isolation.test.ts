import { existsSync, promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { initUserRepo, tempDir, treeState, userGit, workspaceWithStore, write } from './workspaceFixture';

/** Everything about the user's repository a checkpoint or restore must not change. */
function userRepoState(workspace: string) {
  const gitDir = path.join(workspace, '.git');
  return {
    status: userGit(workspace, 'status', '--porcelain=v1', '--untracked-files=all'),
    stash: userGit(workspace, 'stash', 'list'),
    head: userGit(workspace, 'rev-parse', 'HEAD'),
    branch: userGit(workspace, 'symbolic-ref', 'HEAD'),
    refs: userGit(workspace, 'show-ref'),
    index: readFileSync(path.join(gitDir, 'index')).toString('base64'),
    config: readFileSync(path.join(gitDir, 'config'), 'utf8'),
    gitDirContents: treeState(gitDir, ['index', 'logs']),
  };
}

describe("the user's own repository", () => {
  it('is exactly as it was after a checkpoint and a restore (status, stash, HEAD, refs, index, config)', async () => {
    const { workspace, store } = workspaceWithStore();
    initUserRepo(workspace, { 'src/app.ts': 'v1\n', '.gitignore': 'secret.env\n' });
    await write(workspace, { 'src/app.ts': 'stashed\n' });
    userGit(workspace, 'stash', '-q');
    await write(workspace, { 'src/app.ts': 'staged\n' });
    userGit(workspace, 'add', 'src/app.ts');
    await write(workspace, { 'src/app.ts': 'staged, then edited\n', 'untracked.txt': 'u', 'secret.env': 'TOKEN=1' });
    // Warm the user's index stat cache so only our commands could change its bytes.
    userGit(workspace, 'status', '--porcelain');
    const before = userRepoState(workspace);

    const checkpoint = await store.create({ task: 'Task 1', reason: 'before-task' });
    await write(workspace, { 'src/app.ts': 'agent\n', 'src/new.ts': 'new' });
    await store.recordAgentStep();
    const result = await store.restore(checkpoint.id);

    expect(result.outcome).toBe('restored');
    expect(userRepoState(workspace)).toEqual(before);
  });

  it('records the branch and commit HEAD was on, read-only', async () => {
    const { workspace, store } = workspaceWithStore();
    initUserRepo(workspace);

    const checkpoint = await store.create({ task: null, reason: 'manual' });

    expect(checkpoint.userHead).toEqual({ branch: 'main', commit: userGit(workspace, 'rev-parse', 'HEAD').trim() });
  });

  it('gets no hooks of its own run, even the ones that fire on every ref update', async () => {
    const { workspace, store } = workspaceWithStore();
    initUserRepo(workspace);
    const marker = path.join(tempDir(), 'hook-ran');
    for (const hook of ['reference-transaction', 'post-checkout', 'pre-commit', 'post-index-change']) {
      await write(path.join(workspace, '.git', 'hooks'), { [hook]: `#!/bin/sh\necho ${hook} >> ${marker}\nexit 1\n` }, 0o755);
    }

    const checkpoint = await store.create({ task: null, reason: 'manual' });
    await write(workspace, { 'README.md': 'changed' });
    await store.recordAgentStep();
    await store.restore(checkpoint.id);

    expect(existsSync(marker)).toBe(false);
  });
});

describe('isolation from git configuration', () => {
  const home = process.env.HOME;
  afterEach(() => {
    process.env.HOME = home;
  });

  it('ignores the global config: its hooks, signing, autocrlf and excludes never apply to checkpoints', async () => {
    const fakeHome = tempDir('sw-home-');
    const marker = path.join(fakeHome, 'hook-ran');
    await write(fakeHome, { 'hooks/reference-transaction': `#!/bin/sh\ntouch ${marker}\nexit 1\n` }, 0o755);
    await write(fakeHome, {
      'global-ignore': '*.txt\n',
      '.gitconfig': `[core]\n\thooksPath = ${fakeHome}/hooks\n\tautocrlf = true\n\texcludesFile = ${fakeHome}/global-ignore\n[commit]\n\tgpgSign = true\n[gpg]\n\tprogram = /bin/false\n`,
    });
    process.env.HOME = fakeHome;
    const { workspace, store } = workspaceWithStore();
    await write(workspace, { 'crlf.txt': 'a\r\nb\n' });
    const before = treeState(workspace);

    const checkpoint = await store.create({ task: null, reason: 'manual' });
    await write(workspace, { 'crlf.txt': 'changed' });
    await store.recordAgentStep();
    await store.restore(checkpoint.id);

    expect(treeState(workspace)).toEqual(before);
    expect(existsSync(marker)).toBe(false);
  });
});

describe('workspaces without a repository of their own', () => {
  it('checkpoints and restores a folder with no git at all', async () => {
    const { workspace, store } = workspaceWithStore();
    await write(workspace, { 'index.html': '<h1>hi</h1>\n' });
    const before = treeState(workspace);

    const checkpoint = await store.create({ task: 'Task 1', reason: 'before-task' });
    await write(workspace, { 'index.html': '<h1>bye</h1>\n', 'app.js': '' });
    await store.recordAgentStep();
    await store.restore(checkpoint.id);

    expect(checkpoint.userHead).toBeUndefined();
    expect(treeState(workspace)).toEqual(before);
    expect(existsSync(path.join(workspace, '.git'))).toBe(false);
  });
});

describe('nested repositories', () => {
  it('leaves a nested repository (a submodule or a clone) out of snapshots and untouched by restores', async () => {
    const { workspace, store } = workspaceWithStore();
    initUserRepo(workspace);
    const nested = path.join(workspace, 'vendor', 'lib');
    await fs.mkdir(nested, { recursive: true });
    initUserRepo(nested, { 'lib.c': 'int x;\n' });
    const emptyNested = path.join(workspace, 'scratch');
    await fs.mkdir(emptyNested);
    userGit(emptyNested, 'init', '-q');
    await write(emptyNested, { 'notes.txt': 'no commits here' });
    await write(workspace, { 'src/main.c': 'int main;\n' });
    const checkpoint = await store.create({ task: null, reason: 'manual' });

    await write(workspace, { 'src/main.c': 'changed', 'vendor/lib/lib.c': 'changed inside the nested repo' });
    await store.recordAgentStep();
    const result = await store.restore(checkpoint.id);

    expect(result.changes.map((c) => c.path)).toEqual(['src/main.c']);
    expect(await fs.readFile(path.join(nested, 'lib.c'), 'utf8')).toBe('changed inside the nested repo');
    expect(userGit(nested, 'status', '--porcelain')).toBe(' M lib.c\n');
  });
});
