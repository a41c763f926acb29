import { globMatches } from '../fs';
import type { AgentEvent, Hook, HookMatcher } from './model';

const compiled = new Map<string, RegExp | null>();

/** Regexes are compiled once per pattern; an invalid one (the loader refuses those) matches nothing. */
function regexFor(pattern: string): RegExp | null {
  let re = compiled.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern);
    } catch {
      re = null;
    }
    compiled.set(pattern, re);
  }
  return re;
}

/**
 * Whether a file hook's matcher accepts `relativePath` (workspace-relative, forward slashes). A v1
 * `matcher` is searched anywhere in the path, as Kiro does (anchor it with `^`/`$` if needed).
 * Legacy globs: a path matches when a plain pattern matches and no `!pattern` does; a pattern with
 * no `/` (`*.ts`) matches the file name in any folder, like a `.gitignore` line.
 */
export function matcherAcceptsPath(matcher: HookMatcher, relativePath: string): boolean {
  switch (matcher.kind) {
    case 'all':
      return true;
    case 'regex':
      return (regexFor(matcher.pattern)?.test(relativePath) ?? false) && !(matcher.exclude ?? []).some((glob) => globMatches(glob, relativePath));
    case 'globs': {
      const include = matcher.patterns.filter((p) => !p.startsWith('!'));
      const exclude = matcher.patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
      const matches = (glob: string) => globMatches(glob, relativePath);
      return (include.length === 0 || include.some(matches)) && !exclude.some(matches);
    }
    case 'toolTypes':
      return true;
  }
}

/**
 * Whether an agent hook's matcher accepts the event. The matcher is read against what the trigger is
 * about: the tool name for tool triggers, the prompt for UserPromptSubmit, `spec/id title` for task
 * triggers; Stop and SessionStart have nothing to match and always fire.
 */
export function matcherAcceptsAgentEvent(matcher: HookMatcher, event: AgentEvent): boolean {
  if (matcher.kind === 'all') return true;
  if (matcher.kind === 'toolTypes') return event.tool !== undefined && matcher.types.some((t) => toolTypeMatches(t, event.tool!, event.toolCategory));
  const subject = subjectOf(event);
  if (subject === undefined) return true;
  if (matcher.kind === 'regex') return regexFor(matcher.pattern)?.test(subject) ?? false;
  return matcherAcceptsPath(matcher, subject);
}

/** True when the hook is enabled, is for this trigger, and its matcher accepts the event. */
export function hookWantsAgentEvent(hook: Hook, event: AgentEvent): boolean {
  return hook.enabled && hook.trigger === event.trigger && matcherAcceptsAgentEvent(hook.matcher, event);
}

function subjectOf(event: AgentEvent): string | undefined {
  switch (event.trigger) {
    case 'PreToolUse':
    case 'PostToolUse':
      return event.tool ?? '';
    case 'UserPromptSubmit':
      return event.prompt ?? '';
    case 'PreTaskExecution':
    case 'PostTaskExecution':
      return event.task ? `${event.task.spec}/${event.task.id} ${event.task.title}` : '';
    default:
      return undefined;
  }
}

const KNOWN_TOOL_CATEGORIES: Record<string, string> = {
  fs_read: 'read',
  glob: 'read',
  grep: 'read',
  fs_write: 'write',
  execute_bash: 'shell',
};

/** Kiro IDE's names for the built-in tools, as hook files name them in `toolTypes`. */
const KIRO_TOOL_NAMES: Record<string, string> = {
  readfile: 'fs_read',
  readmultiplefiles: 'fs_read',
  listdirectory: 'fs_read',
  fswrite: 'fs_write',
  fsappend: 'fs_write',
  strreplace: 'fs_write',
  deletefile: 'fs_write',
  executebash: 'execute_bash',
  executepwsh: 'execute_bash',
  filesearch: 'glob',
  grepsearch: 'grep',
};

/** Kiro's tool categories, for tools that do not say which they are in: the name is a good guide. */
export function guessToolCategory(tool: string): string {
  const known = KNOWN_TOOL_CATEGORIES[tool];
  if (known) return known;
  const name = tool.toLowerCase();
  if (/web|fetch|http|url|browse/.test(name)) return 'web';
  if (/write|edit|create|delete|append|replace|patch|move|rename/.test(name)) return 'write';
  if (/bash|shell|command|exec|terminal|run/.test(name)) return 'shell';
  if (/spec|task/.test(name)) return 'spec';
  if (/read|list|glob|grep|search|find|view|open/.test(name)) return 'read';
  return 'other';
}

/**
 * One `toolTypes` entry against a tool, the way Kiro reads them: `*`; a category (`read`, `write`,
 * `shell`, `web`, `spec`); a tool's name (Specwright's or Kiro's, `fsWrite`); `@builtin` for the
 * built-in tools; any other `@…` entry as a regular expression on an MCP tool's `@server/tool` or
 * `@mcp/server/tool` (`@github`, `@mcp.*sql.*`);
 * and otherwise a regular expression on the whole name or category (`fs_.*`, `write|shell`).
 */
function toolTypeMatches(type: string, tool: string, category: string | undefined): boolean {
  const entry = type.trim();
  if (entry === '*' || entry === tool) return true;
  const toolCategory = (category ?? guessToolCategory(tool)).toLowerCase();
  if (entry.toLowerCase() === toolCategory) return true;
  if (KIRO_TOOL_NAMES[entry.toLowerCase()] === tool) return true;
  const builtin = tool in KNOWN_TOOL_CATEGORIES;
  if (entry.startsWith('@')) {
    if (entry.toLowerCase() === '@builtin') return builtin;
    // MCP tools are named `@server/tool`: `@github` is one server's tools, `@mcp.*sql.*` any MCP tool by name.
    const re = regexFor(`^(?:${entry})`);
    const qualified = builtin ? `@builtin/${tool}` : `@mcp/${tool.replace(/^@/, '')}`;
    return !!re && (re.test(qualified) || (!builtin && re.test(tool)));
  }
  const re = regexFor(`^(?:${entry})$`);
  return !!re && (re.test(tool) || re.test(toolCategory));
}
