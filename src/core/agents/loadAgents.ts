import { promises as fs, realpathSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { hasFrontMatter, readJsonAgent, readMarkdownAgent } from './agentFile';
import { readAgentFields, type AgentFields } from './agentFields';
import { promptFilePath, readPromptFile } from './promptFile';
import { AgentFileProblem, type AgentDefinition, type AgentFileError, type AgentScope, type LoadedAgents } from './types';

export const WORKSPACE_AGENTS_DIR = '.kiro/agents';
export const USER_AGENTS_DIR = '~/.kiro/agents';

/** Deeper folders and more files than this are not agents any more (a vendored tree, a mistake). */
const MAX_DEPTH = 4;
const MAX_FILES = 500;

export interface LoadAgentsOptions {
  workspace: string;
  /** Home of `~/.kiro/agents`; default the user's. */
  home?: string;
  /**
   * Whether the workspace's own agents load (VS Code's Workspace Trust, the CLI's --trust): they came
   * with the repository and can run commands through their hooks and tools.
   */
  workspaceTrusted: boolean;
}

interface Candidate {
  scope: AgentScope;
  absolute: string;
  /** As shown: `.kiro/agents/team/x.md`. */
  shown: string;
  /** Path under the agents folder, forward slashes. */
  relative: string;
}

type Parsed = { candidate: Candidate; fields: AgentFields; warnings: string[] } | { candidate: Candidate; error: AgentFileProblem } | { candidate: Candidate; notAnAgent: string };

/**
 * Every agent of the user (`~/.kiro/agents/`) and, in a trusted workspace, of the workspace
 * (`.kiro/agents/`), in both of Kiro's formats. A workspace agent replaces the user's of the same
 * name, with a warning. A broken file is one error naming the file and the field; the others load.
 * Markdown files that an agent uses as its prompt or a resource are not agents themselves.
 */
export async function loadAgents(options: LoadAgentsOptions): Promise<LoadedAgents> {
  const home = options.home ?? os.homedir();
  const userDir = path.join(home, '.kiro', 'agents');
  const workspaceDir = path.join(options.workspace, '.kiro', 'agents');
  const sameFolder = samePath(userDir, workspaceDir);
  const loaded: LoadedAgents = { agents: [], errors: [], warnings: [], untrustedSkipped: [] };

  const userFiles = await candidates(userDir, 'user', USER_AGENTS_DIR, loaded.warnings);
  const workspaceFiles = sameFolder ? [] : await candidates(workspaceDir, 'workspace', WORKSPACE_AGENTS_DIR, loaded.warnings);
  if (!options.workspaceTrusted) {
    loaded.untrustedSkipped = workspaceFiles.map((c) => c.shown);
  }
  const files = [...userFiles, ...(options.workspaceTrusted ? workspaceFiles : [])];
  const parsed = await Promise.all(files.map((candidate) => parseCandidate(candidate)));

  // A file one agent uses (its prompt, a resource named exactly) is not an agent of its own.
  const used = new Set<string>();
  for (const entry of parsed) if ('fields' in entry) for (const file of filesUsedBy(entry.fields, { workspace: options.workspace, home })) used.add(file);

  const byScope: Record<AgentScope, Map<string, AgentDefinition>> = { user: new Map(), workspace: new Map() };
  for (const entry of parsed) {
    if (used.has(entry.candidate.absolute) && entry.candidate.relative.endsWith('.md')) continue;
    if ('notAnAgent' in entry) {
      loaded.warnings.push(`${entry.candidate.shown}: ${entry.notAnAgent}`);
      continue;
    }
    if ('error' in entry) {
      loaded.errors.push(asError(entry.error));
      continue;
    }
    const { fields, warnings } = entry;
    try {
      const agent = await withPrompt(fields, { workspace: options.workspace, home });
      const taken = byScope[fields.scope].get(agent.name);
      if (taken) {
        loaded.errors.push({ file: agent.file, message: `${agent.file}: name: "${agent.name}" is already the name of ${taken.file}; rename one of them` });
        continue;
      }
      byScope[fields.scope].set(agent.name, agent);
      loaded.warnings.push(...warnings);
    } catch (error) {
      if (!(error instanceof AgentFileProblem)) throw error;
      loaded.errors.push(asError(error));
    }
  }

  const merged = new Map(byScope.user);
  for (const [name, agent] of byScope.workspace) {
    const mine = merged.get(name);
    if (mine) loaded.warnings.push(`agent "${name}": the workspace's ${agent.file} is used instead of your ${mine.file}`);
    merged.set(name, agent);
  }
  loaded.agents = [...merged.values()].sort((a, b) => a.name.localeCompare(b.name));
  return loaded;
}

async function parseCandidate(candidate: Candidate): Promise<Parsed> {
  let text: string;
  try {
    text = await fs.readFile(candidate.absolute, 'utf8');
  } catch (error) {
    return { candidate, error: new AgentFileProblem(candidate.shown, null, `cannot be read (${(error as Error).message})`) };
  }
  const markdown = candidate.relative.endsWith('.md');
  if (markdown && !hasFrontMatter(text)) return { candidate, notAnAgent: 'not read as an agent: a Markdown agent starts with YAML front matter ("---", its settings, "---"), then its prompt' };
  const folder = path.posix.dirname(candidate.relative);
  const context = {
    file: candidate.shown,
    absoluteFile: candidate.absolute,
    scope: candidate.scope,
    format: markdown ? ('markdown' as const) : ('json' as const),
    folderPrefix: folder === '.' ? '' : `${folder}/`,
    stem: path.posix.basename(candidate.relative).replace(/\.(json|md)$/i, ''),
  };
  try {
    const raw = markdown ? readMarkdownAgent(text, candidate.shown) : readJsonAgent(text, candidate.shown);
    return { candidate, ...readAgentFields(raw, context) };
  } catch (error) {
    if (error instanceof AgentFileProblem) return { candidate, error };
    throw error;
  }
}

async function withPrompt(fields: AgentFields, where: { workspace: string; home: string }): Promise<AgentDefinition> {
  const { promptSource, ...rest } = fields;
  if (promptSource.kind === 'none') return { ...rest, prompt: '', promptFile: null };
  if (promptSource.kind === 'inline') return { ...rest, prompt: promptSource.text.trim(), promptFile: null };
  const { text, absolute } = await readPromptFile(promptSource.uri, { file: fields.file, absoluteFile: fields.absoluteFile, scope: fields.scope, ...where });
  return { ...rest, prompt: text.trim(), promptFile: absolute };
}

/** Files an agent reads by name (its prompt, resources without wildcards), absolute. */
function filesUsedBy(fields: AgentFields, where: { workspace: string; home: string }): string[] {
  const files: string[] = [];
  if (fields.promptSource.kind === 'file') files.push(promptFilePath(fields.promptSource.uri, { absoluteFile: fields.absoluteFile, home: where.home }));
  for (const resource of fields.resources) {
    if (resource.kind === 'knowledgeBase' || /[*?[{]/.test(resource.pattern)) continue;
    const target = resource.pattern.startsWith('~/') ? path.join(where.home, resource.pattern.slice(2)) : path.resolve(where.workspace, resource.pattern);
    files.push(target);
    // Kiro resolves an agent's own relative resources from the workspace, but authors often mean the agent's folder.
    files.push(path.resolve(path.dirname(fields.absoluteFile), resource.pattern));
  }
  return files;
}

/** The .json and .md files under an agents folder (dot-folders and node_modules left out), in a stable order. */
async function candidates(root: string, scope: AgentScope, shownRoot: string, warnings: string[]): Promise<Candidate[]> {
  const found: Candidate[] = [];
  const walk = async (dir: string, relative: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const rel = relative ? `${relative}/${entry.name}` : entry.name;
      const absolute = path.join(dir, entry.name);
      const isDir = entry.isDirectory() || (entry.isSymbolicLink() && (await fs.stat(absolute).then((s) => s.isDirectory(), () => false)));
      if (isDir) {
        if (depth < MAX_DEPTH) await walk(absolute, rel, depth + 1);
        continue;
      }
      if (!/\.(json|md)$/i.test(entry.name) || /^readme\.md$/i.test(entry.name)) continue;
      if (found.length >= MAX_FILES) {
        warnings.push(`${shownRoot}: more than ${MAX_FILES} files; the rest are not read`);
        return;
      }
      found.push({ scope, absolute, shown: `${shownRoot}/${rel}`, relative: rel });
    }
  };
  await walk(root, '', 0);
  return found;
}

function asError(problem: AgentFileProblem): AgentFileError {
  return { file: problem.file.replace(/:\d+(:\d+)?$/, ''), message: problem.message };
}

function samePath(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return path.resolve(a) === path.resolve(b);
  }
}
