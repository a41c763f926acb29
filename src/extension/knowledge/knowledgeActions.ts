import * as path from 'node:path';
import type { IndexedBase, IndexType, KnowledgeBase, KnowledgeHit } from '../../core/knowledge';
import type { HostRuntime } from '../runtime/load';
import { isAbsoluteSource, knowledgeFix, type KnowledgeBaseState, type KnowledgeFix } from '../views/knowledgeNodes';

/** The part of the core these actions use (the host runtime's, or the core itself in tests). */
export type KnowledgeCore = Pick<
  HostRuntime,
  'addKnowledgeBase' | 'updateKnowledgeBase' | 'removeKnowledgeBase' | 'readKnowledgeBases' | 'searchKnowledge' | 'knowledgeBaseProblem' | 'KnowledgeError'
>;

/**
 * What the actions ask of the person and show them: VS Code's pickers, dialogs and notifications in
 * the extension (knowledgeCommands.ts), scripted answers in tests. Every question may be dismissed
 * (undefined), which ends the action with nothing changed.
 */
export interface KnowledgeUi {
  /** A folder to index, absolute: inside the workspace or anywhere else. */
  pickSource(workspace: string): Promise<string | undefined>;
  /** A name for the base; `problem` says what is wrong with one as it is typed. */
  askName(suggested: string, problem: (name: string) => string | null): Promise<string | undefined>;
  pickIndexType(name: string): Promise<IndexType | undefined>;
  pickBase(bases: readonly KnowledgeBase[], title: string): Promise<KnowledgeBase | undefined>;
  /** A modal question; true only when the person chose `button`. */
  confirm(message: string, detail: string, button: string): Promise<boolean>;
  /** Runs `work` under a cancellable progress notification; the signal aborts when it is cancelled. */
  withProgress<T>(title: string, work: (signal: AbortSignal) => Promise<T>): Promise<T>;
  askQuery(): Promise<string | undefined>;
  pickHit(hits: readonly KnowledgeHit[], title: string): Promise<KnowledgeHit | undefined>;
  /** Opens a file (absolute) with lines `startLine`…`endLine` (1-based) selected. */
  openAt(file: string, startLine: number, endLine: number): Promise<void>;
  info(message: string, ...buttons: string[]): Promise<string | undefined>;
  warn(message: string, ...buttons: string[]): Promise<string | undefined>;
  error(message: string, ...buttons: string[]): Promise<string | undefined>;
}

/** What each index kind is, for the picker. */
export const INDEX_TYPE_DETAIL: Record<IndexType, string> = {
  fast: 'BM25 over windows of lines: quick to build, good for prose',
  best: 'BM25 over sections and code symbols, headings and names weigh more: better for code and long documents',
};

const plural = (n: number, noun: string) => `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const SEARCH = 'Search Knowledge…';

/** A view row, a command argument or a remedy: which base, by id or name. */
export function baseRefOf(arg: unknown): string | undefined {
  const r = arg as { id?: unknown; name?: unknown; kind?: unknown } | undefined;
  if (r?.kind === 'knowledge-base' && typeof r.id === 'string') return r.id;
  return typeof r?.name === 'string' ? r.name : typeof arg === 'string' && arg ? arg : undefined;
}

/**
 * The Knowledge section's commands over the core: add a folder, re-index, remove, search. The core
 * writes only under .kiro/.specwright/knowledge and reads the indexed folder, so all of them work in
 * an untrusted workspace too. Failures name the base or folder and offer the remedy as a button.
 */
export class KnowledgeActions {
  constructor(
    private readonly core: KnowledgeCore,
    private readonly ui: KnowledgeUi,
    private readonly host: {
      /** The knowledge store changed (the view also follows the store's folder; this is sooner). */
      changed?: () => void;
      /** Whether the person trusts the workspace (VS Code's workspace trust); default yes. */
      trusted?: () => boolean;
    } = {},
  ) {}

  private changed(): void {
    this.host.changed?.();
  }

  /** Every base with its problem, in the order they were added. */
  async states(workspace: string): Promise<KnowledgeBaseState[]> {
    const bases = await this.core.readKnowledgeBases(workspace);
    return Promise.all(bases.map(async (base) => ({ base, problem: await this.core.knowledgeBaseProblem(workspace, base) })));
  }

  /** Add Knowledge Base…: a folder, a name (the folder's by default), an index kind, then indexing. */
  async add(workspace: string, source?: string): Promise<IndexedBase | null> {
    const folder = source ?? (await this.ui.pickSource(workspace));
    if (!folder) return null;
    const taken = new Set((await this.core.readKnowledgeBases(workspace).catch(() => [])).filter((b) => b.agent === undefined).map((b) => b.name.toLowerCase()));
    const name = await this.ui.askName(path.basename(folder), (value) => {
      const trimmed = value.trim();
      if (!trimmed) return 'Give the knowledge base a short name.';
      if (taken.has(trimmed.toLowerCase())) return `A knowledge base named "${trimmed}" exists already: choose another name, or Reindex that one.`;
      return null;
    });
    if (name === undefined) return null;
    const indexType = await this.ui.pickIndexType(name.trim());
    if (!indexType) return null;
    try {
      const added = await this.ui.withProgress(`Indexing ${shown(workspace, folder)} as "${name.trim()}"…`, (signal) =>
        this.core.addKnowledgeBase(workspace, { path: folder, name: name.trim(), indexType }, { signal }),
      );
      this.changed();
      const { base, summary } = added;
      const outside = isAbsoluteSource(base.source) ? ' It is outside the workspace: Search Knowledge… searches it; the agent does not.' : '';
      void this.ui.info(`Specwright: indexed ${base.source} as "${base.name}": ${plural(base.files, 'file')}, ${plural(base.chunks, 'chunk')} (${base.indexType}) in ${seconds(summary.durationMs)}.${outside}`, SEARCH).then((choice) => {
        if (choice === SEARCH) void this.search(workspace);
      });
      return added;
    } catch (error) {
      await this.failed(workspace, `indexing ${shown(workspace, folder)}`, error, { retryFolder: folder });
      return null;
    }
  }

  /** Reindex: only the files changed since the last index are read (the core's update). */
  async reindex(workspace: string, ref?: string): Promise<IndexedBase | null> {
    const base = await this.chosen(workspace, ref, 'Reindex Knowledge Base');
    if (!base) return null;
    // A base is recorded with an absolute source only when it is outside the workspace. An untrusted
    // repository could ship a store naming such a folder: its text would land where the agent reads.
    if (isAbsoluteSource(base.source) && !(this.host.trusted?.() ?? true)) {
      const sure = await this.ui.confirm(
        `Index ${base.source}, outside this workspace?`,
        `This workspace is not trusted, and its knowledge base "${base.name}" names a folder outside it: indexing copies that folder's text into .kiro/.specwright/knowledge, where the agent searches. Reindex only if you added this knowledge base yourself.`,
        'Reindex',
      );
      if (!sure) return null;
    }
    try {
      const updated = await this.ui.withProgress(`Reindexing "${base.name}"…`, (signal) => this.core.updateKnowledgeBase(workspace, base.id, { signal }));
      this.changed();
      const { summary } = updated;
      void this.ui.info(
        `Specwright: reindexed "${base.name}": ${summary.added} added, ${summary.changed} changed, ${summary.removed} removed, ${summary.unchanged} unchanged; ${plural(summary.files, 'file')}, ${plural(summary.chunks, 'chunk')}.`,
      );
      return updated;
    } catch (error) {
      await this.failed(workspace, `reindexing "${base.name}"`, error);
      return null;
    }
  }

  /** Remove: after a modal question, the base and its index go; the folder and its files stay. */
  async remove(workspace: string, ref?: string): Promise<KnowledgeBase | null> {
    const base = await this.chosen(workspace, ref, 'Remove Knowledge Base');
    if (!base) return null;
    const sure = await this.ui.confirm(
      `Remove knowledge base "${base.name}"?`,
      `Its index in .kiro/.specwright/knowledge is deleted and the agent no longer searches it. ${base.source} and the files in it are not touched.`,
      'Remove',
    );
    if (!sure) return null;
    try {
      const removed = await this.core.removeKnowledgeBase(workspace, base.id);
      this.changed();
      return removed;
    } catch (error) {
      await this.failed(workspace, `removing "${base.name}"`, error);
      return null;
    }
  }

  /**
   * Search Knowledge…: a query, the best passages of every base (or of the one it was asked on), and
   * the picked one opened at its lines.
   */
  async search(workspace: string, ref?: string): Promise<KnowledgeHit | null> {
    const query = await this.ui.askQuery();
    if (!query?.trim()) return null;
    let outcome;
    try {
      outcome = await this.core.searchKnowledge(workspace, { query: query.trim(), top: 20, ...(ref !== undefined ? { name: ref } : {}) });
    } catch (error) {
      await this.failed(workspace, `searching for "${query.trim()}"`, error);
      return null;
    }
    if (!outcome.searched.length) {
      const add = knowledgeFix({ action: 'add' })!;
      if ((await this.ui.info('Specwright: there are no knowledge bases to search yet.', add.button)) === add.button) await this.add(workspace);
      return null;
    }
    if (outcome.unindexed.length) {
      const first = outcome.unindexed[0]!;
      const fix = knowledgeFix({ action: 'update', name: first.name })!;
      void this.ui
        .warn(`Specwright: ${outcome.unindexed.map((b) => `"${b.name}"`).join(', ')} ${outcome.unindexed.length === 1 ? 'has' : 'have'} no readable index and ${outcome.unindexed.length === 1 ? 'was' : 'were'} not searched.`, fix.button)
        .then((choice) => (choice === fix.button ? this.reindex(workspace, first.id) : null));
    }
    if (!outcome.hits.length) {
      void this.ui.info(`Specwright: nothing in ${outcome.searched.map((b) => `"${b.name}"`).join(', ')} matches "${query.trim()}".`);
      return null;
    }
    const hit = await this.ui.pickHit(outcome.hits, `${plural(outcome.hits.length, 'passage')} for "${query.trim()}"`);
    if (!hit) return null;
    await this.ui.openAt(path.resolve(workspace, hit.path), hit.startLine, hit.endLine);
    return hit;
  }

  /** Carries out a remedy's button. */
  async fix(workspace: string, fix: KnowledgeFix, context: { retryFolder?: string } = {}): Promise<void> {
    switch (fix.action) {
      case 'add':
        await this.add(workspace);
        return;
      case 'rename':
        await this.add(workspace, context.retryFolder);
        return;
      case 'reindex':
        await this.reindex(workspace, fix.name);
        return;
      case 'remove':
        await this.remove(workspace, fix.name);
        return;
    }
  }

  private async chosen(workspace: string, ref: string | undefined, title: string): Promise<KnowledgeBase | undefined> {
    let bases: KnowledgeBase[];
    try {
      bases = await this.core.readKnowledgeBases(workspace);
    } catch (error) {
      await this.failed(workspace, 'reading the knowledge bases', error);
      return undefined;
    }
    if (ref !== undefined) {
      const found = bases.find((b) => b.id === ref) ?? bases.find((b) => b.name === ref) ?? bases.find((b) => b.name.toLowerCase() === ref.toLowerCase());
      if (!found) void this.ui.error(`Specwright: there is no knowledge base "${ref}" (any more).`);
      return found;
    }
    if (!bases.length) {
      const add = knowledgeFix({ action: 'add' })!;
      if ((await this.ui.info('Specwright: there are no knowledge bases yet.', add.button)) === add.button) await this.add(workspace);
      return undefined;
    }
    return this.ui.pickBase(bases, title);
  }

  /** Says what failed in the core's words, with its remedy as a button that does it. */
  private async failed(workspace: string, what: string, error: unknown, context: { retryFolder?: string } = {}): Promise<void> {
    if ((error as { name?: unknown } | null)?.name === 'AbortError') {
      void this.ui.info(`Specwright: ${what} was cancelled; nothing was changed.`);
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    const fix = error instanceof this.core.KnowledgeError ? knowledgeFix(error.remedy) : null;
    const choice = await this.ui.error(`Specwright: ${what} failed. ${message}`, ...(fix ? [fix.button] : []));
    if (fix && choice === fix.button) await this.fix(workspace, fix, context);
  }
}

/** A folder as the messages name it: workspace-relative inside the workspace, else absolute. */
function shown(workspace: string, folder: string): string {
  const relative = path.relative(workspace, path.resolve(workspace, folder));
  return !relative ? 'the workspace' : relative.startsWith('..') || path.isAbsolute(relative) ? folder : relative.split(path.sep).join('/');
}
