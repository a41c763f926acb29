import { execFileSync } from 'node:child_process';
import { promises as fs, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CheckpointDamagedError } from '../../../src/core/checkpoints';
import { tempDir, workspaceWithStore, write } from './workspaceFixture';

/** Bytes of the shadow repository's objects, counted independently of the store's own measure. */
async function objectBytes(gitDir: string): Promise<number> {
  let total = 0;
  for (const entry of await fs.readdir(path.join(gitDir, 'objects'), { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += (await fs.stat(path.join(entry.parentPath, entry.name))).size;
  }
  return total;
}

function looseObjectFiles(gitDir: string): string[] {
  const objects = path.join(gitDir, 'objects');
  return readdirSync(objects)
    .filter((d) => /^[0-9a-f]{2}$/.test(d))
    .flatMap((d) => readdirSync(path.join(objects, d)).map((f) => path.join(objects, d, f)));
}

describe('a damaged shadow repository', () => {
  it('is rebuilt when its HEAD is deleted: create still works and the old checkpoints are reported lost', async () => {
    const { workspace, gitDir, store, notices } = workspaceWithStore();
    await write(workspace, { 'a.ts': '1' });
    const old = await store.create({ task: 'before damage', reason: 'manual' });
    await fs.rm(path.join(gitDir, 'HEAD'));

    const fresh = await store.create({ task: 'after damage', reason: 'manual' });

    expect((await store.list()).map((c) => c.id)).toEqual([fresh.id]);
    expect((await store.lost()).map((l) => l.id)).toEqual([old.id]);
    expect(notices.some((n) => /was damaged and has been rebuilt; 1 earlier checkpoint\(s\) are lost/.test(n))).toBe(true);
  });

  it('is rebuilt when its objects folder is deleted', async () => {
    const { workspace, gitDir, store } = workspaceWithStore();
    await write(workspace, { 'a.ts': '1' });
    const old = await store.create({ task: null, reason: 'manual' });
    await fs.rm(path.join(gitDir, 'objects'), { recursive: true });

    const fresh = await store.create({ task: null, reason: 'manual' });

    expect((await store.list()).map((c) => c.id)).toEqual([fresh.id]);
    expect((await store.lost()).map((l) => l.id)).toEqual([old.id]);
  });

  it('can still restore the checkpoint taken after it was rebuilt', async () => {
    const { workspace, gitDir, store } = workspaceWithStore();
    await write(workspace, { 'a.ts': '1' });
    await store.create({ task: null, reason: 'manual' });
    await fs.rm(path.join(gitDir, 'HEAD'));
    const fresh = await store.create({ task: null, reason: 'manual' });
    await write(workspace, { 'a.ts': '2' });
    await store.recordAgentStep();

    const result = await store.restore(fresh.id);

    expect(result.outcome).toBe('restored');
    expect(await fs.readFile(path.join(workspace, 'a.ts'), 'utf8')).toBe('1');
  });

  it('explains that a lost checkpoint was lost', async () => {
    const { workspace, gitDir, store } = workspaceWithStore();
    await write(workspace, { 'a.ts': '1' });
    const old = await store.create({ task: null, reason: 'manual' });
    await fs.rm(path.join(gitDir, 'HEAD'));
    await store.create({ task: null, reason: 'manual' });

    await expect(store.restore(old.id)).rejects.toThrow(new RegExp(`checkpoint ${old.id} was lost \\(.*not a git repository`));
  });

  it('survives a garbage index without losing checkpoints', async () => {
    const { workspace, gitDir, store } = workspaceWithStore();
    await write(workspace, { 'a.ts': '1' });
    const old = await store.create({ task: null, reason: 'manual' });
    await fs.writeFile(path.join(gitDir, 'index'), 'not an index at all');
    await write(workspace, { 'a.ts': '2' });

    const fresh = await store.create({ task: null, reason: 'manual' });

    expect((await store.list()).map((c) => c.id)).toEqual([old.id, fresh.id]);
    expect(fresh.files).toBe(1);
  });

  it('is not mistaken for damage when another process holds its index lock: the error is reported, checkpoints kept', async () => {
    const { workspace, gitDir, store } = workspaceWithStore();
    await write(workspace, { 'a.ts': '1' });
    const old = await store.create({ task: null, reason: 'manual' });
    await write(workspace, { 'a.ts': '2' });
    await store.recordAgentStep();
    await fs.writeFile(path.join(gitDir, 'index.lock'), '');

    await expect(store.create({ task: null, reason: 'manual' })).rejects.toThrow(/index\.lock': File exists/);
    await fs.rm(path.join(gitDir, 'index.lock'));
    expect((await store.list()).map((c) => c.id)).toEqual([old.id]);
    expect(await store.lost()).toEqual([]);
  });

  it('reports a checkpoint whose file contents went missing as damaged, and drops it from the list', async () => {
    const { workspace, gitDir, store } = workspaceWithStore();
    await write(workspace, { 'a.ts': 'only in the old checkpoint\n' });
    const old = await store.create({ task: null, reason: 'manual' });
    const blob = execFileSync('git', ['hash-object', path.join(workspace, 'a.ts')], { encoding: 'utf8' }).trim();
    await write(workspace, { 'a.ts': 'new\n' });
    const newer = await store.create({ task: null, reason: 'manual' });
    await fs.rm(path.join(gitDir, 'objects', blob.slice(0, 2), blob.slice(2)));

    await expect(store.restore(old.id)).rejects.toBeInstanceOf(CheckpointDamagedError);
    expect((await store.list()).map((c) => c.id)).toEqual([newer.id]);
    expect((await store.lost()).map((l) => l.id)).toEqual([old.id]);
  });
});

describe('storage cap', () => {
  it('drops the oldest checkpoints to stay under the cap, keeping the newest', async () => {
    const cap = 120_000;
    const { workspace, gitDir, store, notices } = workspaceWithStore({ maxStorageBytes: cap });
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      // Random bytes do not compress: each checkpoint holds about 40 kB no other one shares.
      await write(workspace, { 'blob.bin': Uint8Array.from({ length: 40_000 }, () => Math.floor(Math.random() * 256)) });
      ids.push((await store.create({ task: `step ${i}`, reason: 'manual' })).id);
      expect(await objectBytes(gitDir)).toBeLessThanOrEqual(cap);
    }

    const kept = (await store.list()).map((c) => c.id);

    expect(kept.length).toBeLessThan(ids.length);
    expect(kept).toEqual(ids.slice(ids.length - kept.length));
    expect(notices.some((n) => /dropped the \d+ oldest checkpoint\(s\) to keep checkpoint storage under 0.12 MB/.test(n))).toBe(true);
  });

  it('stores the first snapshot of a large workspace in a pack per git process hashing it, not a file per object', async () => {
    const { workspace, gitDir, store } = workspaceWithStore();
    await write(workspace, Object.fromEntries(Array.from({ length: 5_200 }, (_, i) => [`f/${i}.txt`, `file ${i}\n`])));

    await store.create({ task: null, reason: 'manual' });

    expect(looseObjectFiles(gitDir).length).toBeLessThan(100);
    // 5,200 files: hashed by two to four git processes at once (as the machine allows), a pack each.
    const packs = readdirSync(path.join(gitDir, 'objects', 'pack')).filter((f) => f.endsWith('.pack'));
    expect(packs.length).toBeGreaterThanOrEqual(2);
    expect(packs.length).toBeLessThanOrEqual(4);
    expect(execFileSync('git', ['--git-dir', gitDir, 'fsck', '--no-dangling'], { encoding: 'utf8' })).toBe('');
  });

  it('packs loose objects so their number stays bounded', async () => {
    const { workspace, gitDir, store } = workspaceWithStore();
    await write(workspace, { 'a.txt': 'a\n' });
    await store.create({ task: null, reason: 'manual' });
    // Loose objects as many small checkpoints would leave them (each below the size that is packed at once).
    const blobs = tempDir();
    await write(blobs, Object.fromEntries(Array.from({ length: 5_100 }, (_, i) => [`${i}.txt`, `blob ${i}\n`])));
    const list = Array.from({ length: 5_100 }, (_, i) => path.join(blobs, `${i}.txt`)).join('\n');
    execFileSync('git', ['--git-dir', gitDir, 'hash-object', '-w', '--stdin-paths'], { input: list });
    expect(looseObjectFiles(gitDir).length).toBeGreaterThan(5_000);

    // Objects another program wrote are outside the size this store keeps track of: they are found
    // when it measures again, at the latest 16 snapshots on.
    for (let i = 0; i <= 16; i++) {
      await write(workspace, { 'a.txt': `step ${i}\n` });
      await store.create({ task: null, reason: 'manual' });
    }

    expect(looseObjectFiles(gitDir).length).toBeLessThan(100);
  });

  it('keeps the cap when the data came in between checkpoints, with agent steps', async () => {
    const cap = 120_000;
    const { workspace, gitDir, store } = workspaceWithStore({ maxStorageBytes: cap });
    const random = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(Math.random() * 256));
    for (let i = 0; i < 6; i++) {
      await write(workspace, { 'step.bin': random(30_000) });
      await store.recordAgentStep();
      await write(workspace, { 'step.bin': random(30_000) });
      await store.create({ task: `step ${i}`, reason: 'manual' });
      expect(await objectBytes(gitDir)).toBeLessThanOrEqual(cap);
    }
  });
});
