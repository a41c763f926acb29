import { execFileSync } from 'node:child_process';
import { readdirSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeIndexParts } from '../../../src/core/checkpoints/indexParts';
import { defaultExcludes, ShadowRepository } from '../../../src/core/checkpoints/shadowRepository';
import { takeSnapshot } from '../../../src/core/checkpoints/snapshot';
import { storeFiles } from '../../../src/core/checkpoints/storeFiles';
import { tempDir, write } from './workspaceFixture';

/** git on `workspace` with its git dir at `gitDir`, as the store runs it (no global or system config). */
function git(workspace: string, gitDir: string, args: string[], options: { indexFile?: string; input?: string } = {}): string {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('GIT_')) env[key] = value;
  Object.assign(env, { GIT_DIR: gitDir, GIT_WORK_TREE: workspace, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' });
  if (options.indexFile) env.GIT_INDEX_FILE = options.indexFile;
  return execFileSync('git', args, { cwd: workspace, env, input: options.input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

/** A workspace of awkward names (order of '-', '.', '/' and digits, spaces, non-ASCII), an exec bit, an empty file and a symlink. */
async function awkwardWorkspace(): Promise<{ workspace: string; gitDir: string; paths: string[] }> {
  const workspace = tempDir('sw-ws-');
  const gitDir = path.join(tempDir('sw-store-'), 'git');
  const files: Record<string, string> = { 'a-b.txt': '1\n', 'a.txt': '2\n', 'a/b.txt': '3\n', a0: '4\n', 'with space/ü.md': '5\n', 'empty.txt': '' };
  for (let i = 0; i < 40; i++) files[`src/m${i % 7}/file ${i}.ts`] = `export const v${i} = ${i};\n`;
  await write(workspace, files);
  await write(workspace, { 'run.sh': '#!/bin/sh\n' }, 0o755);
  symlinkSync('a.txt', path.join(workspace, 'link'));
  git(workspace, gitDir, ['init', '--quiet']);
  // Listed by git, so in git's own order, as a snapshot gets them.
  const paths = git(workspace, gitDir, ['ls-files', '-z', '--others'], { indexFile: path.join(gitDir, 'empty-index') }).split('\0').filter(Boolean);
  return { workspace, gitDir, paths };
}

function addAll(workspace: string, gitDir: string, indexFile: string, paths: string[]): void {
  git(workspace, gitDir, ['update-index', '-z', '--add', '--stdin'], { indexFile, input: paths.join('\0') + '\0' });
}

/** Everything an index records per entry (stat data included), as git reads it. */
function indexListing(workspace: string, gitDir: string, indexFile?: string): string {
  return git(workspace, gitDir, ['ls-files', '--stage', '--debug'], { indexFile });
}

describe('index parts joined into one index', () => {
  it('are the very index git writes when it adds every file itself, stat data included', async () => {
    const { workspace, gitDir, paths } = await awkwardWorkspace();
    const whole = path.join(gitDir, 'whole-index');
    addAll(workspace, gitDir, whole, paths);
    const cuts = [0, 5, 20, 33, paths.length];
    const parts = cuts.slice(1).map((_, k) => path.join(gitDir, `part-${k}`));
    parts.forEach((part, k) => addAll(workspace, gitDir, part, paths.slice(cuts[k], cuts[k + 1])));

    // A part git wrote no index for (every file of it vanished) counts as empty.
    await mergeIndexParts([...parts, path.join(gitDir, 'never-written')], path.join(gitDir, 'index'), new Date());

    expect(indexListing(workspace, gitDir)).toBe(indexListing(workspace, gitDir, whole));
    expect(git(workspace, gitDir, ['write-tree'])).toBe(git(workspace, gitDir, ['write-tree'], { indexFile: whole }));
    expect(git(workspace, gitDir, ['diff-files', '--name-only'])).toBe('');
    expect(readdirSync(gitDir).filter((f) => f.endsWith('.lock'))).toEqual([]);
  });

  it('keep git’s path order when the parts come out of order', async () => {
    const { workspace, gitDir, paths } = await awkwardWorkspace();
    const whole = path.join(gitDir, 'whole-index');
    addAll(workspace, gitDir, whole, paths);
    const parts = [path.join(gitDir, 'part-0'), path.join(gitDir, 'part-1')];
    addAll(workspace, gitDir, parts[0]!, paths.slice(10));
    addAll(workspace, gitDir, parts[1]!, paths.slice(0, 10));

    await mergeIndexParts(parts, path.join(gitDir, 'index'), new Date());

    expect(indexListing(workspace, gitDir)).toBe(indexListing(workspace, gitDir, whole));
  });

  it('are dated from when hashing began, so a file changed since with the same size and time is compared by content', async () => {
    const { workspace, gitDir } = await awkwardWorkspace();
    const file = path.join(workspace, 'a.txt');
    const mtime = Math.floor(Date.now() / 1000) - 60;
    utimesSync(file, mtime, mtime);
    const part = path.join(gitDir, 'part-0');
    addAll(workspace, gitDir, part, ['a.txt']);
    // The same size and modification time, other content: only a look at the content can tell.
    writeFileSync(file, '9\n');
    utimesSync(file, mtime, mtime);
    const modified = () => git(workspace, gitDir, ['-c', 'core.checkStat=minimal', '-c', 'core.trustctime=false', 'diff-files', '--name-only']);

    await mergeIndexParts([part], path.join(gitDir, 'index'), new Date(mtime * 1000));
    expect(statSync(path.join(gitDir, 'index')).mtimeMs).toBe(mtime * 1000);
    expect(modified()).toBe('a.txt\n');

    // Dated later than the file, the same entry is trusted by its stat data: the date is what protects it.
    await mergeIndexParts([part], path.join(gitDir, 'index'), new Date((mtime + 10) * 1000));
    expect(modified()).toBe('');
  });

  it('refuse to write while another command holds the index lock', async () => {
    const { workspace, gitDir, paths } = await awkwardWorkspace();
    const part = path.join(gitDir, 'part-0');
    addAll(workspace, gitDir, part, paths);
    writeFileSync(path.join(gitDir, 'index.lock'), '');

    await expect(mergeIndexParts([part], path.join(gitDir, 'index'), new Date())).rejects.toThrow(/index\.lock exists/);
    expect(readdirSync(gitDir)).not.toContain('index');
  });
});

describe('a first snapshot hashed by several git processes', () => {
  it('records the tree and the index one git process would, and leaves no part behind', async () => {
    const { workspace } = await awkwardWorkspace();
    const limits = { maxFileBytes: 1_000_000, maxFiles: 10_000, maxSnapshotBytes: 10_000_000 };
    const inParts = new ShadowRepository(path.join(tempDir('sw-store-'), 'git'), workspace, defaultExcludes, 30_000);
    const inOne = new ShadowRepository(path.join(tempDir('sw-store-'), 'git'), workspace, defaultExcludes, 30_000);
    await inParts.ensure();
    await inOne.ensure();

    // 48 files, 10 per pack: parts of at least 2 files, so as many parts as the machine allows (2 to 4).
    const parted = await takeSnapshot(inParts, { ...limits, filesPerPack: 10 });
    const single = await takeSnapshot(inOne, limits);

    expect(parted.tree).toBe(single.tree);
    expect(indexListing(workspace, inParts.gitDir)).toBe(indexListing(workspace, inOne.gitDir));
    expect(readdirSync(inParts.gitDir).filter((f) => f.startsWith('index') && f !== 'index')).toEqual([]);
    expect(git(workspace, inParts.gitDir, ['fsck', '--no-dangling'])).toBe('');

    // The next snapshot finds exactly the file that changed.
    await write(workspace, { 'src/m1/file 1.ts': 'export const v1 = 100;\n' });
    expect(git(workspace, inParts.gitDir, ['ls-files', '--modified', '--others', '--exclude-standard'])).toBe('src/m1/file 1.ts\n');
    const next = await takeSnapshot(inParts, limits);
    expect(git(workspace, inParts.gitDir, ['diff-tree', '-r', '--name-only', parted.tree, next.tree])).toBe('src/m1/file 1.ts\n');
  });

  it('fails as one git process would when a part cannot be stored, once every part has finished, leaving no index behind', async () => {
    const { workspace, paths } = await awkwardWorkspace();
    const repo = new ShadowRepository(path.join(tempDir('sw-store-'), 'git'), workspace, defaultExcludes, 30_000);
    await repo.ensure();
    // A file that became a pipe after it was listed: git refuses to store it.
    execFileSync('mkfifo', [path.join(workspace, 'pipe')]);

    await expect(storeFiles(repo, [...paths, 'pipe'], { filesPerPack: 10, indexIsEmpty: true })).rejects.toThrow(/pipe/);
    expect(readdirSync(repo.gitDir).filter((f) => f.startsWith('index'))).toEqual([]);
  });
});
