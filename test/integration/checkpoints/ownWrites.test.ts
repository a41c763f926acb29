import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkspaceCheckpointStore, workspaceOwnWrites } from '../../../src/core/checkpoints';
import { writeFileAtomic } from '../../../src/core/fs';
import { addServerEntry, editMcpFile, setServerDisabled, setToolDisabled } from '../../../src/core/mcp';
import { writeSteeringDocument } from '../../../src/core/steering';
import { tempDir, treeState, workspaceWithStore, write } from './workspaceFixture';

describe('Specwright’s own writes', () => {
  it('are not conflicts: a file Specwright rewrote through writeFileAtomic goes back without force', async () => {
    const { workspace, store } = workspaceWithStore();
    await write(workspace, { 'tasks.md': '- [ ] 1. Build\n' });
    const before = treeState(workspace);
    const checkpoint = await store.create({ task: '1', reason: 'before-task' });
    const file = path.join(workspace, 'tasks.md');
    await writeFileAtomic(file, '- [-] 1. Build\n', { expectedContent: '- [ ] 1. Build\n', ownWrites: store });
    await writeFileAtomic(file, '- [x] 1. Build\n', { expectedContent: '- [-] 1. Build\n', ownWrites: store });
    await writeFileAtomic(path.join(workspace, 'design.md'), '# Design\n', { expectedContent: null, ownWrites: store });

    const result = await store.restore(checkpoint.id);

    expect(result.conflicts).toEqual([]);
    expect(result.outcome).toBe('restored');
    expect(treeState(workspace)).toEqual(before);
  });

  it('made on top of a person’s edit leave that edit theirs: the restore still refuses', async () => {
    const { workspace, store } = workspaceWithStore();
    await write(workspace, { 'tasks.md': '- [ ] 1. Build\n' });
    const checkpoint = await store.create({ task: '1', reason: 'before-task' });
    await write(workspace, { 'tasks.md': '- [ ] 1. Build\n- [ ] 2. My own next step\n' });
    await writeFileAtomic(path.join(workspace, 'tasks.md'), '- [x] 1. Build\n- [ ] 2. My own next step\n', { ownWrites: store });

    const result = await store.restore(checkpoint.id);

    expect(result.outcome).toBe('refused');
    expect(result.conflicts.map((c) => c.path)).toEqual(['tasks.md']);
  });

  it('after an earlier recorded write, compare with that write', async () => {
    const { workspace, store } = workspaceWithStore();
    await write(workspace, { 'notes.md': 'one\n' });
    const checkpoint = await store.create({ task: null, reason: 'manual' });
    const file = path.join(workspace, 'notes.md');
    await writeFileAtomic(file, 'two\n', { ownWrites: store });
    await write(workspace, { 'notes.md': 'two, and my line\n' });
    await writeFileAtomic(file, 'three\n', { ownWrites: store });

    expect((await store.restore(checkpoint.id, { dryRun: true })).conflicts.map((c) => c.path)).toEqual(['notes.md']);
  });

  it('outside the workspace, or before any checkpoint, are ignored without an error', async () => {
    const { workspace, store } = workspaceWithStore();
    const elsewhere = path.join(tempDir('sw-home-'), 'hook.json');
    await expect(writeFileAtomic(elsewhere, '{}\n', { ownWrites: store })).resolves.toBeUndefined();
    await writeFileAtomic(path.join(workspace, 'early.md'), 'before any checkpoint\n', { ownWrites: store });
    const checkpoint = await store.create({ task: null, reason: 'manual' });
    await write(workspace, { 'early.md': 'edited by a person\n' });
    expect((await store.restore(checkpoint.id, { dryRun: true })).conflicts.map((c) => c.path)).toEqual(['early.md']);
  });

  it('from the CLI go to the workspace store only when it exists, and never create one', async () => {
    const workspace = tempDir('sw-ws-');
    await write(workspace, { 'a.md': 'a\n' });
    const recorder = workspaceOwnWrites(workspace);
    await writeFileAtomic(path.join(workspace, 'a.md'), 'b\n', { ownWrites: recorder });
    expect(existsSync(path.join(workspace, '.kiro'))).toBe(false);

    const store = await openWorkspaceCheckpointStore(workspace);
    const checkpoint = await store.create({ task: null, reason: 'manual' });
    await writeFileAtomic(path.join(workspace, 'a.md'), 'c\n', { ownWrites: workspaceOwnWrites(workspace) });
    const result = await store.restore(checkpoint.id);
    expect(result.outcome).toBe('restored');
    expect(await fs.readFile(path.join(workspace, 'a.md'), 'utf8')).toBe('b\n');
  });

  describe('through the views’ and commands’ own functions', () => {
    const MCP = '.kiro/settings/mcp.json';
    const mcpJson = '{\n  // my servers\n  "mcpServers": {\n    "docs": { "command": "node", "args": ["docs.js"] } // kept as written\n  }\n}\n';

    async function workspaceWithMcp() {
      const fixture = workspaceWithStore();
      await write(fixture.workspace, { [MCP]: mcpJson, '.kiro/steering/product.md': '---\ninclusion: always\n---\n\n# Product\n' });
      return { ...fixture, mcpFile: path.join(fixture.workspace, MCP) };
    }

    it('Add MCP Server, Disable/Enable of a server and a tool, and New Steering Document go back without force, byte for byte', async () => {
      const { workspace, store, mcpFile } = await workspaceWithMcp();
      const before = treeState(workspace);
      const checkpoint = await store.create({ task: null, reason: 'manual' });

      await editMcpFile(mcpFile, MCP, (text, shown) => addServerEntry(text, shown, 'fetch', { command: 'uvx', args: ['mcp-server-fetch'] }), { ownWrites: store });
      await editMcpFile(mcpFile, MCP, (text, shown) => setServerDisabled(text, shown, 'docs', true), { ownWrites: store });
      await editMcpFile(mcpFile, MCP, (text, shown) => setToolDisabled(text, shown, 'fetch', 'fetch', true), { ownWrites: store });
      await editMcpFile(mcpFile, MCP, (text, shown) => setServerDisabled(text, shown, 'docs', false), { ownWrites: store });
      const steering = await writeSteeringDocument(workspace, { name: 'api-style', inclusion: 'fileMatch', fileMatchPatterns: ['src/api/**/*.ts'] }, store);
      expect(await fs.readFile(mcpFile, 'utf8')).toContain('"fetch"');
      expect(existsSync(steering)).toBe(true);

      const result = await store.restore(checkpoint.id);

      expect(result.conflicts).toEqual([]);
      expect(result.outcome).toBe('restored');
      expect(treeState(workspace)).toEqual(before);
    });

    it('an mcp.json Specwright creates itself (Add MCP Server in a workspace without one) goes away again', async () => {
      const { workspace, store } = workspaceWithStore();
      await write(workspace, { 'README.md': 'hello\n' });
      const checkpoint = await store.create({ task: null, reason: 'manual' });
      await editMcpFile(path.join(workspace, MCP), MCP, (text, shown) => addServerEntry(text, shown, 'docs', { url: 'https://mcp.example.com/mcp' }), { ownWrites: store });

      const result = await store.restore(checkpoint.id);

      expect(result.outcome).toBe('restored');
      expect(existsSync(path.join(workspace, MCP))).toBe(false);
    });

    it('a person’s edit of mcp.json between them still refuses, and Specwright’s edit on top does not make it Specwright’s', async () => {
      const { workspace, store, mcpFile } = await workspaceWithMcp();
      const checkpoint = await store.create({ task: null, reason: 'manual' });
      await editMcpFile(mcpFile, MCP, (text, shown) => setServerDisabled(text, shown, 'docs', true), { ownWrites: store });
      await fs.writeFile(mcpFile, (await fs.readFile(mcpFile, 'utf8')).replace('// my servers', '// my servers, edited by hand'));
      await editMcpFile(mcpFile, MCP, (text, shown) => setServerDisabled(text, shown, 'docs', false), { ownWrites: store });
      await writeSteeringDocument(workspace, { name: 'release', inclusion: 'manual' }, store);

      const result = await store.restore(checkpoint.id);

      expect(result.outcome).toBe('refused');
      expect(result.conflicts.map((c) => c.path)).toEqual([MCP]);
      expect(await fs.readFile(mcpFile, 'utf8')).toContain('edited by hand');
    });

    it('a steering document edited by a person after Specwright wrote it refuses', async () => {
      const { workspace, store } = await workspaceWithMcp();
      const checkpoint = await store.create({ task: null, reason: 'manual' });
      const file = await writeSteeringDocument(workspace, { name: 'release', inclusion: 'manual' }, store);
      await fs.appendFile(file, 'Tag every release.\n');

      expect((await store.restore(checkpoint.id, { dryRun: true })).conflicts.map((c) => c.path)).toEqual(['.kiro/steering/release.md']);
    });

    it('New Steering Document never replaces a file that is there', async () => {
      const { workspace, store } = await workspaceWithMcp();
      await expect(writeSteeringDocument(workspace, { name: 'product', inclusion: 'manual' }, store)).rejects.toThrow(/product\.md exists already/);
      expect(await fs.readFile(path.join(workspace, '.kiro/steering/product.md'), 'utf8')).toContain('# Product');
    });
  });
});
