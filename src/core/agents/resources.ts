import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { globToRegExp, isInsideWorkspace } from '../fs';
import { PathPolicy } from '../policy';
import type { AgentDefinition } from './types';

/** Per file and in all, what `file://` resources may put into every request of the agent. */
export const RESOURCE_FILE_LIMIT = 100 * 1024;
export const RESOURCE_TOTAL_LIMIT = 400 * 1024;
const MAX_MATCHES = 200;

/** A file put into the agent's context. */
export interface ResourceFile {
  /** Workspace-relative (`docs/api.md`), or `~/…` for a file of yours outside it. */
  source: string;
  body: string;
}

/**
 * A skill, disclosed by name and description only; the agent reads the file when the task calls for
 * it (progressive disclosure, as Agent Skills work). Kept small so steering's skills can share it.
 */
export interface AgentSkill {
  name: string;
  description: string;
  /** Where the agent reads it: workspace-relative, or `~/…`. */
  source: string;
}

export interface ResolvedResources {
  files: ResourceFile[];
  skills: AgentSkill[];
  /** Patterns that matched nothing, files left out and why. */
  warnings: string[];
}

export interface ResourceOptions {
  workspace: string;
  home: string;
}

/**
 * The files and skills an agent's `resources` name, found as Kiro finds them: globs relative to the
 * workspace (or to the agent's folder when nothing in the workspace matches), `~/` for the home
 * folder. A workspace agent's resources come only from inside the workspace; secrets files are never
 * loaded (what is in the context goes to the model).
 */
export async function resolveResources(agent: AgentDefinition, options: ResourceOptions): Promise<ResolvedResources> {
  const secrets = new PathPolicy(options.workspace, options.home);
  const result: ResolvedResources = { files: [], skills: [], warnings: [] };
  const seen = new Set<string>();
  let total = 0;
  for (const resource of agent.resources) {
    if (resource.kind === 'knowledgeBase') continue;
    const where = `${agent.file}: ${resource.field}`;
    const found = await findFiles(resource.pattern, agent, options);
    if (!found.length) {
      result.warnings.push(`${where}: ${resource.kind}://${resource.pattern} matches no file`);
      continue;
    }
    for (const absolute of found) {
      if (seen.has(absolute)) continue;
      seen.add(absolute);
      const inside = isInsideWorkspace(options.workspace, absolute);
      const source = inside ? path.relative(options.workspace, absolute).split(path.sep).join('/') : homeRelative(absolute, options.home);
      if (!inside && agent.scope === 'workspace') {
        result.warnings.push(`${where}: ${source} is outside the workspace; a workspace agent reads only the workspace's files`);
        continue;
      }
      if (secrets.isSecret(inside ? source : path.basename(absolute))) {
        result.warnings.push(`${where}: ${source} is a secrets file and is not put into the context`);
        continue;
      }
      const text = await readCapped(absolute);
      if (text === null) continue;
      if (resource.kind === 'skill') {
        result.skills.push(skillOf(text, source));
        continue;
      }
      if (total + text.length > RESOURCE_TOTAL_LIMIT) {
        result.warnings.push(`${where}: ${source} left out: the agent's resources already hold ${Math.round(total / 1024)} KB (at most ${RESOURCE_TOTAL_LIMIT / 1024} KB)`);
        continue;
      }
      total += text.length;
      result.files.push({ source, body: text.length > RESOURCE_FILE_LIMIT ? `${text.slice(0, RESOURCE_FILE_LIMIT)}\n[… cut at ${RESOURCE_FILE_LIMIT / 1024} KB]` : text });
    }
  }
  return result;
}

async function findFiles(pattern: string, agent: AgentDefinition, options: ResourceOptions): Promise<string[]> {
  const clean = pattern.replace(/^(?:\.\/)+/, '');
  if (clean === '~' || clean.startsWith('~/')) return expand(options.home, clean.slice(2));
  if (path.isAbsolute(clean)) return expand(path.parse(clean).root, clean.slice(path.parse(clean).root.length));
  const fromWorkspace = await expand(options.workspace, clean);
  if (fromWorkspace.length) return fromWorkspace;
  return expand(path.dirname(agent.absoluteFile), clean);
}

/** Files under `root` matching `pattern` (relative, forward slashes), walking only below its fixed prefix. */
async function expand(root: string, pattern: string): Promise<string[]> {
  const segments = pattern.split('/');
  const firstGlob = segments.findIndex((s) => /[*?[{]/.test(s));
  if (firstGlob === -1) {
    const file = path.join(root, ...segments);
    return (await fs.stat(file).then((s) => s.isFile(), () => false)) ? [file] : [];
  }
  const base = path.join(root, ...segments.slice(0, firstGlob));
  const matcher = globToRegExp(pattern);
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    if (found.length >= MAX_MATCHES) return;
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (entry.name === 'node_modules' || entry.name === '.git') continue;
      const absolute = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(absolute);
      else if (entry.isFile() && matcher.test(path.relative(root, absolute).split(path.sep).join('/'))) found.push(absolute);
    }
  };
  await walk(base);
  return found;
}

async function readCapped(file: string): Promise<string | null> {
  try {
    const handle = await fs.open(file, 'r');
    try {
      const buffer = Buffer.alloc(RESOURCE_FILE_LIMIT + 1);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      const text = buffer.subarray(0, bytesRead).toString('utf8');
      return text.includes('\u0000') ? null : text.replace(/^\uFEFF/, '');
    } finally {
      await handle.close();
    }
  } catch {
    return null;
  }
}

/** A skill's name and description from its front matter (`name`, `description`), else from the file. */
function skillOf(text: string, source: string): AgentSkill {
  const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  let meta: Record<string, unknown> = {};
  if (front) {
    try {
      const parsed: unknown = parseYaml(front[1]!);
      if (parsed && typeof parsed === 'object') meta = parsed as Record<string, unknown>;
    } catch {
      // A skill with unreadable front matter is still disclosed, by its file name.
    }
  }
  const stem = path.posix.basename(source).replace(/\.[^.]+$/, '');
  const fallbackName = stem.toLowerCase() === 'skill' ? path.posix.basename(path.posix.dirname(source)) : stem;
  const body = front ? text.slice(front[0].length) : text;
  const firstLine = body.split('\n').map((l) => l.replace(/^#+\s*/, '').trim()).find(Boolean) ?? '';
  return {
    name: typeof meta.name === 'string' && meta.name.trim() ? meta.name.trim() : fallbackName,
    description: typeof meta.description === 'string' && meta.description.trim() ? meta.description.trim() : firstLine.slice(0, 200),
    source,
  };
}

function homeRelative(absolute: string, home: string): string {
  const relative = path.relative(home, absolute);
  return !relative.startsWith('..') && !path.isAbsolute(relative) ? `~/${relative.split(path.sep).join('/')}` : absolute;
}
