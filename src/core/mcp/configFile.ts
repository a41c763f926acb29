import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { z } from 'zod';
import type { McpConfigProblem, McpTransportKind } from './types';

/** One `mcpServers.<name>` entry as written (variables not expanded), checked field by field. */
export interface RawServer {
  name: string;
  command?: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
  url?: string;
  headers: Record<string, string>;
  transport?: McpTransportKind;
  disabled: boolean;
  autoApprove: string[];
  disabledTools: string[];
  timeout?: number;
  /** False: run outside the OS sandbox (honoured only in the user's own mcp.json). */
  sandbox?: boolean;
  /** Line and column of a field of this entry (`['env', 'TOKEN']`), for errors found later (an unset variable). */
  locate: (path: Array<string | number>) => { line: number; column: number };
}

export interface ParsedConfigFile {
  /** Names of the servers in the file's order, usable or not. */
  order: string[];
  servers: RawServer[];
  /** Servers whose entry is malformed (by name), and problems with the file as a whole (no server). */
  problems: McpConfigProblem[];
  /** Worth saying, not worth refusing: fields Specwright does not use. */
  warnings: string[];
}

// Kiro writes strings; numbers and booleans in args or env are what a person meant as text.
const text = z.union([z.string(), z.number(), z.boolean()]).transform(String);
const absent = <T extends z.ZodTypeAny>(schema: T) => schema.nullish().transform((v) => v ?? undefined);

const TRANSPORT_NAMES: Record<string, McpTransportKind> = {
  stdio: 'stdio',
  local: 'stdio',
  http: 'http',
  'streamable-http': 'http',
  streamablehttp: 'http',
  'streamable_http': 'http',
  sse: 'sse',
};

const serverSchema = z.object({
  command: absent(z.string().trim().min(1, 'must not be empty')),
  args: absent(z.array(text)),
  env: absent(z.record(z.string(), text)),
  cwd: absent(z.string()),
  url: absent(z.string().trim().min(1, 'must not be empty')),
  headers: absent(z.record(z.string(), text)),
  type: absent(z.string()),
  transport: absent(z.string()),
  disabled: absent(z.boolean()),
  autoApprove: absent(z.array(z.string())),
  disabledTools: absent(z.array(z.string())),
  timeout: absent(z.number().positive('must be a positive number of milliseconds')),
  sandbox: absent(z.boolean()),
});

const KNOWN_FIELDS = new Set(Object.keys(serverSchema.shape));
/** Fields other clients write that change nothing here; not worth a warning. */
const QUIET_FIELDS = new Set(['description', 'name', 'enabled', 'alwaysAllow', 'oauth', 'trust', 'tools']);

/** Parses one mcp.json (JSON with comments). `file` names it in every problem. */
export function parseConfigFile(source: string, file: string): ParsedConfigFile {
  const lines = lineStarts(source);
  const at = (offset: number) => position(lines, offset);
  const errors: ParseError[] = [];
  const root = source.trim() === '' ? undefined : parseTree(source, errors, { allowTrailingComma: true, disallowComments: false });
  const result: ParsedConfigFile = { order: [], servers: [], problems: [], warnings: [] };
  if (!root) {
    if (errors.length) result.problems.push({ file, ...at(errors[0]!.offset), detail: `is not valid JSON: ${describeParseError(errors[0]!)}` });
    return result;
  }
  if (root.type !== 'object') {
    result.problems.push({ file, ...at(root.offset), detail: `must hold a JSON object with "mcpServers" (got ${describeNode(root)})` });
    return result;
  }
  const serversNode = findNodeAtLocation(root, ['mcpServers']);
  const entries = serversNode?.type === 'object' ? (serversNode.children ?? []) : [];
  // A syntax error inside one server's entry breaks that server; one anywhere else breaks the file.
  const brokenServers = new Map<string, ParseError>();
  for (const error of errors) {
    const owner = entries.find((p) => p.children?.[1] && contains(p.children[1], error.offset));
    const name = owner?.children?.[0]?.value;
    if (typeof name !== 'string') {
      result.problems.push({ file, ...at(error.offset), detail: `is not valid JSON: ${describeParseError(error)}` });
      return result;
    }
    if (!brokenServers.has(name)) brokenServers.set(name, error);
  }
  for (const property of root.children ?? []) {
    const key = property.children?.[0]?.value;
    if (key !== 'mcpServers' && typeof key === 'string' && !key.startsWith('$')) result.warnings.push(`${file}: "${key}" is not used by Specwright; it is ignored`);
  }
  if (!serversNode) return result;
  if (serversNode.type !== 'object') {
    result.problems.push({ file, ...at(serversNode.offset), field: 'mcpServers', detail: `must be an object of servers by name (got ${describeNode(serversNode)})` });
    return result;
  }
  for (const property of entries) {
    const [keyNode, valueNode] = property.children ?? [];
    const name = keyNode?.value;
    if (typeof name !== 'string' || !keyNode || !valueNode) continue;
    result.order.push(name);
    const broken = brokenServers.get(name);
    if (broken) {
      result.problems.push({ file, server: name, ...at(broken.offset), detail: `is not valid JSON: ${describeParseError(broken)}` });
      continue;
    }
    if (!name.trim()) {
      result.problems.push({ file, server: name, ...at(keyNode.offset), detail: 'a server needs a non-empty name' });
      continue;
    }
    const parsed = parseServer(name, valueNode, file, at);
    if ('problem' in parsed) result.problems.push(parsed.problem);
    else {
      result.servers.push(parsed.server);
      result.warnings.push(...parsed.warnings);
    }
  }
  return result;
}

type Locate = (offset: number) => { line: number; column: number };

function parseServer(name: string, node: Node, file: string, at: Locate): { server: RawServer; warnings: string[] } | { problem: McpConfigProblem } {
  const where = (path: Array<string | number>) => {
    const found = findNodeAtLocation(node, path);
    return at((found ?? node).offset);
  };
  if (node.type !== 'object') return { problem: { file, server: name, ...at(node.offset), detail: `must be an object with "command" or "url" (got ${describeNode(node)})` } };
  const value = getNodeValue(node) as Record<string, unknown>;
  const parsed = serverSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    return { problem: { file, server: name, field: formatField(path), ...where(path), detail: describeIssue(issue) } };
  }
  const v = parsed.data;
  const fail = (field: string, detail: string) => ({ problem: { file, server: name, field, ...where([field]), detail } });
  const typeField = v.type !== undefined ? 'type' : 'transport';
  const typeName = v.type ?? v.transport;
  let transport: McpTransportKind | undefined;
  if (typeName !== undefined) {
    transport = TRANSPORT_NAMES[typeName.toLowerCase()];
    if (!transport) return fail(typeField, `"${typeName}" is not a transport; use "stdio", "http" or "sse"`);
  }
  if (v.command !== undefined && v.url !== undefined) return fail('url', 'give either "command" (a local server) or "url" (a remote one), not both');
  if (transport === 'stdio' && v.url !== undefined) return fail(typeField, `"${typeName}" needs "command", and this server has "url"`);
  if ((transport === 'http' || transport === 'sse') && v.command !== undefined) return fail(typeField, `"${typeName}" needs "url", and this server has "command"`);
  if (v.command === undefined && v.url === undefined && !v.disabled) return fail('command', 'a server needs "command" (a local server) or "url" (a remote one)');
  const warnings = Object.keys(value)
    .filter((key) => !KNOWN_FIELDS.has(key) && !QUIET_FIELDS.has(key))
    .map((key) => `${file}: server "${name}": "${key}" is not used by Specwright; it is ignored`);
  return {
    server: {
      name,
      ...(v.command !== undefined ? { command: v.command } : {}),
      args: v.args ?? [],
      env: v.env ?? {},
      ...(v.cwd !== undefined ? { cwd: v.cwd } : {}),
      ...(v.url !== undefined ? { url: v.url } : {}),
      headers: v.headers ?? {},
      ...(transport ? { transport } : {}),
      disabled: v.disabled ?? false,
      autoApprove: v.autoApprove ?? [],
      disabledTools: v.disabledTools ?? [],
      ...(v.timeout !== undefined ? { timeout: v.timeout } : {}),
      ...(v.sandbox !== undefined ? { sandbox: v.sandbox } : {}),
      locate: where,
    },
    warnings,
  };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') return `must be ${article(issue.expected)}`;
  // The only unions are the text fields, which take a string (or a number or boolean meant as one).
  if (issue.code === 'invalid_union') return 'must be text';
  return issue.message;
}

function article(expected: string): string {
  const names: Record<string, string> = { string: 'text', array: 'a list', object: 'an object', record: 'an object', boolean: 'true or false', number: 'a number' };
  return names[expected] ?? expected;
}

function formatField(path: Array<string | number>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function describeNode(node: Node): string {
  if (node.type === 'array') return 'a list';
  if (node.type === 'null') return 'null';
  return `a ${node.type}`;
}

function describeParseError(error: ParseError): string {
  const names: Partial<Record<string, string>> = {
    InvalidSymbol: 'unexpected character',
    InvalidNumberFormat: 'malformed number',
    PropertyNameExpected: 'a property name (in double quotes) was expected',
    ValueExpected: 'a value was expected',
    ColonExpected: 'a ":" was expected',
    CommaExpected: 'a "," was expected',
    CloseBraceExpected: 'a "}" was expected',
    CloseBracketExpected: 'a "]" was expected',
    EndOfFileExpected: 'unexpected text after the end',
    UnexpectedEndOfComment: 'a comment is not closed',
    UnexpectedEndOfString: 'a string is not closed',
    UnexpectedEndOfNumber: 'malformed number',
    InvalidUnicode: 'malformed \\u escape',
    InvalidEscapeCharacter: 'malformed escape',
    InvalidCharacter: 'a control character inside a string',
  };
  const code = printParseErrorCode(error.error);
  return names[code] ?? code;
}

function contains(node: Node, offset: number): boolean {
  return offset >= node.offset && offset < node.offset + node.length;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function position(starts: number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - starts[low]! + 1 };
}
