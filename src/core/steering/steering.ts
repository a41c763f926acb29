import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { globMatches } from '../fs';

export type SteeringInclusion = 'always' | 'fileMatch' | 'manual' | 'auto';

export interface SteeringDoc {
  /** Where it came from, relative to the workspace for workspace files (`.kiro/steering/x.md`, `AGENTS.md`). */
  source: string;
  scope: 'workspace' | 'user';
  title: string;
  inclusion: SteeringInclusion;
  /** Globs for `fileMatch` inclusion. */
  fileMatchPatterns: string[];
  description?: string;
  /** The body without its front matter. */
  body: string;
}

export interface SteeringLoadResult {
  docs: SteeringDoc[];
  /** Problems that did not stop loading: each names the file. */
  warnings: string[];
}

const ROOT_INSTRUCTION_FILES = ['AGENTS.md', 'CLAUDE.md'];
const FRONT_MATTER = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/**
 * Reads steering the way Kiro users have it: `.kiro/steering/*.md` in the workspace and in the
 * user's home, plus `AGENTS.md` / `CLAUDE.md` at the workspace root (always included). Workspace
 * files win over user files of the same name.
 */
export async function loadSteering(workspace: string, options: { home?: string } = {}): Promise<SteeringLoadResult> {
  const warnings: string[] = [];
  const home = options.home ?? os.homedir();
  const workspaceDocs = await readSteeringFolder(path.join(workspace, '.kiro', 'steering'), workspace, 'workspace', warnings);
  const userDocs = home && path.resolve(home) !== path.resolve(workspace)
    ? await readSteeringFolder(path.join(home, '.kiro', 'steering'), path.join(home, '.kiro'), 'user', warnings)
    : [];
  const shadowed = new Set(workspaceDocs.map((d) => path.basename(d.source)));
  const docs = [...userDocs.filter((d) => !shadowed.has(path.basename(d.source))), ...workspaceDocs];
  for (const name of ROOT_INSTRUCTION_FILES) {
    const text = await readText(path.join(workspace, name));
    if (text !== null) docs.push({ source: name, scope: 'workspace', title: name, inclusion: 'always', fileMatchPatterns: [], body: text });
  }
  return { docs, warnings };
}

/** The steering that belongs in an agent's context for a task touching `paths`. */
export function steeringForContext(docs: SteeringDoc[], paths: string[] = []): SteeringDoc[] {
  return docs.filter((doc) => doc.inclusion === 'always' || (doc.inclusion === 'fileMatch' && paths.some((p) => doc.fileMatchPatterns.some((g) => globMatches(g, p)))));
}

/**
 * Splits front matter from a steering file. Bad YAML or an unknown inclusion becomes a warning and
 * the doc is treated as `manual`, so a typo never floods every prompt with a document.
 */
export function parseSteeringFile(text: string, source: string, scope: SteeringDoc['scope'], warnings: string[]): SteeringDoc {
  const match = FRONT_MATTER.exec(text);
  const body = match ? text.slice(match[0].length) : text.replace(/^\uFEFF/, '');
  let meta: Record<string, unknown> = {};
  if (match) {
    try {
      const parsed: unknown = parseYaml(match[1] ?? '');
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) meta = parsed as Record<string, unknown>;
    } catch (error) {
      warnings.push(`${source}: front matter is not valid YAML (${(error as Error).message.split('\n')[0]}); treating it as manual inclusion.`);
      meta = { inclusion: 'manual' };
    }
  }
  const inclusion = normaliseInclusion(meta.inclusion, source, warnings);
  const patterns = meta.fileMatchPattern ?? meta.fileMatchPatterns;
  const fileMatchPatterns = (Array.isArray(patterns) ? patterns : patterns === undefined ? [] : [patterns]).map(String);
  const heading = /^#\s+(.+)$/m.exec(body)?.[1]?.trim();
  return {
    source,
    scope,
    title: typeof meta.title === 'string' ? meta.title : heading ?? path.basename(source, '.md'),
    inclusion,
    fileMatchPatterns,
    ...(typeof meta.description === 'string' ? { description: meta.description } : {}),
    body,
  };
}

function normaliseInclusion(value: unknown, source: string, warnings: string[]): SteeringInclusion {
  if (value === undefined) return 'always';
  const known: SteeringInclusion[] = ['always', 'fileMatch', 'manual', 'auto'];
  const found = known.find((k) => k.toLowerCase() === String(value).toLowerCase());
  if (found) return found;
  warnings.push(`${source}: inclusion must be one of ${known.join(', ')} (got "${String(value)}"); treating it as manual.`);
  return 'manual';
}

async function readSteeringFolder(dir: string, relativeTo: string, scope: SteeringDoc['scope'], warnings: string[]): Promise<SteeringDoc[]> {
  let names: string[];
  try {
    names = (await fs.readdir(dir)).filter((n) => n.toLowerCase().endsWith('.md')).sort();
  } catch {
    return [];
  }
  const docs: SteeringDoc[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const text = await readText(file);
    if (text === null) continue;
    const source = path.relative(relativeTo, file).split(path.sep).join('/');
    docs.push(parseSteeringFile(text, scope === 'user' ? `~/.kiro/${source}` : source, scope, warnings));
  }
  return docs;
}

async function readText(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return null;
  }
}
