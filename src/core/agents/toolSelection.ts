import { globToRegExp } from '../fs';

/**
 * Specwright's built-in tools under every name Kiro gives them: Kiro CLI's current short names
 * (`read`, `write`, `shell`…), its older ones (`fs_read`, `execute_bash`), and the Kiro IDE's
 * (`readFile`, `fsWrite`, `executeBash`…), so an agent file written for either works.
 */
const BUILTIN_ALIASES: Readonly<Record<string, string>> = {
  fs_read: 'fs_read',
  read: 'fs_read',
  readFile: 'fs_read',
  readMultipleFiles: 'fs_read',
  readCode: 'fs_read',
  fs_write: 'fs_write',
  write: 'fs_write',
  fsWrite: 'fs_write',
  fsAppend: 'fs_write',
  strReplace: 'fs_write',
  editCode: 'fs_write',
  deleteFile: 'fs_write',
  execute_bash: 'execute_bash',
  execute_cmd: 'execute_bash',
  shell: 'execute_bash',
  executeBash: 'execute_bash',
  executePwsh: 'execute_bash',
  glob: 'glob',
  fileSearch: 'glob',
  listDirectory: 'glob',
  grep: 'grep',
  grepSearch: 'grep',
  use_subagent: 'use_subagent',
  subagent: 'use_subagent',
  knowledge: 'knowledge',
  todo_list: 'todo_list',
  todo: 'todo_list',
};

/** Kiro tools Specwright has no counterpart for: named in a warning, never an error. */
const NOT_IN_SPECWRIGHT = new Set(['code', 'web', 'web_search', 'web_fetch', 'use_aws', 'aws', 'introspect', 'thinking', 'report_issue', 'delegate', 'tool_search', 'getDiagnostics', 'taskStatus', 'kiroPowers']);

/** A tool as an agent's lists see it: a built-in by its Specwright name, or an MCP server's tool. */
export interface ToolSubject {
  /** `fs_read`, or `@server/tool` for an MCP tool. */
  name: string;
  mcp: { server: string; tool: string } | null;
}

/** The subject of a tool the way hooks and agent files name it (`@server/tool` for MCP tools). */
export function subjectOf(name: string): ToolSubject {
  const mcp = /^@([^/]+)\/(.+)$/.exec(name);
  return mcp ? { name, mcp: { server: mcp[1]!, tool: mcp[2]! } } : { name: canonicalToolName(name) ?? name, mcp: null };
}

/** The Specwright name of a built-in tool written under any of Kiro's names; null for other names. */
export function canonicalToolName(written: string): string | null {
  return Object.hasOwn(BUILTIN_ALIASES, written) ? BUILTIN_ALIASES[written]! : null;
}

/** Every name a built-in tool goes by, its own first (for matching globs such as `fs_*`). */
export function namesOf(tool: string): string[] {
  return [tool, ...Object.keys(BUILTIN_ALIASES).filter((alias) => alias !== tool && BUILTIN_ALIASES[alias] === tool)];
}

/**
 * Whether one entry of `tools`, `allowedTools` or a hook matcher names this tool: `*` (every tool),
 * `@builtin` (every built-in), `@mcp` (every MCP tool), `@server`, `@server/tool`, a built-in under
 * any of its names, or a glob over names (`fs_*`, `@git/read_*`, `@git-*`). Case-sensitive, as Kiro.
 */
export function selectorMatches(selector: string, subject: ToolSubject): boolean {
  if (selector === '*') return true;
  if (selector === '@builtin') return subject.mcp === null;
  if (selector.startsWith('@')) {
    if (!subject.mcp) return false;
    const slash = selector.indexOf('/');
    const server = slash === -1 ? selector.slice(1) : selector.slice(1, slash);
    const tool = slash === -1 ? '*' : selector.slice(slash + 1);
    if (selector === '@mcp' && subject.mcp.server !== 'mcp') return true;
    return nameMatches(server, subject.mcp.server) && nameMatches(tool, subject.mcp.tool);
  }
  if (subject.mcp) return false;
  const canonical = canonicalToolName(selector);
  if (canonical) return canonical === subject.name;
  return isGlob(selector) && namesOf(subject.name).some((name) => nameMatches(selector, name));
}

/** The tools an agent is given: absent `tools` means the built-in ones. */
export function toolsFilter(tools: readonly string[] | null): (subject: ToolSubject) => boolean {
  if (tools === null) return (subject) => subject.mcp === null;
  return (subject) => tools.some((selector) => selectorMatches(selector, subject));
}

/** Entries of a tools list that name nothing Specwright has, for one warning per file. */
export function unknownToolNames(list: readonly string[]): { absent: string[]; unknown: string[] } {
  const absent: string[] = [];
  const unknown: string[] = [];
  for (const entry of list) {
    if (entry === '*' || entry.startsWith('@') || canonicalToolName(entry) || isGlob(entry)) continue;
    (NOT_IN_SPECWRIGHT.has(entry) ? absent : unknown).push(entry);
  }
  return { absent, unknown };
}

function isGlob(text: string): boolean {
  return /[*?[{]/.test(text);
}

function nameMatches(pattern: string, name: string): boolean {
  if (!isGlob(pattern)) return pattern === name;
  return globToRegExp(pattern).test(name);
}
