import { parseShellJson } from './wasm/shellParser';

/**
 * A node of the parsed script as a plain object, as the shell parser (mvdan.cc/sh compiled to
 * WebAssembly, see tools/shell-parser) writes it: `type` is the mvdan/sh node type (`CallExpr`,
 * `Word`…), `pos`/`end` are UTF-8 byte offsets, and the other fields are the Go fields of that node
 * (mvdan.cc/sh/v3/syntax): nodes as ShNode, slices as arrays, nil as null, operators as their text.
 */
export interface ShNode {
  type: string;
  pos: number;
  end: number;
  [field: string]: unknown;
}
export interface File extends ShNode { Stmts: Stmt[] }
export interface Stmt extends ShNode { Cmd: ShNode | null; Redirs: Redirect[]; Negated: boolean; Background: boolean }
export interface CallExpr extends ShNode { Assigns: Assign[]; Args: Word[] }
export interface Assign extends ShNode { Name: Lit | null; Value: Word | null; Naked: boolean; Append: boolean }
export interface BinaryCmd extends ShNode { Op: string; X: Stmt; Y: Stmt }
export interface FuncDecl extends ShNode { Name: Lit; Body: Stmt }
export interface Redirect extends ShNode { Op: string; N: Lit | null; Word: Word | null; Hdoc: Word | null }
export interface Word extends ShNode { Parts: ShNode[] }
export interface Lit extends ShNode { Value: string }
export interface SglQuoted extends ShNode { Value: string; Dollar: boolean }
export interface DblQuoted extends ShNode { Parts: ShNode[]; Dollar: boolean }
/** `$x`, `${x}` and every `${x…}` form; the expansion fields are null, false or "" when absent. */
export interface ParamExp extends ShNode {
  Param: Lit | null; Short: boolean; Excl: boolean; Length: boolean; Width: boolean;
  Index: unknown; Slice: unknown; Repl: unknown; Exp: unknown; Names: string;
}
export interface CmdSubst extends ShNode { Stmts: Stmt[] }
export interface ProcSubst extends ShNode { Op: string; Stmts: Stmt[] }

export type ShellParse = { ok: true; file: File; source: ShellSource } | { ok: false; message: string };

/** Redirection operators (syntax.RedirOperator), as the parser writes them. */
export const RedirOp = {
  out: '>',
  append: '>>',
  in: '<',
  inOut: '<>',
  dupIn: '<&',
  dupOut: '>&',
  clobber: '>|',
  heredoc: '<<',
  dashHeredoc: '<<-',
  hereString: '<<<',
  outAll: '&>',
  appendAll: '&>>',
} as const;

/** Binary command operators (syntax.BinCmdOperator). */
export const BinOp = { and: '&&', or: '||', pipe: '|', pipeAll: '|&' } as const;

/**
 * Parses bash source. Never throws for bad input: a syntax error comes back as a message with line
 * and column. Throws ShellParserNotLoadedError before loadShellParser() has finished.
 */
export function parseShell(text: string): ShellParse {
  const parsed = JSON.parse(parseShellJson(text)) as { type?: string; error?: string };
  if (typeof parsed.error === 'string') return { ok: false, message: parseErrorMessage(parsed.error) };
  return { ok: true, file: parsed as File, source: new ShellSource(text) };
}

function parseErrorMessage(text: string): string {
  const located = /^:?(\d+):(\d+):\s*([\s\S]*)$/.exec(text);
  return located ? `${located[3]} at line ${located[1]}, column ${located[2]}` : text;
}

export function nodeType(node: ShNode): string {
  return node.type;
}

/** Visits `node` and its descendants in source order; return false from `visit` to skip a node's children. */
export function walk(node: ShNode, visit: (node: ShNode) => boolean): void {
  if (!visit(node)) return;
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) walk(item, visit);
    } else if (isNode(value)) {
      walk(value, visit);
    }
  }
}

function isNode(value: unknown): value is ShNode {
  return typeof value === 'object' && value !== null && typeof (value as ShNode).type === 'string';
}

/**
 * The text a script was parsed from. The parser reports UTF-8 byte offsets (it is Go underneath), so
 * slices are taken from the bytes, not from the JavaScript string.
 */
export class ShellSource {
  private readonly bytes: Buffer;

  constructor(readonly text: string) {
    this.bytes = Buffer.from(text, 'utf8');
  }

  of(node: ShNode): string {
    return this.bytes.subarray(node.pos, node.end).toString('utf8');
  }
}
