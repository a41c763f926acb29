import * as path from 'node:path';
import type { Hook, HookEvent, HookTrigger } from './model';

/**
 * Environment variables a hook command sees, next to the event JSON on stdin (hookStdin):
 * - Kiro's own: `USER_PROMPT`, the prompt for UserPromptSubmit hooks and, for tool hooks,
 *   `{"toolName","toolArgs","toolResult","toolSuccess"}` as JSON, as the Kiro IDE passes them;
 * - the names hook files in the wild use for the triggering file and prompt: `KIRO_FILE_PATH`,
 *   `KIRO_HOOK_FILE` and `file` (so `${file}` works) hold the file's absolute path, `PROMPT` the
 *   prompt (a command that uses one of the file variables runs once per file; see usesSingleFile);
 * - Specwright's: `KIRO_HOOK_EVENT` (the whole event as JSON, cut short if huge; stdin always has
 *   all of it), `KIRO_HOOK_PATHS` (the changed files, workspace-relative, one per line),
 *   `KIRO_HOOK_NAME`, `KIRO_HOOK_TRIGGER`, `TOOL_NAME` and `TOOL_INPUT` (JSON) for tool hooks,
 *   `KIRO_TASK_ID` and `KIRO_SPEC` for task hooks.
 */
export function hookEnvironment(hook: Hook, event: HookEvent): Record<string, string> {
  const env: Record<string, string> = {
    KIRO_HOOK_EVENT: cap(JSON.stringify(event)),
    KIRO_HOOK_PATHS: event.paths.join('\n'),
    KIRO_HOOK_NAME: hook.name,
    KIRO_HOOK_TRIGGER: event.trigger,
  };
  const first = event.paths[0];
  if (first !== undefined) {
    const absolute = path.resolve(event.workspace, first);
    env.KIRO_FILE_PATH = absolute;
    env.KIRO_HOOK_FILE = absolute;
    env.file = absolute;
  }
  if (event.prompt !== undefined) {
    env.USER_PROMPT = cap(event.prompt);
    env.PROMPT = env.USER_PROMPT;
  } else if (event.tool !== undefined) {
    env.USER_PROMPT = cap(JSON.stringify({
      toolName: event.tool,
      toolArgs: event.toolInput ?? {},
      ...(event.toolResult ? { toolResult: event.toolResult.content, toolSuccess: !event.toolResult.isError } : {}),
    }));
  }
  if (event.tool !== undefined) env.TOOL_NAME = event.tool;
  if (event.toolInput !== undefined) env.TOOL_INPUT = cap(JSON.stringify(event.toolInput) ?? '');
  if (event.task) {
    env.KIRO_TASK_ID = event.task.id;
    env.KIRO_SPEC = event.task.spec;
  }
  return env;
}

/** Kiro CLI's event names (`hook_event_name` on stdin); the other triggers use the IDE's hook types. */
const KIRO_EVENT_NAMES: Record<HookTrigger, string> = {
  SessionStart: 'agentSpawn',
  UserPromptSubmit: 'userPromptSubmit',
  PreToolUse: 'preToolUse',
  PostToolUse: 'postToolUse',
  Stop: 'stop',
  PostFileSave: 'fileEdited',
  PostFileCreate: 'fileCreated',
  PostFileDelete: 'fileDeleted',
  PreTaskExecution: 'preTaskExecution',
  PostTaskExecution: 'postTaskExecution',
  Manual: 'userTriggered',
};

/**
 * What a hook command reads on stdin: the event, with Kiro CLI's fields beside Specwright's
 * (`hook_event_name`, `cwd`, `tool_name`, `tool_input`, `tool_response`, `prompt`), so scripts
 * written for Kiro CLI hooks work unchanged.
 */
export function hookStdin(event: HookEvent): string {
  return JSON.stringify({
    ...event,
    hook_event_name: KIRO_EVENT_NAMES[event.trigger],
    cwd: event.workspace,
    ...(event.tool !== undefined ? { tool_name: event.tool, tool_input: event.toolInput ?? {} } : {}),
    ...(event.toolResult ? { tool_response: { success: !event.toolResult.isError, result: event.toolResult.content } } : {}),
  });
}

/**
 * Whether a command is written for one file at a time (`black ${file}`, `ruff "$KIRO_FILE_PATH"`):
 * then a burst of several changed files runs it once per file rather than once for the first.
 */
export function usesSingleFile(command: string): boolean {
  return /\$\{?(?:KIRO_FILE_PATH|KIRO_HOOK_FILE)\b|\$\{file(?=[}:#%/^,@])|\$file\b/.test(command);
}

/** The text an agent hook sends: the hook's prompt, then what happened, so the agent knows where to look. */
export function agentPromptFor(hook: Hook, event: HookEvent, prompt: string): string {
  const lines = [`[Hook "${hook.name}" fired on ${event.trigger}${event.manual ? ' (run by hand)' : ''}]`];
  if (event.paths.length) lines.push(`Files: ${event.paths.join(', ')}`);
  if (event.tool !== undefined) lines.push(`Tool: ${event.tool}`);
  if (event.toolInput !== undefined) lines.push(`Tool input: ${clip(JSON.stringify(event.toolInput) ?? '', 4000)}`);
  if (event.task) lines.push(`Task: ${event.task.spec} ${event.task.id} ${event.task.title}`);
  if (event.prompt !== undefined) lines.push(`User prompt: ${clip(event.prompt, 4000)}`);
  return `${prompt.trimEnd()}\n\n${lines.join('\n')}`;
}

/**
 * One environment string may not exceed 128 KiB on Linux (MAX_ARG_STRLEN) or the command does not
 * start at all; stay well under it.
 */
const ENV_VALUE_LIMIT = 64 * 1024;

function cap(text: string): string {
  return text.length <= ENV_VALUE_LIMIT ? text : text.slice(0, ENV_VALUE_LIMIT);
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
