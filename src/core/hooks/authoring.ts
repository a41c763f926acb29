import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic, type OwnWriteRecorder } from '../fs';
import { parseJsonc } from '../settings';
import { parseHookFile } from './hookFile';
import { HOOKS_DIR } from './loadHooks';
import { HOOK_TRIGGERS, type Hook } from './model';
import type { TextCompleter } from '../model';

export interface HookDraft {
  /** Workspace-relative path it will be saved to, e.g. `.kiro/hooks/lint-on-save.json`. */
  file: string;
  /** The file's text, as it will be saved. */
  text: string;
  hook: Hook;
}

/** The model's file did not validate, twice. The message says why. */
export class HookDraftError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HookDraftError';
  }
}

const SYSTEM = `You write hook files for a coding agent (Kiro-compatible). Reply with ONE JSON object and nothing else:
{"version":"v1","hooks":[{"name":"<short title>","description":"<one sentence>","trigger":"<trigger>","matcher":"<optional JavaScript regex>","action":<action>,"timeout":<seconds, optional, default 60>,"enabled":true,"source":"both"}]}
trigger is one of: ${HOOK_TRIGGERS.join(', ')}.
- PostFileSave / PostFileCreate / PostFileDelete: matcher is a regex searched in the workspace-relative path with forward slashes (e.g. "^src/.*\\\\.ts$").
- PreToolUse / PostToolUse: matcher is a regex on the tool name (fs_read, fs_write, execute_bash, glob, grep). A failing Pre* hook blocks the action.
- PreTaskExecution / PostTaskExecution: matcher is searched in "<spec>/<task id> <task title>".
- UserPromptSubmit: matcher is searched in the prompt. Stop, SessionStart and Manual take no matcher.
action is {"type":"command","command":"<bash command>"} for something a shell can do (format, lint, test, copy), else {"type":"agent","prompt":"<instructions for the agent>"}.
Commands run in the workspace root with the event as JSON on stdin, KIRO_HOOK_PATHS (changed files, one per line), KIRO_FILE_PATH (one changed file; the command then runs once per file), USER_PROMPT, TOOL_NAME.
source says whose file changes fire it: "user", "agent" or "both".
Prefer narrow matchers and quick commands. Never write destructive commands.`;

/** Asks the model for a hook file from a plain-language description, and validates it (one retry with the error). */
export async function draftHook(description: string, complete: TextCompleter, options: { workspace: string; signal?: AbortSignal }): Promise<HookDraft> {
  let prompt = `Write the hook for: ${description.trim()}`;
  let lastError = '';
  for (let attempt = 1; attempt <= 2; attempt++) {
    const reply = await complete({ system: SYSTEM, prompt, maxTokens: 2000, ...(options.signal ? { signal: options.signal } : {}) });
    const json = extractJsonObject(reply);
    const checked = json === null ? { error: 'the reply holds no JSON object' } : validateDraft(json, options.workspace);
    if ('draft' in checked) return checked.draft;
    lastError = checked.error;
    prompt = `Write the hook for: ${description.trim()}\n\nYour previous reply was rejected: ${lastError}\nPrevious reply:\n${reply.slice(0, 4000)}\n\nReply with the corrected JSON object only.`;
  }
  throw new HookDraftError(`the model's hook file did not validate: ${lastError}`);
}

/**
 * Saves a draft; never overwrites a hook file that exists (the name is chosen to be free). The new
 * file is Specwright's own write: recorded with `ownWrites` for checkpoint restores.
 */
export async function saveHookDraft(workspace: string, draft: HookDraft, ownWrites?: OwnWriteRecorder): Promise<string> {
  const absolute = path.join(workspace, draft.file);
  await fs.mkdir(path.dirname(absolute), { recursive: true });
  await writeFileAtomic(absolute, draft.text, { expectedContent: null, ...(ownWrites ? { ownWrites } : {}) });
  return draft.file;
}

function validateDraft(json: string, workspace: string): { draft: HookDraft } | { error: string } {
  let value: unknown;
  try {
    value = parseJsonc(json);
  } catch (error) {
    return { error: (error as Error).message };
  }
  const text = `${JSON.stringify(value, null, 2)}\n`;
  const name = typeof value === 'object' && value !== null && Array.isArray((value as { hooks?: unknown }).hooks)
    ? String(((value as { hooks: Array<{ name?: unknown }> }).hooks[0] ?? {}).name ?? 'hook')
    : 'hook';
  const file = freeFileName(workspace, slug(name));
  const parsed = parseHookFile(text, file);
  if (parsed.error) return { error: parsed.error };
  if (parsed.hooks.length !== 1) return { error: `${file}: must define exactly one hook (got ${parsed.hooks.length})` };
  return { draft: { file, text, hook: parsed.hooks[0]! } };
}

/** The outermost `{…}` of a reply, ignoring code fences and prose around it. */
export function extractJsonObject(reply: string): string | null {
  const start = reply.indexOf('{');
  const end = reply.lastIndexOf('}');
  return start === -1 || end <= start ? null : reply.slice(start, end + 1);
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'hook';
}

function freeFileName(workspace: string, base: string): string {
  for (let n = 1; ; n++) {
    const file = `${HOOKS_DIR}/${n === 1 ? base : `${base}-${n}`}.json`;
    if (!existsSync(path.join(workspace, file))) return file;
  }
}
