import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { treeState, workspaceWithStore, write } from './workspaceFixture';

// In these tests every edit after a checkpoint is the agent's: recordAgentStep() says so, as the runner does.
describe('restoring a checkpoint', () => {
  it('puts modified, deleted and created files back byte for byte', async () => {
    const { workspace, store } = workspaceWithStore();
    await write(workspace, { 'src/a.ts': 'export const a = 1;\n', 'src/b.ts': 'b\n', 'notes.txt': 'keep me\n' });
    const before = treeState(workspace);
    const checkpoint = await store.create({ task: 'Task 1', reason: 'before-task' });

    await write(workspace, { 'src/a.ts': 'export const a = 2;\n', 'src/c.ts': 'new\n' });
    await fs.rm(path.join(workspace, 'src/b.ts'));
    await store.recordAgentStep();
    const result = await store.restore(checkpoint.id);

    expect(result.outcome).toBe('restored');
    expect(treeState(workspace)).toEqual(before);
  });

  it('removes folders the agent created, however deeply nested', async () => {
    const { workspace, store } = workspaceWithStore();
    await write(workspace, { 'keep.txt': 'k' });
    const before = treeState(workspace);
    const checkpoint = await store.create({ task: null, reason: 'manual' });

    await write(workspace, { 'new/deeply/nested/folder/file.ts': 'x', 'new/other.ts': 'y' });
    await store.recordAgentStep();
    await store.restore(checkpoint.id);

    expect(treeState(workspace)).toEqual(before);
  });

  it('recreates deleted nested folders with their files', async () => {
    const { workspace, store } = workspaceWithStore();
    await write(workspace, { 'a/b/c/d.txt': 'deep', 'a/b/e.txt': 'shallow' });
    const before = treeState(workspace);
    const checkpoint = await store.create({ task: null, reason: 'manual' });

    await fs.rm(path.join(workspace, 'a'), { recursive: true });
    await store.recordAgentStep();
    await store.restore(checkpoint.id);

    expect(treeState(workspace)).toEqual(before);
  });

  it('undoes a rename', async () => {
    const { workspace, store } = workspaceWithStore();
    await write(workspace, { 'old/name.ts': 'content\n' });
    const before = treeState(workspace);
    const checkpoint = await store.create({ task: null, reason: 'manual' });

    await fs.mkdir(path.join(workspace, 'new'));
    await fs.rename(path.join(workspace, 'old/name.ts'), path.join(workspace, 'new/name.ts'));
    await fs.rmdir(path.join(workspace, 'old'));
    await store.recordAgentStep();
    await store.restore(checkpoint.id);

    expect(treeState(workspace)).toEqual(before);
  });

  it('restores the exec bit in both directions', async () => {
    const { workspace, store } = workspaceWithStore();
    await write(workspace, { 'run.sh': '#!/bin/sh\necho hi\n' }, 0o755);
    await write(workspace, { 'data.txt': 'plain\n' }, 0o644);
    const checkpoint = await store.create({ task: null, reason: 'manual' });

    await fs.chmod(path.join(workspace, 'run.sh'), 0o644);
    await fs.chmod(path.join(workspace, 'data.txt'), 0o755);
    await store.recordAgentStep();
    const result = await store.restore(checkpoint.id);

    expect(result.changes.map((c) => [c.path, c.action])).toEqual([
      ['data.txt', 'modify'],
      ['run.sh', 'modify'],
    ]);
    expect((await fs.stat(path.join(workspace, 'run.sh'))).mode & 0o111).not.toBe(0);
    expect((await fs.stat(path.join(workspace, 'data.txt'))).mode & 0o111).toBe(0);
  });

  it('restores binary files and line endings exactly, whatever .gitattributes says', async () => {
    const { workspace, store } = workspaceWithStore();
    const binary = Uint8Array.from({ length: 4096 }, (_, i) => (i * 37) % 256);
    await write(workspace, { '.gitattributes': '* text=auto eol=crlf\n', 'image.bin': binary, 'dos.txt': 'one\r\ntwo\r\n', 'unix.txt': 'one\ntwo\n', 'mixed.txt': 'a\r\nb\nc' });
    const before = treeState(workspace);
    const checkpoint = await store.create({ task: null, reason: 'manual' });

    await write(workspace, { 'image.bin': binary.slice(0, 100), 'dos.txt': 'changed\n', 'unix.txt': 'changed\r\n', 'mixed.txt': '' });
    await store.recordAgentStep();
    await store.restore(checkpoint.id);

    expect(treeState(workspace)).toEqual(before);
  });

  it('restores a symlink as a symlink', async () => {
    const { workspace, store } = workspaceWithStore();
    await write(workspace, { 'target.txt': 't' });
    await fs.symlink('target.txt', path.join(workspace, 'link'));
    const before = treeState(workspace);
    const checkpoint = await store.create({ task: null, reason: 'manual' });

    await fs.rm(path.join(workspace, 'link'));
    await write(workspace, { link: 'now a file' });
    await store.recordAgentStep();
    await store.restore(checkpoint.id);

    expect(treeState(workspace)).toEqual(before);
  });

  it('turns a folder back into the file it replaced', async () => {
    const { workspace, store } = workspaceWithStore();
    await write(workspace, { thing: 'a file' });
    const before = treeState(workspace);
    const checkpoint = await store.create({ task: null, reason: 'manual' });

    await fs.rm(path.join(workspace, 'thing'));
    await write(workspace, { 'thing/inside.txt': 'now a folder' });
    await store.recordAgentStep();
    await store.restore(checkpoint.id);

    expect(treeState(workspace)).toEqual(before);
  });

  it('goes back to an earlier checkpoint across several later ones', async () => {
    const { workspace, store } = workspaceWithStore();
    await write(workspace, { 'f.txt': 'v1' });
    const first = await store.create({ task: 'one', reason: 'before-task' });
    const v1 = treeState(workspace);
    await write(workspace, { 'f.txt': 'v2', 'g.txt': 'g' });
    await store.create({ task: 'two', reason: 'before-task' });
    await write(workspace, { 'f.txt': 'v3' });
    await store.create({ task: 'three', reason: 'before-task' });
    await write(workspace, { 'f.txt': 'v4' });

    await store.recordAgentStep();
    await store.restore(first.id);

    expect(treeState(workspace)).toEqual(v1);
  });

  it('can be undone with the safety checkpoint it takes first', async () => {
    const { workspace, store } = workspaceWithStore();
    await write(workspace, { 'f.txt': 'agent was here' });
    const checkpoint = await store.create({ task: null, reason: 'manual' });
    await write(workspace, { 'f.txt': 'later work', 'new.txt': 'n' });
    const later = treeState(workspace);
    await store.recordAgentStep();

    const result = await store.restore(checkpoint.id);
    await store.restore(result.safetyCheckpointId!);

    expect(treeState(workspace)).toEqual(later);
  });

  it('accepts a unique prefix of the id', async () => {
    const { workspace, store } = workspaceWithStore();
    await write(workspace, { 'f.txt': '1' });
    const checkpoint = await store.create({ task: null, reason: 'manual' });
    await write(workspace, { 'f.txt': '2' });

    await store.recordAgentStep();
    const result = await store.restore(checkpoint.id.slice(0, 6));

    expect(result.outcome).toBe('restored');
    expect(await fs.readFile(path.join(workspace, 'f.txt'), 'utf8')).toBe('1');
  });
});
