import { mkdirSync, mkdtempSync, readdirSync, realpathSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkspaceIndex } from '../../../src/core/sandbox/workspaceIndex';

let roots: string[] = [];
afterEach(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
  roots = [];
});

/** A workspace of `folders` nested source folders, each folder's times an hour old (long past the racy window). */
function workspace(folders: string[], files: Record<string, string> = {}): string {
  const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'sw-index-')));
  roots.push(root);
  for (const folder of folders) mkdirSync(path.join(root, folder), { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  age(root);
  return root;
}

/** Sets every folder's times an hour back, as in a workspace nobody touched lately. */
function age(root: string, relative = ''): void {
  const dir = path.join(root, relative);
  const old = new Date(Date.now() - 3_600_000);
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    if (name.isDirectory() && !name.isSymbolicLink()) age(root, path.join(relative, name.name));
  }
  utimesSync(dir, old, old);
}

const rel = (root: string, list: string[]) => list.map((p) => path.relative(root, p)).sort();

describe('WorkspaceIndex', () => {
  it('finds secrets files, secret folders, mcp.json and nested repositories, and skips dependencies', async () => {
    const root = workspace(['src/a/b', 'vendor/lib/.git', 'node_modules/pkg', 'secrets.d'], {
      '.env': 'X',
      'src/a/b/.env.production': 'X',
      'src/a/server.key': 'X',
      'src/a/b/index.ts': 'export {}',
      'tools/mcp.json': '{}',
      'node_modules/pkg/.env': 'X',
    });
    const scan = await new WorkspaceIndex(root, os.homedir()).scan();
    expect(rel(root, scan.secretFiles)).toEqual(['.env', 'src/a/b/.env.production', 'src/a/server.key']);
    expect(rel(root, scan.secretDirs)).toEqual(['secrets.d']);
    expect(rel(root, scan.mcpFiles)).toEqual(['tools/mcp.json']);
    expect(rel(root, scan.nestedGit)).toEqual(['vendor/lib/.git']);
    expect(scan.truncated).toBe(false);
  });

  it('looks again with one stat per folder and no directory read when nothing changed', async () => {
    const folders = Array.from({ length: 50 }, (_, i) => `src/m${i}/deep`);
    const root = workspace(folders, { 'src/m7/deep/.env': 'X' });
    const index = new WorkspaceIndex(root, os.homedir());
    await index.scan();
    const before = { ...index.counts };
    const scan = await index.scan();
    expect(index.counts.directoryReads - before.directoryReads).toBe(0);
    // The root, src, and each m<i> and m<i>/deep.
    expect(index.counts.stats - before.stats).toBe(2 + 2 * 50);
    expect(rel(root, scan.secretFiles)).toEqual(['src/m7/deep/.env']);
  });

  it('sees what changed since the last look: a file added deep down, a folder made, moved in, renamed or removed', async () => {
    const root = workspace(['src/a/b/c', 'src/old/inner', 'lib'], { 'src/old/inner/.env': 'X', 'lib/gone/.env.local': 'X' });
    const outside = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'sw-index-outside-')));
    roots.push(outside);
    mkdirSync(path.join(outside, 'pkg/conf'), { recursive: true });
    writeFileSync(path.join(outside, 'pkg/conf/id_rsa'), 'X');
    age(outside);
    const index = new WorkspaceIndex(root, os.homedir());
    await index.scan();

    writeFileSync(path.join(root, 'src/a/b/c/.env'), 'X');
    mkdirSync(path.join(root, 'src/new/deeper'), { recursive: true });
    writeFileSync(path.join(root, 'src/new/deeper/credentials.json'), 'X');
    renameSync(path.join(outside, 'pkg'), path.join(root, 'lib/pkg'));
    renameSync(path.join(root, 'src/old'), path.join(root, 'src/renamed'));
    rmSync(path.join(root, 'lib/gone'), { recursive: true });

    const scan = await index.scan();
    expect(rel(root, scan.secretFiles)).toEqual(['lib/pkg/conf/id_rsa', 'src/a/b/c/.env', 'src/new/deeper/credentials.json', 'src/renamed/inner/.env']);
  });

  it('reads a folder changed moments ago again even when its mtime did not move (coarse clocks)', async () => {
    const root = workspace(['src']);
    const index = new WorkspaceIndex(root, os.homedir());
    // Changed just now (within the racy window), at a time a coarse clock would give.
    writeFileSync(path.join(root, 'src/index.ts'), 'export {}');
    const now = new Date(Math.floor(Date.now() / 1000) * 1000);
    utimesSync(path.join(root, 'src'), now, now);
    await index.scan();
    // The next change falls in the same tick: the folder's mtime stays exactly as it was.
    writeFileSync(path.join(root, 'src/.env'), 'X');
    utimesSync(path.join(root, 'src'), now, now);
    expect(rel(root, (await index.scan()).secretFiles)).toEqual(['src/.env']);
  });

  it('sees a secret added to a folder whose mtime was then set back to what it was (tar, touch -r)', async () => {
    const root = workspace(['src/a']);
    const folder = path.join(root, 'src/a');
    const { atime, mtime } = statSync(folder);
    const index = new WorkspaceIndex(root, os.homedir());
    await index.scan();
    writeFileSync(path.join(folder, '.env'), 'X');
    utimesSync(folder, atime, mtime);
    expect(statSync(folder).mtime.getTime()).toBe(mtime.getTime());
    expect(rel(root, (await index.scan()).secretFiles)).toEqual(['src/a/.env']);
  });

  it('sees a folder renamed over a known empty one with the same mtime, bringing a secret', async () => {
    const root = workspace(['src/a']);
    const outside = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'sw-index-outside-')));
    roots.push(outside);
    writeFileSync(path.join(outside, 'id_ed25519'), 'X');
    const { atime, mtime } = statSync(path.join(root, 'src/a'));
    utimesSync(outside, atime, mtime);
    const index = new WorkspaceIndex(root, os.homedir());
    await index.scan();
    renameSync(outside, path.join(root, 'src/a'));
    expect(statSync(path.join(root, 'src/a')).mtime.getTime()).toBe(mtime.getTime());
    expect(rel(root, (await index.scan()).secretFiles)).toEqual(['src/a/id_ed25519']);
  });

  it('masks where a secret-named link leads, following the link again on every look', async () => {
    const root = workspace(['src', 'private'], { 'private/a.txt': 'X', 'private/b.txt': 'X' });
    // Through a link outside the workspace, which can be re-pointed without the workspace changing at all.
    const outside = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'sw-index-outside-')));
    roots.push(outside);
    symlinkSync(path.join(root, 'private/a.txt'), path.join(outside, 'current'));
    symlinkSync(path.join(outside, 'current'), path.join(root, 'src/.env'));
    age(root);
    const index = new WorkspaceIndex(root, os.homedir());
    expect(rel(root, (await index.scan()).secretFiles)).toEqual(['private/a.txt']);
    rmSync(path.join(outside, 'current'));
    symlinkSync(path.join(root, 'private/b.txt'), path.join(outside, 'current'));
    expect(rel(root, (await index.scan()).secretFiles)).toEqual(['private/b.txt']);
  });

  it('gives callers that arrive during a look the next look, which sees their changes', async () => {
    const root = workspace(Array.from({ length: 200 }, (_, i) => `d${i}`));
    const index = new WorkspaceIndex(root, os.homedir());
    await index.scan();
    const first = index.scan();
    writeFileSync(path.join(root, 'd199/.env'), 'X');
    const second = index.scan();
    const third = index.scan();
    expect(third).toBe(second);
    await first;
    expect(rel(root, (await second).secretFiles)).toEqual(['d199/.env']);
  });
});
