import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ensureRunStateIgnored, runStateDir } from '../checkpoints';
import { resolveInWorkspace, writeFileAtomic } from '../fs';
import { KnowledgeError } from './errors';
import { INDEX_TYPES, type KnowledgeBase } from './types';

/** `.kiro/.specwright/knowledge/`: git-ignored run state, like the run logs. */
export function knowledgeDir(workspace: string): string {
  return path.join(runStateDir(workspace), 'knowledge');
}

function registryFile(workspace: string): string {
  return path.join(knowledgeDir(workspace), 'bases.json');
}

/** The folder of one base's index (`index.json`) and manifest (`manifest.json`). */
export function baseDir(workspace: string, id: string): string {
  return path.join(knowledgeDir(workspace), id);
}

/** The workspace's knowledge bases, in the order they were added. A missing registry is an empty one. */
export async function readKnowledgeBases(workspace: string): Promise<KnowledgeBase[]> {
  const file = registryFile(workspace);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw damaged(file, 'it is not valid JSON');
  }
  const bases = (parsed as { bases?: unknown })?.bases;
  if (!Array.isArray(bases)) throw damaged(file, 'it has no "bases" list');
  return bases.filter(isBase);
}

/** True when the workspace has at least one knowledge base (cheap: the registry is small). */
export async function hasKnowledgeBases(workspace: string): Promise<boolean> {
  try {
    return (await readKnowledgeBases(workspace)).length > 0;
  } catch {
    return false;
  }
}

/**
 * Changes the registry: reads it afresh, applies `change` and writes it back atomically, so two
 * commands that each add a base keep both (as long as they do not finish in the same instant).
 */
export async function updateKnowledgeBases(workspace: string, change: (bases: KnowledgeBase[]) => KnowledgeBase[]): Promise<KnowledgeBase[]> {
  await ensureRunStateIgnored(workspace);
  await fs.mkdir(knowledgeDir(workspace), { recursive: true });
  const next = change(await readKnowledgeBases(workspace));
  await writeFileAtomic(registryFile(workspace), JSON.stringify({ version: 1, bases: next }, null, 2) + '\n');
  return next;
}

export function newBaseId(name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'kb';
  return `${slug}-${randomBytes(3).toString('hex')}`;
}

/**
 * The base a person or the model means: its exact name or id, else its name in another case. With
 * `agent`, that agent's bases and the workspace's own are candidates; without, only the workspace's
 * own and, when nothing else matches, every agent's.
 */
export function findKnowledgeBase(bases: readonly KnowledgeBase[], wanted: string, options: { agent?: string } = {}): KnowledgeBase {
  const visible = bases.filter((b) => b.agent === undefined || b.agent === options.agent);
  const pools = options.agent === undefined ? [visible, bases] : [visible];
  for (const pool of pools) {
    for (const same of [(b: KnowledgeBase) => b.name === wanted || b.id === wanted, (b: KnowledgeBase) => b.name.toLowerCase() === wanted.toLowerCase()]) {
      const found = pool.filter(same);
      if (found.length === 1) return found[0]!;
      if (found.length > 1) {
        throw new KnowledgeError('ambiguous', `${found.length} knowledge bases are named "${wanted}" (${found.map((b) => `${b.id}${b.agent ? ` of agent ${b.agent}` : ''}`).join(', ')}); name one by its id.`);
      }
    }
  }
  const names = visible.map((b) => `"${b.name}"`).join(', ');
  throw new KnowledgeError('not_found', `No knowledge base "${wanted}"; ${names ? `the knowledge bases are ${names}` : 'there are none yet'}.`, { action: 'add', name: wanted });
}

/** How a base records its source: workspace-relative (`.` for the root) when inside, else absolute. */
export function recordedSource(workspace: string, absolute: string): string {
  const inside = insideRelative(workspace, absolute);
  return inside === null ? absolute : inside || '.';
}

export function sourcePath(workspace: string, base: Pick<KnowledgeBase, 'source'>): string {
  return path.resolve(workspace, base.source);
}

/** A file of a base as people and the model see it: workspace-relative when inside, else absolute. */
export function displayPath(workspace: string, absolute: string): string {
  const inside = insideRelative(workspace, absolute);
  return inside === null ? absolute : inside || '.';
}

/** The path relative to the workspace ('' for the root), symlinks resolved; null when it is outside. */
function insideRelative(workspace: string, absolute: string): string | null {
  try {
    return resolveInWorkspace(workspace, absolute).relative;
  } catch {
    return null;
  }
}

function isBase(value: unknown): value is KnowledgeBase {
  const b = value as Partial<KnowledgeBase> | null;
  return !!b && typeof b.id === 'string' && /^[a-z0-9-]+$/.test(b.id) && typeof b.name === 'string' && typeof b.source === 'string' && INDEX_TYPES.includes(b.indexType as never);
}

function damaged(file: string, why: string): KnowledgeError {
  return new KnowledgeError('damaged', `${file} cannot be read: ${why}. Remove it and add the knowledge bases again (nothing else of yours is in it).`);
}
