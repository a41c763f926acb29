import { promises as fs, type Dirent } from 'node:fs';
import * as path from 'node:path';

/** Folders that say nothing about the design and can hold hundreds of thousands of files. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'dist', 'out', 'build', 'coverage', '.specwright', '.next', '.venv', '__pycache__', 'target']);
/** Manifests that name the language, frameworks and scripts, in the order they are shown. */
const MANIFESTS = ['package.json', 'pyproject.toml', 'Cargo.toml', 'go.mod'];
const READMES = ['README.md', 'README', 'readme.md', 'Readme.md'];

export const DEFAULT_TREE_ENTRIES = 200;
const README_HEAD_LINES = 60;

export interface CodebaseSurvey {
  /** Workspace-relative paths, folders ending in "/", sorted so they read as a tree. */
  tree: string[];
  /** True when the walk stopped at the entry limit. */
  treeTruncated: boolean;
  manifests: Array<{ file: string; text: string }>;
  readme: { file: string; head: string } | null;
}

/**
 * A bounded look at the workspace for the design phase: a breadth-first file tree (so a limit
 * keeps the top levels), the project manifest and the README's head. Symlinks are not followed.
 */
export async function surveyCodebase(workspace: string, options: { maxEntries?: number } = {}): Promise<CodebaseSurvey> {
  const maxEntries = options.maxEntries ?? DEFAULT_TREE_ENTRIES;
  const tree: string[] = [];
  let treeTruncated = false;
  const queue = [''];
  walk: while (queue.length) {
    const folder = queue.shift()!;
    const entries = await listFolder(path.join(workspace, folder));
    for (const entry of entries) {
      if (entry.isDirectory() && SKIPPED_FOLDERS.has(entry.name)) continue;
      if (!entry.isDirectory() && !entry.isFile()) continue;
      if (tree.length >= maxEntries) {
        treeTruncated = true;
        break walk;
      }
      const relative = folder ? `${folder}/${entry.name}` : entry.name;
      tree.push(entry.isDirectory() ? `${relative}/` : relative);
      if (entry.isDirectory()) queue.push(relative);
    }
  }
  tree.sort();

  const manifests: CodebaseSurvey['manifests'] = [];
  for (const file of MANIFESTS) {
    const text = await readText(path.join(workspace, file));
    if (text !== null) manifests.push({ file, text });
  }
  let readme: CodebaseSurvey['readme'] = null;
  for (const file of READMES) {
    const text = await readText(path.join(workspace, file));
    if (text === null) continue;
    readme = { file, head: text.split('\n').slice(0, README_HEAD_LINES).join('\n') };
    break;
  }
  return { tree, treeTruncated, manifests, readme };
}

/** The property-based testing library a project's tasks should use, named for the tasks prompt. */
export interface PropertyTestLibrary {
  /** fast-check, Hypothesis, proptest, rapid, jqwik. */
  name: string;
  language: string;
}

/** Manifests in the order they decide, each with the library its language uses. */
const PROPERTY_TEST_LIBRARIES: Array<{ files: string[]; library: PropertyTestLibrary; named: RegExp }> = [
  { files: ['package.json'], library: { name: 'fast-check', language: 'JavaScript/TypeScript' }, named: /"fast-check"/ },
  { files: ['pyproject.toml', 'setup.py', 'setup.cfg', 'requirements.txt', 'requirements-dev.txt', 'Pipfile'], library: { name: 'Hypothesis', language: 'Python' }, named: /\bhypothesis\b/i },
  { files: ['Cargo.toml'], library: { name: 'proptest', language: 'Rust' }, named: /\bproptest\b/ },
  { files: ['go.mod'], library: { name: 'rapid (pgregory.net/rapid)', language: 'Go' }, named: /pgregory\.net\/rapid/ },
  { files: ['pom.xml', 'build.gradle', 'build.gradle.kts'], library: { name: 'jqwik', language: 'Java/Kotlin' }, named: /jqwik/ },
];

/**
 * Detected from the project's manifests: a library the project already depends on wins (a Node
 * tool in a Python project is not the project's language); else the first language whose
 * manifest is there, in the order above. Null when no manifest says.
 */
export async function detectPropertyTestLibrary(workspace: string): Promise<PropertyTestLibrary | null> {
  const present: Array<{ library: PropertyTestLibrary; text: string; named: RegExp }> = [];
  for (const { files, library, named } of PROPERTY_TEST_LIBRARIES) {
    for (const file of files) {
      const text = await readText(path.join(workspace, file));
      if (text !== null) present.push({ library, text, named });
    }
  }
  return (present.find((p) => p.named.test(p.text)) ?? present[0])?.library ?? null;
}

async function listFolder(dir: string): Promise<Dirent[]> {
  try {
    return (await fs.readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  } catch {
    return [];
  }
}

async function readText(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return null;
  }
}
