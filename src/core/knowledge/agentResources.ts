import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isInsideWorkspace } from '../fs';
import { addKnowledgeBase, reindex, removeKnowledgeBase, type IndexedBase } from './bases';
import { KnowledgeError } from './errors';
import { indexFile } from './manifest';
import { baseDir, readKnowledgeBases, recordedSource } from './store';
import { INDEX_TYPES, type IndexSummary, type IndexType, type KnowledgeBase } from './types';

/**
 * A Kiro agent's `resources` entry of type `knowledgeBase`, as found in `.kiro/agents/*.json`:
 * `{"type": "knowledgeBase", "source": "file://./docs", "name": "Docs", "description": "…",
 * "indexType": "best", "autoUpdate": true, "include": ["**\/*.md"], "exclude": […]}`.
 */
export interface KnowledgeBaseResource {
  name: string;
  /** The source as written (`file://./src`, `file://~/notes`, `file:///abs`, or a plain path). */
  source: string;
  /** Where it points, absolute. */
  path: string;
  description?: string;
  indexType: IndexType;
  /** Re-index on every use (Kiro: when the agent starts); otherwise only when never indexed. */
  autoUpdate: boolean;
  include: string[];
  exclude: string[];
}

export interface ResourceContext {
  workspace: string;
  /** For `~` in sources; default the user's home. */
  home?: string;
  /** The agent file, to name in errors (e.g. `.kiro/agents/ada.json`). */
  file?: string;
  /** The entry's position in `resources`, to name in errors. */
  index?: number;
}

/** True for an entry of a Kiro agent's `resources` that declares a knowledge base. */
export function isKnowledgeBaseResource(entry: unknown): boolean {
  return !!entry && typeof entry === 'object' && String((entry as { type?: unknown }).type).toLowerCase() === 'knowledgebase';
}

/** Reads a `knowledgeBase` resource entry liberally (index type in any case, one pattern or a list); throws naming the file and field. */
export function parseKnowledgeBaseResource(entry: unknown, context: ResourceContext): KnowledgeBaseResource {
  const where = `${context.file ?? 'agent'}: resources${context.index !== undefined ? `[${context.index}]` : ''}`;
  const fail = (field: string, problem: string) => new KnowledgeError('bad_resource', `${where}.${field} ${problem}`);
  if (!isKnowledgeBaseResource(entry)) throw new KnowledgeError('bad_resource', `${where} is not a knowledgeBase resource.`);
  const raw = entry as Record<string, unknown>;
  if (typeof raw.name !== 'string' || !raw.name.trim()) throw fail('name', 'must be a non-empty string: the knowledge base needs a name.');
  if (typeof raw.source !== 'string' || !raw.source.trim()) throw fail('source', 'must be a path such as "file://./docs".');
  const indexType = raw.indexType === undefined ? 'fast' : String(raw.indexType).toLowerCase();
  if (!INDEX_TYPES.includes(indexType as IndexType)) throw fail('indexType', `must be "fast" or "best" (got ${JSON.stringify(raw.indexType)}).`);
  if (raw.autoUpdate !== undefined && typeof raw.autoUpdate !== 'boolean') throw fail('autoUpdate', `must be true or false (got ${JSON.stringify(raw.autoUpdate)}).`);
  const patterns = (field: 'include' | 'exclude'): string[] => {
    const value = raw[field];
    if (value === undefined) return [];
    if (typeof value === 'string') return [value];
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
    throw fail(field, 'must be a glob pattern or a list of them.');
  };
  return {
    name: raw.name.trim(),
    source: raw.source,
    path: resolveSource(raw.source.trim(), context, (problem) => fail('source', problem)),
    ...(typeof raw.description === 'string' ? { description: raw.description } : {}),
    indexType: indexType as IndexType,
    autoUpdate: raw.autoUpdate === true,
    include: patterns('include'),
    exclude: patterns('exclude'),
  };
}

function resolveSource(source: string, context: ResourceContext, fail: (problem: string) => Error): string {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(source)?.[1];
  if (scheme && scheme.toLowerCase() !== 'file') throw fail(`uses ${scheme}://; only file:// sources (a folder or file on this machine) can be indexed.`);
  const target = scheme ? source.slice('file://'.length) : source;
  if (!target) throw fail('names no path after file://.');
  const home = context.home ?? os.homedir();
  const expanded = target === '~' || target.startsWith('~/') ? path.join(home, target.slice(1)) : target;
  return path.resolve(context.workspace, expanded);
}

export interface AgentKnowledgeOptions extends Omit<ResourceContext, 'workspace'> {
  /** The agent the base belongs to: only its knowledge tool searches it. */
  agent: string;
  /**
   * A source outside the workspace is indexed only when the user confirmed it outside the
   * repository (an agent file that came with a repository must not make the agent read ~/.ssh).
   */
  allowOutsideWorkspace?: boolean;
  signal?: AbortSignal;
}

export interface AgentKnowledgeBase {
  base: KnowledgeBase;
  /** What indexing did; null when the existing index was used as it is (autoUpdate off). */
  summary: IndexSummary | null;
}

/**
 * Makes sure an agent's knowledge base is indexed, the same way `knowledge add` indexes: created
 * on first use; with autoUpdate, brought up to date (incrementally) on every call; re-created when
 * the entry's source, patterns or index type changed.
 */
export async function indexAgentKnowledgeBase(workspace: string, entry: unknown, options: AgentKnowledgeOptions): Promise<AgentKnowledgeBase> {
  const resource = parseKnowledgeBaseResource(entry, { ...options, workspace });
  if (!options.allowOutsideWorkspace && !isInsideWorkspace(workspace, resource.path)) {
    throw new KnowledgeError(
      'outside_workspace',
      `${options.file ?? `agent ${options.agent}`}: knowledge base "${resource.name}" points outside the workspace (${resource.path}); it is indexed only once you allow it outside the repository.`,
      { action: 'allow-outside', source: resource.path },
    );
  }
  const existing = (await readKnowledgeBases(workspace)).find((b) => b.agent === options.agent && b.name.toLowerCase() === resource.name.toLowerCase());
  const signal = options.signal ? { signal: options.signal } : {};
  if (existing && sameDefinition(existing, resource, workspace)) {
    const indexed = await fs.stat(indexFile(baseDir(workspace, existing.id))).then(() => true, () => false);
    if (indexed && !resource.autoUpdate) return { base: existing, summary: null };
    const outcome: IndexedBase = await reindex(workspace, existing, signal);
    return { base: outcome.base, summary: outcome.summary };
  }
  if (existing) await removeKnowledgeBase(workspace, existing.id, { agent: options.agent });
  const outcome = await addKnowledgeBase(
    workspace,
    {
      path: resource.path,
      name: resource.name,
      include: resource.include,
      exclude: resource.exclude,
      indexType: resource.indexType,
      agent: options.agent,
      autoUpdate: resource.autoUpdate,
      ...(resource.description !== undefined ? { description: resource.description } : {}),
    },
    signal,
  );
  return { base: outcome.base, summary: outcome.summary };
}

function sameDefinition(base: KnowledgeBase, resource: KnowledgeBaseResource, workspace: string): boolean {
  return (
    base.source === recordedSource(workspace, resource.path) &&
    base.indexType === resource.indexType &&
    JSON.stringify(base.include) === JSON.stringify(resource.include) &&
    JSON.stringify(base.exclude) === JSON.stringify(resource.exclude)
  );
}
