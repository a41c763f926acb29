import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WorkspaceGitignore } from '../fs';
import { parseSteeringFile, type SteeringFileInfo } from './frontMatter';
import { loadSkills } from './skills';
import type { SteeringCatalog, SteeringDoc, SteeringWarning } from './types';

export interface LoadSteeringOptions {
  /** Home folder for `~/.kiro/steering` and `~/.kiro/skills`; default the user's home. */
  home?: string;
  /** Read `AGENTS.md` files (root, sub-folders, `~/.kiro/steering`); default true. */
  agentsMd?: boolean;
  /** Read `CLAUDE.md` at the workspace root; default true. */
  claudeMd?: boolean;
}

/** Folders never searched for a nested AGENTS.md: dependencies, build output, VCS data. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.kiro', '.vscode', 'dist', 'build', 'out', 'target', 'vendor', '.venv', 'venv', '__pycache__']);
/** Enough for any real project layout, and a bound on the cost in a huge monorepo. */
const MAX_DEPTH = 8;
const MAX_FOLDERS = 5000;

/**
 * Reads everything that steers the agent, the way Kiro users have it: `.kiro/steering/*.md` in the
 * workspace and in the user's home (the workspace's wins on a name clash), `AGENTS.md` at the root,
 * in `~/.kiro/steering` and in sub-folders, `CLAUDE.md` at the root, and Agent Skills.
 */
export async function loadSteering(workspace: string, options: LoadSteeringOptions = {}): Promise<SteeringCatalog> {
  const warnings: SteeringWarning[] = [];
  const home = options.home ?? os.homedir();
  const withUser = Boolean(home) && path.resolve(home) !== path.resolve(workspace);
  const agentsMd = options.agentsMd !== false;
  const workspaceDocs = await readSteeringFolder(path.join(workspace, '.kiro', 'steering'), (name) => `.kiro/steering/${name}`, 'workspace', warnings);
  const userDocs = withUser ? await readSteeringFolder(path.join(home, '.kiro', 'steering'), (name) => `~/.kiro/steering/${name}`, 'user', warnings) : [];
  const shadowed = new Set(workspaceDocs.map((d) => d.name.toLowerCase()));
  const docs = [...userDocs.filter((d) => !shadowed.has(d.name.toLowerCase()) && (agentsMd || d.origin !== 'AGENTS.md')), ...workspaceDocs];
  const rootFiles = [...(agentsMd ? ['AGENTS.md'] : []), ...(options.claudeMd !== false ? ['CLAUDE.md'] : [])];
  for (const name of rootFiles) {
    const file = path.join(workspace, name);
    const text = await readText(file);
    if (text !== null) docs.push(instructionsDoc(text, { source: name, absolutePath: file, scope: 'workspace', origin: name as 'AGENTS.md' | 'CLAUDE.md' }, warnings));
  }
  if (agentsMd) {
    for (const folder of await nestedAgentsFolders(workspace)) {
      const source = `${folder}/AGENTS.md`;
      const file = path.join(workspace, source);
      const text = await readText(file);
      if (text !== null) docs.push(instructionsDoc(text, { source, absolutePath: file, scope: 'workspace', origin: 'AGENTS.md', folder }, warnings));
    }
  }
  const skills = await loadSkills(workspace, withUser ? home : null, warnings);
  return { docs, skills, warnings };
}

/** AGENTS.md and CLAUDE.md are plain instructions: any front matter is read, but they are always (or folder) included. */
function instructionsDoc(text: string, info: SteeringFileInfo, warnings: SteeringWarning[]): SteeringDoc {
  const doc = parseSteeringFile(text, info, []);
  const fromFront = doc.body !== text.replace(/^\uFEFF/, '');
  // Named by where it is: several AGENTS.md never clash, and steering files never shadow one.
  const name = info.source;
  if (fromFront && doc.inclusion !== 'always') {
    warnings.push({ file: info.source, message: `${info.origin} is always included${info.folder !== undefined ? ' for work under its folder' : ''}; its inclusion: ${doc.inclusion} is ignored.`, line: 2 });
  }
  return { ...doc, name, inclusion: 'always', fileMatchPatterns: [] };
}

async function readSteeringFolder(dir: string, sourceOf: (name: string) => string, scope: SteeringDoc['scope'], warnings: SteeringWarning[]): Promise<SteeringDoc[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const docs: SteeringDoc[] = [];
  const names = entries.filter((e) => !e.isDirectory() && e.name.toLowerCase().endsWith('.md')).map((e) => e.name).sort();
  for (const name of names) {
    const file = path.join(dir, name);
    const text = await readText(file);
    const source = sourceOf(name);
    if (text === null) {
      warnings.push({ file: source, message: 'could not be read (permissions, or a broken link); it is left out until it can be.' });
      continue;
    }
    const info: SteeringFileInfo = { source, absolutePath: file, scope };
    if (name.toLowerCase() === 'agents.md') docs.push(instructionsDoc(text, { ...info, origin: 'AGENTS.md' }, warnings));
    else docs.push(parseSteeringFile(text, info, warnings));
  }
  return docs;
}

/** Workspace-relative folders (below the root) holding an AGENTS.md, skipping ignored and dependency folders. */
export async function nestedAgentsFolders(workspace: string): Promise<string[]> {
  const found: string[] = [];
  await walkWorkspace(workspace, (file) => {
    if (file.endsWith('/AGENTS.md')) found.push(file.slice(0, -'/AGENTS.md'.length));
  });
  return found.sort();
}

/**
 * Every file of the workspace worth steering about, workspace-relative: what .gitignore ignores,
 * dependencies and build output are left out, and the walk is bounded for huge trees.
 */
export async function walkWorkspace(workspace: string, onFile: (relative: string) => void): Promise<void> {
  const gitignore = new WorkspaceGitignore(workspace);
  let visited = 0;
  const queue: Array<{ relative: string; depth: number }> = [{ relative: '', depth: 0 }];
  while (queue.length && visited < MAX_FOLDERS) {
    const { relative, depth } = queue.shift()!;
    visited++;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(path.join(workspace, relative), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isFile() && !gitignore.ignores(child, false)) onFile(child);
      if (!entry.isDirectory() || depth >= MAX_DEPTH || SKIPPED_FOLDERS.has(entry.name) || gitignore.ignores(child, true)) continue;
      queue.push({ relative: child, depth: depth + 1 });
    }
  }
}

export async function readText(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return null;
  }
}
