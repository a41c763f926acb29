import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSpecwright } from '../../support/workspace';
import { tempWorkspace } from '../tools/toolFixture';

const files = {
  'docs/setup.md': '# Setup\n\n## Database\n\nStart Postgres with docker compose up db, then run the migrations.\n',
  'docs/faq.md': '# FAQ\n\nWhy is the build slow? The cache is cold after a clean.\n',
  'src/db.ts': 'export function connectDatabase(url: string) {\n  return open(url);\n}\n',
};

const cli = (ws: string, ...args: string[]) => runSpecwright(['--workspace', ws, 'knowledge', ...args]);

describe('specwright knowledge', () => {
  it('adds, lists, searches, updates and removes a knowledge base', async () => {
    const ws = tempWorkspace(files).root;
    const added = await cli(ws, 'add', 'docs', '--name', 'handbook', '--index', 'best');
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^Indexed handbook \(best, docs\); 2 files, 2 chunks, 1 KB in \d+(\.\d)? m?s; index \d+ KB\n$/);

    const listed = JSON.parse((await cli(ws, 'list', '--json')).stdout);
    expect(listed.bases).toEqual([expect.objectContaining({ name: 'handbook', path: 'docs', indexType: 'best', files: 2, chunks: 2, include: [], exclude: [], agent: null, problem: null })]);

    const found = await cli(ws, 'search', 'start postgres migrations', '--json');
    expect(found.code).toBe(0);
    const { results } = JSON.parse(found.stdout);
    expect(Object.keys(results[0]).sort()).toEqual(['endLine', 'path', 'score', 'startLine', 'text']);
    expect(results[0]).toMatchObject({ path: 'docs/setup.md', startLine: 1, endLine: 5, text: expect.stringContaining('docker compose up db') });

    writeFileSync(`${ws}/docs/faq.md`, '# FAQ\n\nWhy is the build slow? Turn on the remote cache.\n');
    const updated = JSON.parse((await cli(ws, 'update', 'handbook', '--json')).stdout);
    expect(updated.bases[0]).toMatchObject({ name: 'handbook', added: 0, changed: 1, removed: 0, unchanged: 1 });
    expect(JSON.parse((await cli(ws, 'search', 'remote cache', '--top', '1', '--json')).stdout).results.map((r: { path: string }) => r.path)).toEqual(['docs/faq.md']);

    expect(JSON.parse((await cli(ws, 'remove', 'handbook', '--json')).stdout)).toEqual({ removed: 'handbook' });
    expect(JSON.parse((await cli(ws, 'list', '--json')).stdout)).toEqual({ bases: [] });
  });

  it('takes include and exclude patterns, and shows the files a base holds', async () => {
    const ws = tempWorkspace(files).root;
    await cli(ws, 'add', '.', '--name', 'all', '--include', '*.md', '--include', '*.ts', '--exclude', 'docs/faq.md');
    const shown = JSON.parse((await cli(ws, 'show', 'all', '--json')).stdout);
    expect(shown.files.map((f: { path: string }) => f.path)).toEqual(['docs/setup.md', 'src/db.ts']);
    expect(shown.indexBytes).toBeGreaterThan(0);
    expect((await cli(ws, 'show', 'all')).stdout).toContain('include: *.md, *.ts');
  });

  it('searches one base with --name and prints passages for people', async () => {
    const ws = tempWorkspace(files).root;
    await cli(ws, 'add', 'docs');
    await cli(ws, 'add', 'src', '--name', 'code');
    // fast matches whole words: the identifier, not the words inside it (best splits them).
    const text = (await cli(ws, 'search', 'connectDatabase', '--name', 'code')).stdout;
    expect(text).toBe('src/db.ts:1-3 score ' + /score ([\d.]+)/.exec(text)![1] + ' · code\n  export function connectDatabase(url: string) {\n    return open(url);\n  }\n\n');
    expect((await cli(ws, 'search', 'zebra')).stdout).toBe('Nothing in docs, code matches "zebra".\n');
  });

  it('marks a base whose folder is gone or whose index cannot be read, with the command that fixes it', async () => {
    const ws = tempWorkspace({ ...files, 'notes/todo.md': '# Todo\n\nCall the plumber.\n' }).root;
    await cli(ws, 'add', 'docs');
    await cli(ws, 'add', 'notes');
    await cli(ws, 'add', 'src', '--name', 'code');
    rmSync(path.join(ws, 'notes'), { recursive: true });
    const store = path.join(ws, '.kiro/.specwright/knowledge');
    const codeId = (JSON.parse((await cli(ws, 'list', '--json')).stdout) as { bases: Array<{ name: string; id: string }> }).bases.find((b) => b.name === 'code')!.id;
    for (const file of readdirSync(path.join(store, codeId))) writeFileSync(path.join(store, codeId, file), 'not an index');

    const listed = await cli(ws, 'list');
    expect(listed.code).toBe(0);
    const rows = listed.stdout.split('\n');
    expect(rows.find((r) => r.startsWith('docs'))).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect(rows.find((r) => r.startsWith('notes'))).toMatch(/! folder missing$/);
    expect(rows.find((r) => r.startsWith('code'))).toMatch(/! index unreadable$/);
    expect(listed.stdout).toContain('! The source of knowledge base "notes", notes, no longer exists: restore it and re-index the base, or remove the base. Remove the base with `specwright knowledge remove notes`.\n');
    expect(listed.stdout).toContain('! The index of knowledge base "code" cannot be read (it is not an index Specwright wrote); re-indexing it from src makes a new one. Run `specwright knowledge update code`.\n');

    const json = JSON.parse((await cli(ws, 'list', '--json')).stdout) as { bases: Array<{ name: string; problem: { code: string; message: string } | null }> };
    expect(Object.fromEntries(json.bases.map((b) => [b.name, b.problem?.code ?? null]))).toEqual({ docs: null, notes: 'source_missing', code: 'index_unreadable' });
    const shown = await cli(ws, 'show', 'notes');
    expect(shown.stdout.split('\n')[0]).toBe('! The source of knowledge base "notes", notes, no longer exists: restore it and re-index the base, or remove the base. Remove the base with `specwright knowledge remove notes`.');
    expect(JSON.parse((await cli(ws, 'show', 'notes', '--json')).stdout).base.problem).toMatchObject({ code: 'source_missing' });

    await cli(ws, 'update', 'code');
    expect(JSON.parse((await cli(ws, 'list', '--json')).stdout).bases.find((b: { name: string }) => b.name === 'code').problem).toBeNull();
  });

  it('says what went wrong and what to do next, with exit code 2', async () => {
    const ws = tempWorkspace(files).root;
    await cli(ws, 'add', 'docs');
    expect(await cli(ws, 'add', 'docs')).toMatchObject({ code: 2, stderr: 'specwright: A knowledge base named "docs" already exists (docs). Re-index it with `specwright knowledge update docs`, or choose another --name.\n' });
    expect((await cli(ws, 'add', 'docs', '--index', 'semantic')).stderr).toBe('specwright: --index must be fast or best (got "semantic")\n');
    expect((await cli(ws, 'search', 'x', '--name', 'wiki')).stderr).toContain('No knowledge base "wiki"; the knowledge bases are "docs".');
    expect((await cli(ws, 'search', 'x', '--top', '0')).stderr).toBe('specwright: --top must be a whole number of results, 1 or more (got "0")\n');
    expect((await cli(ws, 'frobnicate')).stderr).toBe('specwright: unknown subcommand "knowledge frobnicate"; use add, list, show, update, remove or search\n');
  });
});
