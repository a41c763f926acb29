import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { initUserRepo, treeState, userGit, workspaceWithStore, write } from './workspaceFixture';

describe('restore conflicts', () => {
  it('refuses, changing nothing, when the user edited a file after the agent wrote it', async () => {
    const { workspace, store } = workspaceWithStore();
    await write(workspace, { 'a.ts': 'original\n', 'b.ts': 'b\n' });
    const checkpoint = await store.create({ task: 'Task 1', reason: 'before-task' });
    await write(workspace, { 'a.ts': 'agent version\n', 'b.ts': 'agent b\n' });
    await store.recordAgentWrite('a.ts', 'agent version\n');
    await store.recordAgentWrite('b.ts', 'agent b\n');
    await write(workspace, { 'a.ts': 'agent version\nplus the user’s line\n' });
    const before = treeState(workspace);

    const result = await store.restore(checkpoint.id);

    expect(result.outcome).toBe('refused');
    expect(result.conflicts.map((c) => c.path)).toEqual(['a.ts']);
    expect(result.message).toMatch(/refused, nothing was changed: 1 file\(s\) have changes neither the agent nor Specwright made \(a\.ts\)/);
    expect(treeState(workspace)).toEqual(before);
  });

  it('restores files whose content is still exactly what the agent wrote', async () => {
    const { workspace, store } = workspaceWithStore();
    await write(workspace, { 'a.ts': 'original\n' });
    const checkpoint = await store.create({ task: null, reason: 'before-approval' });
    await write(workspace, { 'a.ts': 'agent version\n', 'new.ts': 'created by the agent\n' });
    await store.recordAgentWrite('a.ts', 'agent version\n');
    await store.recordAgentWrite(path.join(workspace, 'new.ts'), Buffer.from('created by the agent\n'));

    const result = await store.restore(checkpoint.id);

    expect(result.outcome).toBe('restored');
    expect(await fs.readFile(path.join(workspace, 'a.ts'), 'utf8')).toBe('original\n');
    expect(await fs.readFile(path.join(workspace, 'new.ts')).catch(() => null)).toBeNull();
  });

  it('brings back a file the agent recorded deleting', async () => {
    const { workspace, store } = workspaceWithStore();
    await write(workspace, { 'gone.ts': 'still needed\n' });
    const checkpoint = await store.create({ task: null, reason: 'manual' });
    await fs.rm(path.join(workspace, 'gone.ts'));
    await store.recordAgentWrite('gone.ts', null);

    const result = await store.restore(checkpoint.id);

    expect(result.outcome).toBe('restored');
    expect(await fs.readFile(path.join(workspace, 'gone.ts'), 'utf8')).toBe('still needed\n');
  });

  it('treats a change since the last checkpoint that the agent did not record as someone else’s', async () => {
    const { workspace, store } = workspaceWithStore();
    await write(workspace, { 'notes.md': 'mine\n' });
    const checkpoint = await store.create({ task: null, reason: 'manual' });
    await write(workspace, { 'notes.md': 'mine, edited by me while the agent worked\n' });

    const result = await store.restore(checkpoint.id);

    expect(result.outcome).toBe('refused');
    expect(result.conflicts).toEqual([{ path: 'notes.md', reason: 'changed since the last checkpoint by someone other than the agent or Specwright' }]);
  });

  it('counts files changed by an agent step (a command the agent ran) as the agent’s', async () => {
    const { workspace, store } = workspaceWithStore();
    await write(workspace, { 'package.json': '{}\n' });
    const checkpoint = await store.create({ task: null, reason: 'manual' });
    await write(workspace, { 'package.json': '{"name":"x"}\n', 'generated/types.ts': 'export {};\n' });
    await store.recordAgentStep();

    const result = await store.restore(checkpoint.id);

    expect(result.outcome).toBe('restored');
    expect(result.conflicts).toEqual([]);
  });

  it('overwrites conflicting files when forced', async () => {
    const { workspace, store } = workspaceWithStore();
    await write(workspace, { 'a.ts': 'original\n' });
    const checkpoint = await store.create({ task: null, reason: 'manual' });
    const atCheckpoint = treeState(workspace);
    await write(workspace, { 'a.ts': 'agent\n' });
    await store.recordAgentWrite('a.ts', 'agent\n');
    await write(workspace, { 'a.ts': 'user\n' });

    const result = await store.restore(checkpoint.id, { force: true });

    expect(result.outcome).toBe('restored');
    expect(result.conflicts.map((c) => c.path)).toEqual(['a.ts']);
    expect(treeState(workspace)).toEqual(atCheckpoint);
  });

  it('keeps the overwritten edits in the safety checkpoint of a forced restore', async () => {
    const { workspace, store } = workspaceWithStore();
    await write(workspace, { 'a.ts': 'original\n' });
    const checkpoint = await store.create({ task: null, reason: 'manual' });
    await write(workspace, { 'a.ts': 'user work\n' });

    const result = await store.restore(checkpoint.id, { force: true });
    const undo = await store.restore(result.safetyCheckpointId!);

    expect(undo.outcome).toBe('restored');
    expect(await fs.readFile(path.join(workspace, 'a.ts'), 'utf8')).toBe('user work\n');
  });

  it('will not recreate a file over one too large to snapshot that now stands in its place', async () => {
    const { workspace, store } = workspaceWithStore({ maxFileBytes: 1000 });
    await write(workspace, { 'data.csv': 'small\n' });
    const checkpoint = await store.create({ task: null, reason: 'manual' });
    await write(workspace, { 'data.csv': 'x'.repeat(5000) });
    await store.recordAgentStep();

    const result = await store.restore(checkpoint.id);

    expect(result.outcome).toBe('refused');
    expect(result.conflicts[0]?.reason).toMatch(/not in snapshots/);
    expect((await fs.stat(path.join(workspace, 'data.csv'))).size).toBe(5000);
  });
});

describe('restore dry run', () => {
  it('returns the plan of files to modify, create and delete without changing anything', async () => {
    const { workspace, store } = workspaceWithStore();
    await write(workspace, { 'keep.ts': 'k', 'change.ts': 'one\ntwo\n', 'remove-me-later.ts': 'r' });
    const checkpoint = await store.create({ task: 'Task 3', reason: 'before-task' });
    await write(workspace, { 'change.ts': 'one\nTWO\nthree\n', 'added.ts': 'a' });
    await fs.rm(path.join(workspace, 'remove-me-later.ts'));
    await store.recordAgentStep();
    const before = treeState(workspace);
    const checkpointsBefore = await store.list();

    const plan = await store.restore(checkpoint.id, { dryRun: true });

    expect(plan.outcome).toBe('dry-run');
    expect(plan.changes).toEqual([
      { path: 'added.ts', action: 'delete', added: 0, removed: 1 },
      { path: 'change.ts', action: 'modify', added: 1, removed: 2 },
      { path: 'remove-me-later.ts', action: 'create', added: 1, removed: 0 },
    ]);
    expect(treeState(workspace)).toEqual(before);
    expect(await store.list()).toEqual(checkpointsBefore);
  });

  it('reports conflicts without refusing or changing anything', async () => {
    const { workspace, store } = workspaceWithStore();
    await write(workspace, { 'a.ts': '1' });
    const checkpoint = await store.create({ task: null, reason: 'manual' });
    await write(workspace, { 'a.ts': '2' });
    const before = treeState(workspace);

    const plan = await store.restore(checkpoint.id, { dryRun: true });

    expect(plan.outcome).toBe('dry-run');
    expect(plan.conflicts.map((c) => c.path)).toEqual(['a.ts']);
    expect(treeState(workspace)).toEqual(before);
  });

  it('warns when the user’s HEAD or branch moved since the checkpoint', async () => {
    const { workspace, store } = workspaceWithStore();
    initUserRepo(workspace);
    const checkpoint = await store.create({ task: null, reason: 'manual' });
    userGit(workspace, 'checkout', '-q', '-b', 'feature');
    await write(workspace, { 'f.txt': 'x' });
    userGit(workspace, 'add', 'f.txt');
    userGit(workspace, 'commit', '-q', '-m', 'more');

    const plan = await store.restore(checkpoint.id, { dryRun: true });

    expect(checkpoint.userHead?.branch).toBe('main');
    expect(plan.warnings).toHaveLength(1);
    expect(plan.warnings[0]).toMatch(/HEAD moved since this checkpoint \(main @ [0-9a-f]{7} → feature @ [0-9a-f]{7}\); .* does not move HEAD/);
  });

  it('gives no warning when HEAD is where it was', async () => {
    const { workspace, store } = workspaceWithStore();
    initUserRepo(workspace);
    const checkpoint = await store.create({ task: null, reason: 'manual' });

    const plan = await store.restore(checkpoint.id, { dryRun: true });

    expect(plan.warnings).toEqual([]);
  });
});

describe('recording agent writes', () => {
  it('refuses a path outside the workspace', async () => {
    const { store } = workspaceWithStore();

    await expect(store.recordAgentWrite('../elsewhere.txt', 'x')).rejects.toThrow(/not inside the workspace/);
  });
});
