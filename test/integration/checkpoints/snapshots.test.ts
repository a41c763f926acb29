import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ActivityEventInput } from '../../../src/core/activity';
import { CheckpointStore, SnapshotTooLargeError } from '../../../src/core/checkpoints';
import { initUserRepo, treeState, userGit, workspaceWithStore, write } from './workspaceFixture';

describe('what a checkpoint contains', () => {
  it('leaves files ignored by the workspace .gitignore alone, even when they change after the checkpoint', async () => {
    const { workspace, store } = workspaceWithStore();
    await write(workspace, { '.gitignore': '*.log\ncache/\n', 'app.log': 'before', 'cache/data': 'before', 'src/a.ts': 'a' });
    const checkpoint = await store.create({ task: null, reason: 'manual' });
    await write(workspace, { 'app.log': 'after', 'cache/data': 'after', 'cache/more': 'new', 'src/a.ts': 'changed' });
    await store.recordAgentStep();

    const result = await store.restore(checkpoint.id);

    expect(result.changes.map((c) => c.path)).toEqual(['src/a.ts']);
    expect(await fs.readFile(path.join(workspace, 'app.log'), 'utf8')).toBe('after');
    expect(await fs.readFile(path.join(workspace, 'cache/more'), 'utf8')).toBe('new');
  });

  it('leaves alone untracked files from before the checkpoint that the agent never touched', async () => {
    const { workspace, store } = workspaceWithStore();
    initUserRepo(workspace, { '.gitignore': 'local.env\n', 'src/a.ts': 'a' });
    await write(workspace, { 'draft.md': 'my untracked draft', 'local.env': 'KEY=1' });
    const checkpoint = await store.create({ task: null, reason: 'manual' });
    await write(workspace, { 'src/a.ts': 'agent' });
    await store.recordAgentStep();
    const untrackedBefore = { draft: await fs.stat(path.join(workspace, 'draft.md')), env: await fs.stat(path.join(workspace, 'local.env')) };

    const result = await store.restore(checkpoint.id);

    expect(result.changes.map((c) => c.path)).toEqual(['src/a.ts']);
    expect((await fs.stat(path.join(workspace, 'draft.md'))).mtimeMs).toBe(untrackedBefore.draft.mtimeMs);
    expect((await fs.stat(path.join(workspace, 'local.env'))).mtimeMs).toBe(untrackedBefore.env.mtimeMs);
    expect(userGit(workspace, 'status', '--porcelain')).toBe('?? draft.md\n');
  });

  it('never snapshots dependencies, build output or run state, even without a .gitignore', async () => {
    const { workspace, store } = workspaceWithStore();
    await write(workspace, { 'src/a.ts': 'a' });
    const checkpoint = await store.create({ task: null, reason: 'manual' });
    const generated = ['node_modules/x/index.js', 'dist/app.js', 'out/a', 'build/b', '.next/c', 'target/d', '.kiro/.specwright/runs/1.jsonl', 'pkg/dist/e.js'];
    await write(workspace, Object.fromEntries(generated.map((f) => [f, 'generated'])));
    await store.recordAgentStep();

    const result = await store.restore(checkpoint.id);

    expect(result.changes).toEqual([]);
    for (const file of generated) expect(await fs.readFile(path.join(workspace, file), 'utf8')).toBe('generated');
  });

  it('leaves out files above the size limit, says so, and restores never touch them', async () => {
    const { workspace, store, notices } = workspaceWithStore({ maxFileBytes: 10_000 });
    await write(workspace, { 'model.bin': new Uint8Array(20_000), 'src/a.ts': 'a' });
    const checkpoint = await store.create({ task: null, reason: 'manual' });
    await write(workspace, { 'model.bin': new Uint8Array(30_000).fill(1), 'src/a.ts': 'b' });
    await store.recordAgentStep();

    const result = await store.restore(checkpoint.id);

    expect(notices.some((n) => /larger than 0.01 MB out of checkpoint .*model\.bin/.test(n))).toBe(true);
    expect(result.changes.map((c) => c.path)).toEqual(['src/a.ts']);
    expect((await fs.stat(path.join(workspace, 'model.bin'))).size).toBe(30_000);
  });

  it('refuses a workspace with too many files with a message saying which folders to ignore', async () => {
    const { workspace, store } = workspaceWithStore({ maxFiles: 50 });
    await write(workspace, Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`data/f${i}.json`, '{}'])));

    const attempt = store.create({ task: null, reason: 'manual' });

    await expect(attempt).rejects.toBeInstanceOf(SnapshotTooLargeError);
    await expect(attempt).rejects.toThrow(/80 files after \.gitignore, more than the checkpoint limit of 50 \(most new files: data\/ 80\); add bulky folders to \.gitignore/);
  });

  it('refuses a snapshot that would store more bytes than the limit', async () => {
    const { workspace, store } = workspaceWithStore({ maxSnapshotBytes: 50_000 });
    await write(workspace, { 'a.bin': new Uint8Array(40_000), 'b.bin': new Uint8Array(40_000) });

    await expect(store.create({ task: null, reason: 'manual' })).rejects.toThrow(/store 0\.1 MB of new or changed files, more than the limit of 0\.1 MB/);
  });

  it('works again once the workspace is back within the limits', async () => {
    const { workspace, store } = workspaceWithStore({ maxFiles: 50 });
    await write(workspace, Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`data/f${i}.json`, '{}'])));
    await expect(store.create({ task: null, reason: 'manual' })).rejects.toThrow(SnapshotTooLargeError);

    await write(workspace, { '.gitignore': 'data/\n' });
    const checkpoint = await store.create({ task: null, reason: 'manual' });

    expect(checkpoint.files).toBe(1);
  });
});

describe('listing and diffing checkpoints', () => {
  it('lists task, time and files changed since the previous checkpoint, oldest first', async () => {
    const times = ['2025-03-01T10:00:00.000Z', '2025-03-01T10:05:00.000Z'];
    const { workspace, store } = workspaceWithStore({ now: () => new Date(times.shift() ?? '2025-03-01T11:00:00.000Z') });
    await write(workspace, { 'a.ts': '1', 'b.ts': '1', 'c.ts': '1' });
    const first = await store.create({ task: 'Task 1: scaffold', reason: 'before-task' });
    await write(workspace, { 'a.ts': '2', 'd.ts': '1' });
    const second = await store.create({ task: null, reason: 'before-approval' });

    const list = await store.list();

    expect(list).toEqual([
      { id: first.id, task: 'Task 1: scaffold', reason: 'before-task', createdAt: '2025-03-01T10:00:00.000Z', files: 3 },
      { id: second.id, task: null, reason: 'before-approval', createdAt: '2025-03-01T10:05:00.000Z', files: 2 },
    ]);
  });

  it('lists nothing, and creates nothing, before the first checkpoint', async () => {
    const { gitDir, store } = workspaceWithStore();

    expect(await store.list()).toEqual([]);
    await expect(fs.stat(gitDir)).rejects.toThrow();
  });

  it('diffs a checkpoint against the workspace now, one unified diff per file', async () => {
    const { workspace, store } = workspaceWithStore();
    await write(workspace, { 'a.ts': 'one\ntwo\n', 'gone.ts': 'bye\n', 'img.png': new Uint8Array([0, 1, 2, 0]) });
    const checkpoint = await store.create({ task: null, reason: 'manual' });
    await write(workspace, { 'a.ts': 'one\n2\n', 'new.ts': 'hello\n', 'img.png': new Uint8Array([0, 9, 9, 0]) });
    await fs.rm(path.join(workspace, 'gone.ts'));

    const diffs = await store.diff(checkpoint.id);

    expect(diffs.map((d) => [d.path, d.change, d.binary])).toEqual([
      ['a.ts', 'modified', false],
      ['gone.ts', 'deleted', false],
      ['img.png', 'modified', true],
      ['new.ts', 'added', false],
    ]);
    expect(diffs[0]!.patch).toContain('--- a/a.ts\n+++ b/a.ts\n@@ -1,2 +1,2 @@\n one\n-two\n+2\n');
    expect(diffs[3]!.patch).toContain('+hello');
  });

  it('diffs files with unusual names', async () => {
    const { workspace, store } = workspaceWithStore();
    const name = 'odd "name"\twith tab é.txt';
    await write(workspace, { [name]: 'x\n' });
    const checkpoint = await store.create({ task: null, reason: 'manual' });
    await write(workspace, { [name]: 'y\n' });

    const diffs = await store.diff(checkpoint.id);

    expect(diffs.map((d) => d.path)).toEqual([name]);
    expect(diffs[0]!.patch).toContain('-x\n+y');
  });

  it('explains an unknown id', async () => {
    const { workspace, store } = workspaceWithStore();
    await write(workspace, { 'a.ts': '1' });
    await store.create({ task: null, reason: 'manual' });

    await expect(store.diff('abcdef')).rejects.toThrow('no checkpoint matches "abcdef"; list the checkpoints to see their ids');
  });

  it('reports creations and restores as activity events', async () => {
    const events: ActivityEventInput[] = [];
    const { workspace, store } = workspaceWithStore({ emit: (e) => events.push(e) });
    await write(workspace, { 'a.ts': '1', 'b.ts': '1' });
    const checkpoint = await store.create({ task: 'Task 2', reason: 'before-task' });
    await write(workspace, { 'a.ts': '2' });
    await store.recordAgentStep();

    const result = await store.restore(checkpoint.id);

    expect(events).toEqual([
      { type: 'checkpoint_created', checkpointId: checkpoint.id, task: 'Task 2', files: 2 },
      { type: 'checkpoint_created', checkpointId: result.safetyCheckpointId, task: null, files: 1 },
      { type: 'checkpoint_restored', checkpointId: checkpoint.id, files: ['a.ts'] },
    ]);
  });
});

describe('operations on one store', () => {
  it('run one at a time, so overlapping calls all succeed', async () => {
    const { workspace, store } = workspaceWithStore();
    await write(workspace, { 'a.ts': '0' });

    const created = await Promise.all([1, 2, 3, 4].map((n) => store.create({ task: `Task ${n}`, reason: 'before-task' })));
    const listed = await store.list();

    expect(new Set(created.map((c) => c.id)).size).toBe(4);
    expect(listed.map((c) => c.task)).toEqual(['Task 1', 'Task 2', 'Task 3', 'Task 4']);
  });

  it('keep the shadow repository out of its own snapshots when it lives inside the workspace', async () => {
    const { workspace } = workspaceWithStore();
    const store = new CheckpointStore({ workspace, gitDir: path.join(workspace, 'state', 'shadow') });
    await write(workspace, { 'a.ts': '1' });

    const first = await store.create({ task: null, reason: 'manual' });
    const second = await store.create({ task: null, reason: 'manual' });

    expect(first.files).toBe(1);
    expect(second.files).toBe(0);
    expect(Object.keys(treeState(workspace)).some((p) => p.startsWith('state/shadow/'))).toBe(true);
  });
});
