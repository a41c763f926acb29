import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as core from '../../../src/core/knowledge';
import type { IndexType, KnowledgeBase, KnowledgeHit } from '../../../src/core/knowledge';
import { KnowledgeActions, type KnowledgeUi } from '../../../src/extension/knowledge/knowledgeActions';
import { indexedWhen, knowledgeFix, knowledgeRows, knowledgeSectionRow } from '../../../src/extension/views/knowledgeNodes';
import { tempWorkspace } from '../tools/toolFixture';

const docs = {
  'docs/install.md': '# Install\n\nRun the installer, then restart the terminal.\n\n## Proxy\n\nBehind a proxy, set HTTPS_PROXY before installing.\n',
  'docs/usage.md': '# Usage\n\nCall specwright run with a task number.\n',
};

/** A person at the keyboard, as a script: each question answered from the script, each notice recorded. */
class ScriptedUi implements KnowledgeUi {
  folder: string | undefined;
  name: ((suggested: string, problem: (name: string) => string | null) => string | undefined) = (suggested) => suggested;
  indexType: IndexType | undefined = 'fast';
  confirmAnswer = true;
  query: string | undefined;
  hitIndex = 0;
  /** The button to press on the next error, warning or information notice, if it is offered. */
  press: string | undefined;
  readonly notices: Array<{ level: 'info' | 'warn' | 'error'; message: string; buttons: string[] }> = [];
  readonly confirms: Array<{ message: string; detail: string }> = [];
  readonly progress: string[] = [];
  readonly picks: Array<readonly KnowledgeBase[]> = [];
  readonly opened: Array<{ file: string; startLine: number; endLine: number }> = [];
  pickBaseAnswer: ((bases: readonly KnowledgeBase[]) => KnowledgeBase | undefined) = (bases) => bases[0];
  cancelIndexing = false;

  async pickSource() {
    return this.folder;
  }
  async askName(suggested: string, problem: (name: string) => string | null) {
    return this.name(suggested, problem);
  }
  async pickIndexType() {
    return this.indexType;
  }
  async pickBase(bases: readonly KnowledgeBase[]) {
    this.picks.push(bases);
    return this.pickBaseAnswer(bases);
  }
  async confirm(message: string, detail: string) {
    this.confirms.push({ message, detail });
    return this.confirmAnswer;
  }
  async withProgress<T>(title: string, work: (signal: AbortSignal) => Promise<T>) {
    this.progress.push(title);
    const controller = new AbortController();
    if (this.cancelIndexing) controller.abort();
    return work(controller.signal);
  }
  async askQuery() {
    return this.query;
  }
  async pickHit(hits: readonly KnowledgeHit[]) {
    return hits[this.hitIndex];
  }
  async openAt(file: string, startLine: number, endLine: number) {
    this.opened.push({ file, startLine, endLine });
  }
  info = (message: string, ...buttons: string[]) => this.notice('info', message, buttons);
  warn = (message: string, ...buttons: string[]) => this.notice('warn', message, buttons);
  error = (message: string, ...buttons: string[]) => this.notice('error', message, buttons);

  private async notice(level: 'info' | 'warn' | 'error', message: string, buttons: string[]) {
    this.notices.push({ level, message, buttons });
    const press = this.press && buttons.includes(this.press) ? this.press : undefined;
    if (press) this.press = undefined;
    return press;
  }
}

function setup(files: Record<string, string> = docs, options: { trusted?: boolean } = {}) {
  const ws = tempWorkspace(files);
  const ui = new ScriptedUi();
  let changes = 0;
  const actions = new KnowledgeActions(core, ui, { changed: () => changes++, trusted: () => options.trusted ?? true });
  return { ws, ui, actions, changes: () => changes };
}

const rowsOf = async (actions: KnowledgeActions, root: string, now = new Date()) => knowledgeRows(await actions.states(root), now);

describe('the Knowledge section of the Steering view', () => {
  it('lists each base with its folder, files and chunks, index kind and when it was last indexed', async () => {
    const { ws, ui, actions } = setup();
    ui.folder = ws.file('docs');
    ui.indexType = 'best';
    await actions.add(ws.root);
    const [row] = await rowsOf(actions, ws.root);
    const base = (await core.readKnowledgeBases(ws.root))[0]!;
    expect(row).toMatchObject({ kind: 'knowledge-base', label: 'docs', id: base.id, contextValue: 'knowledgeBase.ok' });
    expect(row!.description).toBe(`2 files, ${base.chunks} chunks · best · indexed ${indexedWhen(base.updatedAt)}`);
    expect(base.chunks).toBeGreaterThan(0);
    expect(row!.tooltip).toContain(`last indexed ${base.updatedAt}`);
    expect(knowledgeSectionRow(await actions.states(ws.root)).description).toBe('1 base');
  });

  it('offers Add Knowledge Base… when there is none', async () => {
    const { ws, actions } = setup();
    expect(await rowsOf(actions, ws.root)).toEqual([expect.objectContaining({ kind: 'knowledge-empty', label: 'Add Knowledge Base…' })]);
    expect(knowledgeSectionRow([]).description).toBe('none yet');
  });

  it('marks a base whose folder is gone, with Remove as its fix, and one whose index cannot be read, with Reindex', async () => {
    const { ws, ui, actions } = setup({ ...docs, 'notes/a.md': '# A\nalpha\n' });
    ui.folder = ws.file('docs');
    await actions.add(ws.root);
    ui.folder = ws.file('notes');
    await actions.add(ws.root);
    renameSync(ws.file('docs'), ws.file('docs-moved'));
    const notes = (await core.readKnowledgeBases(ws.root)).find((b) => b.name === 'notes')!;
    writeFileSync(ws.file(`.kiro/.specwright/knowledge/${notes.id}/index.json`), '{"manifest":{"version":1,"indexType":"fast","nex');

    const rows = await rowsOf(actions, ws.root);
    expect(rows.map((r) => [r.label, r.description, r.kind === 'knowledge-base' ? r.contextValue : ''])).toEqual([
      ['docs', 'folder missing', 'knowledgeBase.sourceMissing'],
      ['notes', 'index unreadable', 'knowledgeBase.indexUnreadable'],
    ]);
    const [docsRow, notesRow] = rows as Array<Extract<(typeof rows)[number], { kind: 'knowledge-base' }>>;
    expect(docsRow!.problem).toMatch(/docs, no longer exists/);
    expect(docsRow!.fix).toEqual({ button: 'Remove "docs"', action: 'remove', name: 'docs' });
    expect(notesRow!.fix).toEqual({ button: 'Reindex "notes"', action: 'reindex', name: 'notes' });
    expect(knowledgeSectionRow(await actions.states(ws.root)).description).toBe('2 bases · 2 problems');

    // The offered fixes fix them: Reindex writes a new index; Remove drops the base whose folder is gone.
    await actions.fix(ws.root, notesRow!.fix!);
    await actions.fix(ws.root, docsRow!.fix!);
    const after = await rowsOf(actions, ws.root);
    expect(after.map((r) => [r.label, r.kind === 'knowledge-base' ? r.contextValue : ''])).toEqual([['notes', 'knowledgeBase.ok']]);
    expect((await core.searchKnowledge(ws.root, { query: 'alpha' })).hits[0]?.path).toBe('notes/a.md');
  });

  it('words each typed remedy as the button that does it', () => {
    expect(knowledgeFix({ action: 'add', name: 'x' })?.button).toBe('Add Knowledge Base…');
    expect(knowledgeFix({ action: 'update', name: 'docs' })).toEqual({ button: 'Reindex "docs"', action: 'reindex', name: 'docs' });
    expect(knowledgeFix({ action: 'remove', name: 'docs' })?.action).toBe('remove');
    expect(knowledgeFix({ action: 'rename' })?.button).toBe('Choose Another Name');
    expect(knowledgeFix({ action: 'allow-outside', source: '/x' })).toBeNull();
    expect(knowledgeFix(undefined)).toBeNull();
  });

  it('says when a base was indexed: the time today, else the day', () => {
    const now = new Date(2026, 11, 4, 16, 30, 0);
    expect(indexedWhen(new Date(2026, 11, 4, 9, 5, 7).toISOString(), now)).toBe('09:05:07');
    expect(indexedWhen(new Date(2026, 10, 28, 9, 5, 7).toISOString(), now)).toBe('2026-11-28');
    expect(indexedWhen('not a date', now)).toBe('never');
  });
});

describe('the Knowledge commands over the core', () => {
  it('Add Knowledge Base… names the base after its folder by default and indexes it with the kind picked, under a progress notice', async () => {
    const { ws, ui, actions, changes } = setup();
    ui.folder = ws.file('docs');
    let suggested = '';
    ui.name = (s) => ((suggested = s), 'Project docs');
    const added = await actions.add(ws.root);
    expect(suggested).toBe('docs');
    expect(added?.base).toMatchObject({ name: 'Project docs', source: 'docs', indexType: 'fast', files: 2 });
    expect(ui.progress).toEqual(['Indexing docs as "Project docs"…']);
    expect(ui.notices[0]).toMatchObject({ level: 'info', message: expect.stringMatching(/^Specwright: indexed docs as "Project docs": 2 files, \d+ chunks \(fast\)/) });
    expect(changes()).toBe(1);
    // Only the knowledge store was written.
    expect(readFileSync(ws.file('docs/usage.md'), 'utf8')).toBe(docs['docs/usage.md']);
  });

  it('Add Knowledge Base… takes a folder outside the workspace, recorded by its absolute path', async () => {
    const { ws, ui, actions } = setup();
    writeFileSync(path.join(ws.outside, 'guide.md'), '# Guide\n\nThe outside guide mentions zeppelins.\n');
    ui.folder = ws.outside;
    const added = await actions.add(ws.root);
    expect(added?.base.source).toBe(ws.outside);
    expect(ui.notices[0]?.message).toContain('It is outside the workspace: Search Knowledge… searches it; the agent does not.');
    expect((await rowsOf(actions, ws.root))[0]!.tooltip).toContain('Outside the workspace');
    expect((await core.searchKnowledge(ws.root, { query: 'zeppelins' })).hits[0]?.path).toBe(path.join(ws.outside, 'guide.md'));
  });

  it('Add Knowledge Base… refuses a name that is taken as it is typed, and ends with nothing changed when a question is dismissed', async () => {
    const { ws, ui, actions } = setup();
    ui.folder = ws.file('docs');
    await actions.add(ws.root);
    let problem: string | null = null;
    ui.name = (_s, check) => ((problem = check('DOCS')), undefined);
    expect(await actions.add(ws.root)).toBeNull();
    expect(problem).toMatch(/named "DOCS" exists already/);
    ui.name = (s) => s;
    ui.indexType = undefined;
    expect(await actions.add(ws.root)).toBeNull();
    expect(await core.readKnowledgeBases(ws.root)).toHaveLength(1);
  });

  it('a failed add names the folder and what to do, and its button does it', async () => {
    const { ws, ui, actions } = setup();
    ui.folder = ws.file('docs');
    await actions.add(ws.root);
    // Another window added the same name in between (after the name was checked): the core refuses,
    // and the error's button reindexes that base.
    writeFileSync(ws.file('docs/new.md'), '# New\n\nQuotas.\n');
    let reads = 0;
    const racing = new KnowledgeActions({ ...core, readKnowledgeBases: async (root: string) => (reads++ === 0 ? [] : core.readKnowledgeBases(root)) }, ui);
    ui.press = 'Reindex "docs"';
    expect(await racing.add(ws.root)).toBeNull();
    const error = ui.notices.find((n) => n.level === 'error');
    expect(error).toMatchObject({ buttons: ['Reindex "docs"'], message: expect.stringMatching(/^Specwright: indexing docs failed\. A knowledge base named "docs" already exists \(docs\)\./) });
    expect(ui.notices.at(-1)?.message).toMatch(/^Specwright: reindexed "docs": 1 added, 0 changed, 0 removed, 2 unchanged/);
    expect(await core.readKnowledgeBases(ws.root)).toHaveLength(1);
  });

  it('a missing folder is an error that names it', async () => {
    const { ws, actions, ui } = setup();
    expect(await actions.add(ws.root, ws.file('nowhere'))).toBeNull();
    expect(ui.notices.at(-1)).toMatchObject({ level: 'error', message: expect.stringContaining(`${ws.file('nowhere')} does not exist`) });
    expect(existsSync(ws.file('.kiro/.specwright/knowledge/bases.json'))).toBe(false);
  });

  it('cancelling the indexing leaves nothing behind', async () => {
    const { ws, ui, actions } = setup();
    ui.folder = ws.file('docs');
    ui.cancelIndexing = true;
    expect(await actions.add(ws.root)).toBeNull();
    expect(ui.notices.at(-1)).toMatchObject({ level: 'info', message: 'Specwright: indexing docs was cancelled; nothing was changed.' });
    expect(await core.readKnowledgeBases(ws.root)).toEqual([]);
  });

  it('Reindex reads only what changed and updates the counts and the time', async () => {
    const { ws, ui, actions } = setup();
    ui.folder = ws.file('docs');
    const added = (await actions.add(ws.root))!;
    writeFileSync(ws.file('docs/usage.md'), '# Usage\n\nCall specwright knowledge search with a question.\n');
    writeFileSync(ws.file('docs/quotas.md'), '# Quotas\n\nEach key has a daily quota.\n');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const row = (await rowsOf(actions, ws.root))[0]!;
    const updated = (await actions.reindex(ws.root, row.kind === 'knowledge-base' ? row.id : undefined))!;
    expect(updated.summary).toMatchObject({ added: 1, changed: 1, removed: 0, unchanged: 1 });
    expect(updated.base.files).toBe(3);
    expect(updated.base.updatedAt > added.base.updatedAt).toBe(true);
    expect(ui.notices.at(-1)?.message).toMatch(/^Specwright: reindexed "docs": 1 added, 1 changed, 0 removed, 1 unchanged; 3 files, \d+ chunks\.$/);
    expect((await rowsOf(actions, ws.root))[0]!.description).toMatch(/^3 files, /);
  });

  it('Reindex from the palette asks which base', async () => {
    const { ws, ui, actions } = setup({ ...docs, 'notes/a.md': '# A\n' });
    ui.folder = ws.file('docs');
    await actions.add(ws.root);
    ui.folder = ws.file('notes');
    await actions.add(ws.root);
    ui.pickBaseAnswer = (bases) => bases.find((b) => b.name === 'notes');
    expect((await actions.reindex(ws.root))?.base.name).toBe('notes');
    expect(ui.picks[0]!.map((b) => b.name)).toEqual(['docs', 'notes']);
  });

  it('in an untrusted workspace, asks before indexing a folder outside it that the store names', async () => {
    const { ws, ui, actions } = setup(docs, { trusted: false });
    writeFileSync(path.join(ws.outside, 'guide.md'), '# Guide\n');
    await core.addKnowledgeBase(ws.root, { path: ws.outside, name: 'shipped' });
    ui.confirmAnswer = false;
    expect(await actions.reindex(ws.root, 'shipped')).toBeNull();
    expect(ui.confirms[0]!.message).toBe(`Index ${ws.outside}, outside this workspace?`);
    ui.confirmAnswer = true;
    expect(await actions.reindex(ws.root, 'shipped')).not.toBeNull();
    // A folder inside the workspace is no question.
    ui.folder = ws.file('docs');
    await actions.add(ws.root);
    await actions.reindex(ws.root, 'docs');
    expect(ui.confirms).toHaveLength(2);
  });

  it('Remove asks first and deletes the index only: the folder and its files stay', async () => {
    const { ws, ui, actions } = setup();
    ui.folder = ws.file('docs');
    const { base } = (await actions.add(ws.root))!;
    ui.confirmAnswer = false;
    expect(await actions.remove(ws.root, base.id)).toBeNull();
    expect(await core.readKnowledgeBases(ws.root)).toHaveLength(1);
    ui.confirmAnswer = true;
    expect((await actions.remove(ws.root, base.id))?.name).toBe('docs');
    expect(ui.confirms.at(-1)).toEqual({ message: 'Remove knowledge base "docs"?', detail: expect.stringContaining('docs and the files in it are not touched') });
    expect(await core.readKnowledgeBases(ws.root)).toEqual([]);
    expect(existsSync(ws.file(`.kiro/.specwright/knowledge/${base.id}`))).toBe(false);
    expect(readFileSync(ws.file('docs/install.md'), 'utf8')).toBe(docs['docs/install.md']);
  });

  it('Search Knowledge… lists the passages and opens the picked one at its lines', async () => {
    const { ws, ui, actions } = setup();
    ui.folder = ws.file('docs');
    await actions.add(ws.root);
    ui.query = 'proxy before installing';
    const hit = await actions.search(ws.root);
    expect(hit).toMatchObject({ path: 'docs/install.md', startLine: 1, endLine: 7 });
    expect(ui.opened).toEqual([{ file: ws.file('docs/install.md'), startLine: 1, endLine: 7 }]);
    ui.query = 'zeppelin';
    expect(await actions.search(ws.root)).toBeNull();
    expect(ui.notices.at(-1)?.message).toBe('Specwright: nothing in "docs" matches "zeppelin".');
  });

  it('Search Knowledge… on a base searches that base alone', async () => {
    const { ws, ui, actions } = setup({ ...docs, 'notes/proxy.md': '# Proxy notes\n\nOur proxy is flaky before installing anything.\n' });
    ui.folder = ws.file('docs');
    await actions.add(ws.root);
    ui.folder = ws.file('notes');
    const { base } = (await actions.add(ws.root))!;
    ui.query = 'proxy before installing';
    let listed: readonly KnowledgeHit[] = [];
    ui.pickHit = async (hits) => ((listed = hits), hits[0]);
    await actions.search(ws.root);
    expect(new Set(listed.map((h) => h.base))).toEqual(new Set(['docs', 'notes']));
    await actions.search(ws.root, base.id);
    expect(listed.map((h) => h.path)).toEqual(['notes/proxy.md']);
  });

  it('Search Knowledge… with no base offers to add one; with an unreadable index, offers to reindex it', async () => {
    const { ws, ui, actions } = setup();
    ui.query = 'proxy';
    expect(await actions.search(ws.root)).toBeNull();
    expect(ui.notices.at(-1)).toMatchObject({ message: 'Specwright: there are no knowledge bases to search yet.', buttons: ['Add Knowledge Base…'] });

    ui.folder = ws.file('docs');
    const { base } = (await actions.add(ws.root))!;
    rmSync(ws.file(`.kiro/.specwright/knowledge/${base.id}/index.json`));
    ui.press = 'Reindex "docs"';
    await actions.search(ws.root);
    await expect.poll(() => existsSync(ws.file(`.kiro/.specwright/knowledge/${base.id}/index.json`))).toBe(true);
    expect(ui.notices.find((n) => n.level === 'warn')?.message).toBe('Specwright: "docs" has no readable index and was not searched.');
  });
});
