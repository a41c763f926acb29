import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addKnowledgeBase, KnowledgeError, knowledgeBaseProblem, readKnowledgeBases, removeKnowledgeBase, searchKnowledge, showKnowledgeBase, updateKnowledgeBase } from '../../../src/core/knowledge';
import { pngImage } from '../../support/images';
import { tempWorkspace } from '../tools/toolFixture';

const docs = {
  'docs/install.md': '# Install\n\nRun the installer, then restart the terminal.\n\n## Proxy\n\nBehind a proxy, set HTTPS_PROXY before installing.\n',
  'docs/usage.md': '# Usage\n\nCall specwright run with a task number.\n',
  'src/retry.ts': '/** Backoff for rate limits. */\nexport function backoffDelay(attempt: number): number {\n  return Math.min(30_000, 500 * 2 ** attempt);\n}\n',
};

describe('knowledge bases', () => {
  it('index a folder and find passages with their path, line range, score and text', async () => {
    const ws = tempWorkspace(docs);
    const added = await addKnowledgeBase(ws.root, { path: 'docs' });
    expect(added.base).toMatchObject({ name: 'docs', source: 'docs', indexType: 'fast', files: 2 });
    expect(added.summary).toMatchObject({ added: 2, changed: 0, removed: 0 });
    const { hits } = await searchKnowledge(ws.root, { query: 'proxy before installing' });
    expect(hits[0]).toMatchObject({ base: 'docs', path: 'docs/install.md', startLine: 1, endLine: 7, stale: false });
    expect(hits[0]!.text).toContain('set HTTPS_PROXY before installing.');
    expect(hits[0]!.score).toBeGreaterThan(0);
    expect(hits.every((h) => h.path.startsWith('docs/'))).toBe(true);
  });

  it('store their state under .kiro/.specwright/knowledge, which git ignores', async () => {
    const ws = tempWorkspace(docs);
    const { base } = await addKnowledgeBase(ws.root, { path: 'docs', name: 'Docs' });
    expect(readdirSync(ws.file('.kiro/.specwright/knowledge')).sort()).toEqual(['bases.json', base.id]);
    expect(existsSync(ws.file(`.kiro/.specwright/knowledge/${base.id}/index.json`))).toBe(true);
    expect(existsSync(ws.file('.kiro/.specwright/.gitignore'))).toBe(true);
  });

  it('respect .gitignore, include and exclude patterns, and never index secrets, binaries or their own state', async () => {
    const ws = tempWorkspace({
      ...docs,
      '.gitignore': 'build/\n*.generated.md\n',
      'build/out.md': '# Built\nproxy\n',
      'docs/api.generated.md': '# Generated\nproxy\n',
      'docs/drafts/old.md': '# Old\nproxy\n',
      '.env': 'PROXY_PASSWORD=hunter2\n',
      'config/secrets.yaml': 'proxy_password: hunter2\n',
      'credentials.json': '{"proxy": "token"}\n',
      'node_modules/pkg/README.md': '# Pkg\nproxy\n',
      'notes.txt': 'proxy notes\n',
      'data.json': '{"proxy": true}\n',
    });
    writeFileSync(ws.file('docs/logo.png'), pngImage(2, 2));
    writeFileSync(ws.file('docs/blob.txt'), Buffer.from([0x70, 0x72, 0x6f, 0x78, 0x79, 0, 1, 2]));
    await addKnowledgeBase(ws.root, { path: 'docs', name: 'seed' });
    const all = await addKnowledgeBase(ws.root, { path: '.', name: 'all', exclude: ['drafts/**', 'docs/drafts/**'], include: ['*.md', '*.txt', '*.json', '*.yaml', '.env*'] });
    const files = (await showKnowledgeBase(ws.root, 'all')).files.map((f) => f.path);
    expect(files).toEqual(['data.json', 'docs/install.md', 'docs/usage.md', 'notes.txt']);
    expect(all.summary.skipped).toEqual({ tooLarge: 0, binary: 1, secret: 2 });
  });

  it('re-index only the files that changed, and drop the ones that are gone', async () => {
    const ws = tempWorkspace(docs);
    await addKnowledgeBase(ws.root, { path: '.', name: 'ws' });
    writeFileSync(ws.file('docs/usage.md'), '# Usage\n\nCall specwright knowledge search with a question.\n');
    rmSync(ws.file('src/retry.ts'));
    // Touched, same content: read and hashed, not indexed again.
    const later = new Date(Date.now() + 5_000);
    utimesSync(ws.file('docs/install.md'), later, later);
    writeFileSync(ws.file('docs/new.md'), '# New\n\nA page about quotas.\n');
    const { summary } = await updateKnowledgeBase(ws.root, 'ws');
    expect(summary).toMatchObject({ added: 1, changed: 1, removed: 1, unchanged: 1, files: 3 });
    expect((await searchKnowledge(ws.root, { query: 'backoff rate limits' })).hits).toEqual([]);
    expect((await searchKnowledge(ws.root, { query: 'knowledge search question' })).hits[0]).toMatchObject({ path: 'docs/usage.md', startLine: 1, endLine: 3 });
    expect((await searchKnowledge(ws.root, { query: 'quotas' })).hits[0]?.path).toBe('docs/new.md');
    const again = await updateKnowledgeBase(ws.root, 'ws');
    expect(again.summary).toMatchObject({ added: 0, changed: 0, removed: 0, unchanged: 3, indexedBytes: 0 });
  });

  it('say when a file changed since it was indexed, and show its lines as they are now', async () => {
    const ws = tempWorkspace(docs);
    await addKnowledgeBase(ws.root, { path: 'docs' });
    writeFileSync(ws.file('docs/usage.md'), '# Usage, rewritten\n\nCall specwright run with a task number.\n');
    const hit = (await searchKnowledge(ws.root, { query: 'task number' })).hits[0]!;
    expect(hit).toMatchObject({ path: 'docs/usage.md', stale: true });
    expect(hit.text.split('\n')[0]).toBe('# Usage, rewritten');
  });

  it('rank a heading or a symbol that names the query above a passing mention, in best', async () => {
    const ws = tempWorkspace({
      'a/mentions.ts': 'export function unrelated() {\n  // callers wrap the ledger total in a retry\n  return ledgerTotal();\n}\n',
      'a/ledger.ts': 'export class Ledger {\n  total(): number {\n    return this.rows.reduce((a, b) => a + b, 0);\n  }\n}\n',
      'a/guide.md': '# Guide\n\n## Ledger\n\nThe ledger keeps one row per model call.\n\n## Other\n\nNothing.\n',
    });
    await addKnowledgeBase(ws.root, { path: 'a', indexType: 'best' });
    const paths = (await searchKnowledge(ws.root, { query: 'ledger', top: 3 })).hits.map((h) => h.path);
    expect(paths.indexOf('a/mentions.ts')).toBe(2);
    // The words of an identifier find it: `total` is a method of Ledger, named in the chunk's symbols.
    expect((await searchKnowledge(ws.root, { query: 'ledger total' })).hits[0]?.path).toBe('a/ledger.ts');
    expect((await searchKnowledge(ws.root, { query: 'unrelated' })).hits.map((h) => h.path)).toEqual(['a/mentions.ts']);
  });

  it('search one base by name, or every base, best scores first', async () => {
    const ws = tempWorkspace(docs);
    await addKnowledgeBase(ws.root, { path: 'docs' });
    await addKnowledgeBase(ws.root, { path: 'src', name: 'code' });
    expect((await searchKnowledge(ws.root, { query: 'backoff', name: 'docs' })).hits).toEqual([]);
    expect((await searchKnowledge(ws.root, { query: 'backoff', name: 'CODE' })).hits[0]?.path).toBe('src/retry.ts');
    const both = await searchKnowledge(ws.root, { query: 'installer backoff' });
    expect(both.searched.map((b) => b.name)).toEqual(['docs', 'code']);
    expect(both.hits.map((h) => h.score)).toEqual([...both.hits.map((h) => h.score)].sort((a, b) => b - a));
  });

  it('index a folder outside the workspace with its own .gitignore, and name its files by absolute path', async () => {
    const ws = tempWorkspace();
    mkdirSync(path.join(ws.outside, 'handbook'));
    writeFileSync(path.join(ws.outside, 'handbook/.gitignore'), 'private.md\n');
    writeFileSync(path.join(ws.outside, 'handbook/onboarding.md'), '# Onboarding\n\nAsk for a laptop.\n');
    writeFileSync(path.join(ws.outside, 'handbook/private.md'), '# Private\n\nAsk for a laptop.\n');
    const { base } = await addKnowledgeBase(ws.root, { path: path.join(ws.outside, 'handbook') });
    expect(base.source).toBe(path.join(ws.outside, 'handbook'));
    expect((await searchKnowledge(ws.root, { query: 'laptop' })).hits.map((h) => h.path)).toEqual([path.join(ws.outside, 'handbook/onboarding.md')]);
  });

  it('refuse a second base of the same name, a missing source, and an unknown name, saying what to do', async () => {
    const ws = tempWorkspace(docs);
    await addKnowledgeBase(ws.root, { path: 'docs' });
    await expect(addKnowledgeBase(ws.root, { path: 'src', name: 'Docs' })).rejects.toMatchObject({ code: 'exists', remedy: { action: 'update', name: 'docs' } });
    await expect(addKnowledgeBase(ws.root, { path: 'nope' })).rejects.toThrow(/^nope does not exist/);
    const error = await searchKnowledge(ws.root, { query: 'x', name: 'manual' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KnowledgeError);
    expect((error as Error).message).toBe('No knowledge base "manual"; the knowledge bases are "docs".');
    expect(error).toMatchObject({ remedy: { action: 'add', name: 'manual' } });
  });

  it('remove a base with its index, leaving the others', async () => {
    const ws = tempWorkspace(docs);
    const first = await addKnowledgeBase(ws.root, { path: 'docs' });
    await addKnowledgeBase(ws.root, { path: 'src' });
    await removeKnowledgeBase(ws.root, 'docs');
    expect((await readKnowledgeBases(ws.root)).map((b) => b.name)).toEqual(['src']);
    expect(existsSync(ws.file(`.kiro/.specwright/knowledge/${first.base.id}`))).toBe(false);
  });

  it('index a single file', async () => {
    const ws = tempWorkspace(docs);
    await addKnowledgeBase(ws.root, { path: 'docs/install.md', name: 'install' });
    const hit = (await searchKnowledge(ws.root, { query: 'restart terminal' })).hits[0];
    expect(hit).toMatchObject({ path: 'docs/install.md', startLine: 1 });
  });
});

describe('a knowledge base index that was tampered with', () => {
  it('never makes a search read a file outside the base', async () => {
    const ws = tempWorkspace({ 'docs/a.md': '# A\n\nThe launch codes are kept elsewhere.\n' });
    writeFileSync(path.join(ws.outside, 'codes.md'), 'launch codes: 0000\n');
    const { base } = await addKnowledgeBase(ws.root, { path: 'docs' });
    const file = ws.file(`.kiro/.specwright/knowledge/${base.id}/index.json`);
    writeFileSync(file, readFileSync(file, 'utf8').replaceAll('"a.md"', '"../../outside/codes.md"'));
    const { hits } = await searchKnowledge(ws.root, { query: 'launch codes' });
    expect(hits).toEqual([]);
  });

  it('say what is wrong with a base: its source gone (remove it) or its index missing or damaged (re-index it)', async () => {
    const ws = tempWorkspace(docs);
    const { base } = await addKnowledgeBase(ws.root, { path: 'docs' });
    expect(await knowledgeBaseProblem(ws.root, base)).toBeNull();
    const index = ws.file(`.kiro/.specwright/knowledge/${base.id}/index.json`);
    const whole = readFileSync(index, 'utf8');
    writeFileSync(index, whole.slice(0, whole.length - 10));
    expect(await knowledgeBaseProblem(ws.root, base)).toMatchObject({ code: 'index_unreadable', remedy: { action: 'update', name: 'docs' }, message: expect.stringContaining('cannot be read') });
    writeFileSync(index, whole.replace('"indexType":"fast"', '"indexType":"best"'));
    expect((await knowledgeBaseProblem(ws.root, base))?.code).toBe('index_unreadable');
    rmSync(index);
    expect(await knowledgeBaseProblem(ws.root, base)).toMatchObject({ code: 'index_unreadable', message: expect.stringContaining('is missing') });
    await updateKnowledgeBase(ws.root, 'docs');
    expect(await knowledgeBaseProblem(ws.root, base)).toBeNull();
    rmSync(ws.file('docs'), { recursive: true });
    expect(await knowledgeBaseProblem(ws.root, base)).toMatchObject({ code: 'source_missing', remedy: { action: 'remove', name: 'docs' }, message: expect.stringContaining('docs, no longer exists') });
  });
});
