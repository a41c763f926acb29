import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isInsideWorkspace } from '../fs';
import { AgentFileProblem, type AgentScope } from './types';

/** A prompt longer than this is surely not a prompt (and would fill every request). */
export const MAX_PROMPT_BYTES = 256 * 1024;

export interface PromptFileContext {
  file: string;
  absoluteFile: string;
  scope: AgentScope;
  workspace: string;
  home: string;
}

/**
 * Where a `file://` prompt points, as Kiro resolves it: relative to the agent file's folder
 * (`file://./prompt.md`, `file://prompts/x.md`), absolute (`file:///…`), or under the home folder
 * (`file://~/…`).
 */
export function promptFilePath(uri: string, ctx: Pick<PromptFileContext, 'absoluteFile' | 'home'>): string {
  const target = decodeURI(uri.replace(/^file:\/\//i, ''));
  if (target === '~' || target.startsWith('~/')) return path.join(ctx.home, target.slice(1));
  return path.resolve(path.dirname(ctx.absoluteFile), target);
}

/**
 * Reads a `file://` prompt. A workspace agent came with the repository, so its prompt must come from
 * the workspace too: a path (or link) leading out of it would send a file of yours to the model.
 */
export async function readPromptFile(uri: string, ctx: PromptFileContext): Promise<{ text: string; absolute: string }> {
  const absolute = promptFilePath(uri, ctx);
  if (ctx.scope === 'workspace' && !isInsideWorkspace(ctx.workspace, absolute)) {
    throw new AgentFileProblem(ctx.file, 'prompt', `${uri} points outside the workspace (${absolute}); a workspace agent's prompt must be a file inside the workspace`);
  }
  let stat;
  try {
    stat = await fs.stat(absolute);
  } catch {
    throw new AgentFileProblem(ctx.file, 'prompt', `${uri}: no such file (${shown(absolute, ctx)}; relative paths start at the agent file's folder)`);
  }
  if (!stat.isFile()) throw new AgentFileProblem(ctx.file, 'prompt', `${uri} is not a file (${shown(absolute, ctx)})`);
  if (stat.size > MAX_PROMPT_BYTES) throw new AgentFileProblem(ctx.file, 'prompt', `${uri} is ${Math.round(stat.size / 1024)} KB; a prompt file may hold at most ${MAX_PROMPT_BYTES / 1024} KB`);
  return { text: (await fs.readFile(absolute, 'utf8')).replace(/^\uFEFF/, ''), absolute };
}

function shown(absolute: string, ctx: Pick<PromptFileContext, 'workspace' | 'home'>): string {
  const inWorkspace = path.relative(ctx.workspace, absolute);
  if (!inWorkspace.startsWith('..') && !path.isAbsolute(inWorkspace)) return inWorkspace.split(path.sep).join('/');
  const inHome = path.relative(ctx.home, absolute);
  if (!inHome.startsWith('..') && !path.isAbsolute(inHome)) return `~/${inHome.split(path.sep).join('/')}`;
  return absolute;
}
