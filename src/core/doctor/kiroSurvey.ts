import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadHooks } from '../hooks';
import { formatProblem, loadMcpConfig } from '../mcp';
import { loadSettings, SettingsError } from '../settings';
import { lintWorkspaceSpecs } from '../spec';
import { loadSteering } from '../steering';

/** Something under `.kiro/` that could not be read or is wrong, named by its file. */
export interface KiroFileProblem {
  /** As shown to people: `.kiro/specs/todo/tasks.md`, `~/.kiro/settings/mcp.json`. */
  file: string;
  line?: number;
  message: string;
  severity: 'error' | 'warning';
}

/** What a workspace (and the user's home) holds in Kiro's layout, and what could not be read. */
export interface KiroSurvey {
  /** False when the workspace has no `.kiro/` folder at all. */
  hasKiroFolder: boolean;
  specs: string[];
  steering: string[];
  hooks: string[];
  mcpServers: string[];
  agents: string[];
  problems: KiroFileProblem[];
}

export interface KiroSurveyOptions {
  /** The user's home, for `~/.kiro`; default the user's. */
  home?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Reads everything the way a run would (the same loaders), so what the survey calls broken is what a
 * run would refuse or skip. Nothing here throws for a user's file: each one becomes a problem.
 */
export async function surveyKiroFiles(workspace: string, options: KiroSurveyOptions = {}): Promise<KiroSurvey> {
  const home = options.home ?? os.homedir();
  const homeOption = { home };
  const problems: KiroFileProblem[] = [];
  const hasKiroFolder = await isDirectory(path.join(workspace, '.kiro'));

  const lintResults = await lintWorkspaceSpecs(workspace).catch((error: unknown) => {
    problems.push({ file: '.kiro/specs', message: messageOf(error), severity: 'error' });
    return [];
  });
  for (const { spec, diagnostics } of lintResults) {
    for (const d of diagnostics) {
      if (d.severity === 'error') problems.push({ file: `.kiro/specs/${spec.name}/${d.file}`, line: d.line, message: d.message, severity: 'error' });
    }
  }

  const steering = await loadSteering(workspace, homeOption).catch((error: unknown) => {
    problems.push({ file: '.kiro/steering', message: messageOf(error), severity: 'error' });
    return { docs: [], skills: [], warnings: [] };
  });
  for (const warning of steering.warnings) problems.push({ file: warning.file, ...(warning.line ? { line: warning.line } : {}), message: warning.message, severity: 'warning' });

  const hooks = await loadHooks(workspace, homeOption);
  for (const error of hooks.errors) problems.push({ file: error.file, ...(error.line ? { line: error.line } : {}), message: stripFilePrefix(error.message, error.file), severity: 'error' });

  const mcp = await loadMcpConfig({ workspace, ...homeOption, ...(options.env ? { env: options.env } : {}) });
  for (const problem of mcp.fileProblems) problems.push({ file: problem.file, ...(problem.line ? { line: problem.line } : {}), message: stripFilePrefix(formatProblem(problem), problem.file), severity: 'error' });
  for (const server of mcp.servers) {
    if (server.error) problems.push({ file: server.error.file, ...(server.error.line ? { line: server.error.line } : {}), message: stripFilePrefix(formatProblem(server.error), server.error.file), severity: 'error' });
  }

  try {
    const loaded = await loadSettings(workspace, homeOption);
    for (const warning of loaded.warnings) problems.push({ ...splitFileMessage(warning, '.kiro/settings.json'), severity: 'warning' });
  } catch (error) {
    if (error instanceof SettingsError) problems.push({ file: error.file, ...(error.line ? { line: error.line } : {}), message: stripFilePrefix(error.message, error.file), severity: 'error' });
    else throw error;
  }

  return {
    hasKiroFolder,
    specs: lintResults.map((r) => r.spec.name),
    steering: steering.docs.map((d) => d.source),
    hooks: hooks.hooks.map((h) => h.name),
    mcpServers: mcp.servers.map((s) => s.name),
    agents: await agentFiles(workspace, home),
    problems,
  };
}

/** Agent files as Kiro writes them (`.kiro/agents/**​/*.json|*.md`); sub-folders are part of the name. */
async function agentFiles(workspace: string, home: string): Promise<string[]> {
  const names = new Set<string>();
  for (const root of [path.join(workspace, '.kiro', 'agents'), ...(path.resolve(home) !== path.resolve(workspace) ? [path.join(home, '.kiro', 'agents')] : [])]) {
    const entries = await fs.readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isFile() || !/\.(json|md)$/i.test(entry.name)) continue;
      const relative = path.relative(root, path.join(entry.parentPath, entry.name));
      names.add(relative.replace(/\.(json|md)$/i, '').split(path.sep).join('/'));
    }
  }
  return [...names].sort();
}

/** Loader messages start with their file ("FILE: detail" or "FILE:LINE: detail"); keep that apart. */
function splitFileMessage(message: string, fallbackFile: string): { file: string; line?: number; message: string } {
  const match = /^(\S+?):(?:(\d+):)?(?:\d+:)? (.*)$/s.exec(message);
  if (!match) return { file: fallbackFile, message };
  return { file: match[1]!, ...(match[2] ? { line: Number(match[2]) } : {}), message: match[3]! };
}

function stripFilePrefix(message: string, file: string): string {
  if (!message.startsWith(file)) return message;
  return message.slice(file.length).replace(/^(:\d+)*:?\s*/, '');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function isDirectory(dir: string): Promise<boolean> {
  return fs.stat(dir).then((s) => s.isDirectory(), () => false);
}
