import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { applyEdits, findNodeAtLocation, getNodeValue, modify, parseTree, printParseErrorCode, type FormattingOptions, type JSONPath, type Node, type ParseError } from 'jsonc-parser';
import { writeFileAtomic, type OwnWriteRecorder } from '../fs';

/**
 * Edits of an mcp.json made in place (jsonc-parser's `modify`): only the value that changes is
 * written, so the person's comments, order and formatting stay. A file that cannot be read as JSON
 * with comments is refused, never rewritten.
 */

/** What *Add MCP Server* writes: a local program or a remote URL, as Kiro writes them. */
export type NewServerEntry =
  | { command: string; args?: string[]; env?: Record<string, string>; disabled?: boolean; autoApprove?: string[] }
  | { url: string; headers?: Record<string, string>; disabled?: boolean; autoApprove?: string[] };

/**
 * What a person typed for a new server: a URL (`https://…`, or `http://` for a local one) is a remote
 * server; anything else a command line, split as a shell splits words (quotes and backslashes).
 */
export function entryFromLine(line: string): NewServerEntry {
  const text = line.trim();
  if (/^https?:\/\//i.test(text)) return { url: text };
  const words: string[] = [];
  let word: string | null = null;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
    } else if (c === '\\' && i + 1 < text.length && (quote === null || /["\\$`]/.test(text[i + 1]!))) {
      word = (word ?? '') + text[++i];
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      word ??= '';
    } else if (/\s/.test(c)) {
      if (word !== null) words.push(word);
      word = null;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (quote) throw new McpConfigEditError(`the command line has an unclosed ${quote}`, 'the command line');
  if (word !== null) words.push(word);
  const [command, ...args] = words;
  if (!command) throw new McpConfigEditError('give a command line (e.g. npx -y @modelcontextprotocol/server-filesystem .) or a URL', 'the command line');
  return args.length ? { command, args } : { command };
}

/** An edit that could not be made; `file` and `line` say where, the message what to do. */
export class McpConfigEditError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'McpConfigEditError';
  }
}

/** `text` with the server added under `mcpServers` (created when missing); refuses a name already there. */
export function addServerEntry(text: string, file: string, name: string, entry: NewServerEntry): string {
  if (!name.trim()) throw new McpConfigEditError('a server needs a name', file);
  const servers = serversNode(text, file);
  if (servers && findNodeAtLocation(servers, [name])) {
    throw new McpConfigEditError(`${file} already has a server named "${name}"; pick another name, or edit that one in the file`, file);
  }
  const appended = servers ? appendProperty(text, servers, name, entry) : null;
  if (appended !== null) return appended;
  const base = text.trim() === '' ? '{}\n' : text;
  return applyEdits(base, modify(base, ['mcpServers', name], entry, { formattingOptions: formattingOf(base) }));
}

/**
 * The entry written on lines of its own after the last server and after any comment on that
 * server's last line, indented like it: jsonc-parser's insertion would put the new entry between a
 * value and its trailing comment, and reformat the neighbour. Null when the servers are not one per
 * line (an empty or one-line object): then the library's edit is as good.
 */
function appendProperty(text: string, servers: Node, name: string, entry: NewServerEntry): string | null {
  const last = servers.children?.at(-1);
  const close = servers.offset + servers.length - 1;
  if (!last) return null;
  const valueEnd = last.offset + last.length;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lineEnd = text.indexOf('\n', valueEnd);
  if (lineEnd === -1 || lineEnd > close) return null;
  const rest = text.slice(valueEnd, lineEnd).replace(/\r$/, '');
  // Only a comment may follow the value on its line (not a block comment left open on the next).
  if (!/^\s*(\/\/.*|\/\*.*?\*\/\s*)?$/.test(rest)) return null;
  const lineStart = text.lastIndexOf('\n', last.offset) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  const { insertSpaces, tabSize } = formattingOf(text);
  const unit = insertSpaces ? ' '.repeat(tabSize ?? 2) : '\t';
  const value = JSON.stringify(entry, null, unit).split('\n').join(`${eol}${indent}`);
  const insertAt = text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
  return `${text.slice(0, valueEnd)},${text.slice(valueEnd, insertAt)}${eol}${indent}${JSON.stringify(name)}: ${value}${text.slice(insertAt)}`;
}

/** `text` with the server's `disabled` set (true), or removed (false: enabled is the default). */
export function setServerDisabled(text: string, file: string, name: string, disabled: boolean): string {
  existingServer(text, file, name);
  // First in the entry, where a reader looks for it; an insertion at the end would reformat the value before it.
  return edit(text, ['mcpServers', name, 'disabled'], disabled ? true : undefined, 0);
}

/** `text` with `tool` added to or removed from the server's `disabledTools` (other entries kept in order). */
export function setToolDisabled(text: string, file: string, name: string, tool: string, disabled: boolean): string {
  const server = existingServer(text, file, name);
  const node = findNodeAtLocation(server, ['disabledTools']);
  const current = node?.type === 'array' ? (getNodeValue(node) as unknown[]).filter((t): t is string => typeof t === 'string') : [];
  if (disabled === current.includes(tool)) return text;
  const list: JSONPath = ['mcpServers', name, 'disabledTools'];
  if (node?.type !== 'array') return edit(text, list, [tool]);
  // One element added or removed: the others, and comments between them, stay as written.
  if (disabled) return edit(text, [...list, -1], tool);
  const index = node.children!.findIndex((child) => child.value === tool);
  return current.length === 1 ? edit(text, list, undefined) : edit(text, [...list, index], undefined);
}

/** Where the server's entry starts in `text` (the offset of its name), or null when there is none. */
export function serverEntryOffset(text: string, name: string): number | null {
  let servers: Node | null;
  try {
    servers = serversNode(text, '');
  } catch {
    return null;
  }
  const value = servers ? findNodeAtLocation(servers, [name]) : undefined;
  const key = value?.parent?.children?.[0];
  return key ? key.offset : null;
}

/**
 * Reads `file` (missing: empty), applies `change` and writes the result atomically (a reader sees the
 * old file or the new one, never half; a file changed on disk meanwhile is left alone). The edit is
 * Specwright's own: recorded with `ownWrites` so that a checkpoint restore does not take it for a
 * person's (the user's own mcp.json is outside the workspace and the recorder ignores it). Returns
 * the new text.
 */
export async function editMcpFile(file: string, shown: string, change: (text: string, shown: string) => string, options: { ownWrites?: OwnWriteRecorder } = {}): Promise<string> {
  let text: string | null = null;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new McpConfigEditError(`${shown} cannot be read: ${(error as Error).message}`, shown);
  }
  const next = change(text ?? '', shown);
  if (next === (text ?? '')) return next;
  await fs.mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, next, { expectedContent: text, ...(options.ownWrites ? { ownWrites: options.ownWrites } : {}) });
  return next;
}

function edit(text: string, at: JSONPath, value: unknown, insertAt?: number): string {
  return applyEdits(text, modify(text, at, value, { formattingOptions: formattingOf(text), ...(insertAt !== undefined ? { getInsertionIndex: () => insertAt } : {}) }));
}

/** The `mcpServers` object, or null when the file is empty or has none; throws for a file that is not an object. */
function serversNode(text: string, file: string): Node | null {
  if (text.trim() === '') return null;
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length || !root) {
    const error = errors[0];
    const line = error ? text.slice(0, error.offset).split('\n').length : undefined;
    throw new McpConfigEditError(`${file}${line ? `:${line}` : ''} is not valid JSON${error ? ` (${printParseErrorCode(error.error)})` : ''}; fix it first, nothing was changed`, file, line);
  }
  if (root.type !== 'object') throw new McpConfigEditError(`${file} must hold an object with "mcpServers"; nothing was changed`, file);
  const servers = findNodeAtLocation(root, ['mcpServers']);
  if (servers && servers.type !== 'object') throw new McpConfigEditError(`${file}: "mcpServers" must be an object; nothing was changed`, file);
  return servers ?? null;
}

function existingServer(text: string, file: string, name: string): Node {
  const servers = serversNode(text, file);
  const server = servers ? findNodeAtLocation(servers, [name]) : undefined;
  if (!server || server.type !== 'object') throw new McpConfigEditError(`${file} has no server named "${name}"`, file);
  return server;
}

/** The file's own indentation and line ends, so an added line looks like its neighbours. */
function formattingOf(text: string): FormattingOptions {
  const indent = /^([ \t]+)\S/m.exec(text)?.[1] ?? '  ';
  return { insertSpaces: !indent.startsWith('\t'), tabSize: indent.startsWith('\t') ? 1 : indent.length, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}
