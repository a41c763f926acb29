import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { addKnowledgeBase, knowledgeDir, removeKnowledgeBase, updateKnowledgeBase } from '../../../src/core/knowledge';
import { FolderWatcher } from '../../../src/extension/views/folderWatcher';
import { tempWorkspace } from '../tools/toolFixture';

const watchers: FolderWatcher[] = [];
afterEach(() => {
  for (const w of watchers.splice(0)) w.dispose();
});

function follow(target: string, top: string) {
  let changes = 0;
  const watcher = new FolderWatcher(() => changes++);
  watchers.push(watcher);
  watcher.follow(target, top);
  return { watcher, changes: () => changes };
}

describe('following the knowledge store as another process writes it', () => {
  it('sees the store made from nothing, then each update and removal, and a store deleted and made again', async () => {
    const ws = tempWorkspace({ 'docs/a.md': '# A\n\nalpha\n' });
    const store = knowledgeDir(ws.root);
    const { watcher, changes } = follow(store, ws.root);
    expect(watcher.folder).toBe(ws.root);

    await addKnowledgeBase(ws.root, { path: 'docs' });
    await expect.poll(() => watcher.folder, { timeout: 10_000 }).toBe(store);
    let seen = changes();
    expect(seen).toBeGreaterThan(0);

    await updateKnowledgeBase(ws.root, 'docs');
    await expect.poll(changes, { timeout: 10_000 }).toBeGreaterThan(seen);
    seen = changes();
    await removeKnowledgeBase(ws.root, 'docs');
    await expect.poll(changes, { timeout: 10_000 }).toBeGreaterThan(seen);

    rmSync(ws.file('.kiro'), { recursive: true });
    await expect.poll(() => watcher.folder, { timeout: 10_000 }).toBe(ws.root);
    seen = changes();
    await addKnowledgeBase(ws.root, { path: 'docs' });
    await expect.poll(() => watcher.folder, { timeout: 10_000 }).toBe(store);
    expect(changes()).toBeGreaterThan(seen);
  });

  it('ignores what happens beside the path to the store', async () => {
    const ws = tempWorkspace({ 'README.md': '# Hi\n' });
    const { watcher, changes } = follow(knowledgeDir(ws.root), ws.root);
    expect(watcher.folder).toBe(ws.root);
    rmSync(ws.file('README.md'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(changes()).toBe(0);
  });
});
