import type { Hook, HookEvent } from './model';

/**
 * Environment variables a hook command sees, next to the event JSON on stdin:
 * - `KIRO_HOOK_EVENT`: the whole event as JSON (cut short if huge; stdin always has all of it);
 * - `KIRO_HOOK_PATHS`: the changed files, workspace-relative, one per line;
 * - `KIRO_HOOK_NAME`, `KIRO_HOOK_TRIGGER`;
 * - `USER_PROMPT` for UserPromptSubmit hooks, `TOOL_NAME` (and `TOOL_INPUT` as JSON) for tool hooks,
 *   `KIRO_TASK_ID` / `KIRO_SPEC` for task hooks.
 */
export function hookEnvironment(hook: Hook, event: HookEvent): Record<string, string> {
  const env: Record<string, string> = {
    KIRO_HOOK_EVENT: cap(JSON.stringify(event)),
    KIRO_HOOK_PATHS: event.paths.join('\n'),
    KIRO_HOOK_NAME: hook.name,
    KIRO_HOOK_TRIGGER: event.trigger,
  };
  if (event.prompt !== undefined) env.USER_PROMPT = cap(event.prompt);
  if (event.tool !== undefined) env.TOOL_NAME = event.tool;
  if (event.toolInput !== undefined) env.TOOL_INPUT = cap(JSON.stringify(event.toolInput) ?? '');
  if (event.task) {
    env.KIRO_TASK_ID = event.task.id;
    env.KIRO_SPEC = event.task.spec;
  }
  return env;
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
