import sh, { type ParseError } from 'mvdan-sh';

/**
 * A node of the parsed script as a plain object: `type` is the mvdan/sh node type (`CallExpr`,
 * `Word`…), `pos`/`end` are UTF-8 byte offsets, and the other fields are the Go fields of that
 * node (mvdan.cc/sh/v3/syntax), converted: nodes to ShNode, slices to arrays, nil to null.
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
export interface BinaryCmd extends ShNode { Op: number; X: Stmt; Y: Stmt }
export interface FuncDecl extends ShNode { Name: Lit; Body: Stmt }
export interface Redirect extends ShNode { Op: number; N: Lit | null; Word: Word | null; Hdoc: Word | null }
export interface Word extends ShNode { Parts: ShNode[] }
export interface Lit extends ShNode { Value: string }
export interface SglQuoted extends ShNode { Value: string; Dollar: boolean }
export interface DblQuoted extends ShNode { Parts: ShNode[]; Dollar: boolean }
/** `$x`, `${x}` and every `${x…}` form; the expansion fields are null/false/0 when absent. */
export interface ParamExp extends ShNode {
  Param: Lit | null; Short: boolean; Excl: boolean; Length: boolean; Width: boolean;
  Index: unknown; Slice: unknown; Repl: unknown; Exp: unknown; Names: number;
}
export interface CmdSubst extends ShNode { Stmts: Stmt[] }
export interface ProcSubst extends ShNode { Op: number; Stmts: Stmt[] }

export type ShellParse = { ok: true; file: File; source: ShellSource } | { ok: false; message: string };

/** mvdan-sh redirect operators (syntax.RedirOperator). */
export const RedirOp = {
  out: 54, // >
  append: 55, // >>
  in: 56, // <
  inOut: 57, // <>
  dupIn: 58, // <&
  dupOut: 59, // >&
  clobber: 60, // >|
  heredoc: 61, // <<
  dashHeredoc: 62, // <<-
  hereString: 63, // <<<
  outAll: 64, // &>
  appendAll: 65, // &>>
} as const;

/** mvdan-sh binary command operators (syntax.BinCmdOperator). */
export const BinOp = { and: 10, or: 11, pipe: 12, pipeAll: 13 } as const;

const parser = sh.syntax.NewParser();

/** Parses bash source. Never throws: a syntax error comes back as a message with line and column. */
export function parseShell(text: string): ShellParse {
  let parsed: unknown;
  try {
    parsed = parser.Parse(text, '');
  } catch (error) {
    return { ok: false, message: parseErrorMessage(error) };
  }
  const internal = (parsed as { __internal_object__?: GoValue }).__internal_object__;
  if (!internal) return { ok: false, message: 'the shell parser returned a tree this version of Specwright cannot read' };
  return { ok: true, file: convertNode(internal) as File, source: new ShellSource(text) };
}

function parseErrorMessage(error: unknown): string {
  const candidate = error as Partial<ParseError> | null;
  if (candidate && typeof candidate.Error === 'function') {
    const text = candidate.Error();
    const located = /^:?(\d+):(\d+):\s*([\s\S]*)$/.exec(text);
    return located ? `${located[3]} at line ${located[1]}, column ${located[2]}` : text;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * The converter reads the Go values GopherJS keeps behind mvdan-sh's JavaScript wrappers. Going
 * through the wrappers costs a fresh wrapper object per field read (about 0.2 ms each, so tens of
 * milliseconds per command); reading the Go values once is a hundred times faster. The layout is
 * GopherJS's (slices are {$array,$offset,$length}, nil pointers are their type's `nil`, strings are
 * UTF-8 bytes), which is frozen: mvdan-sh 0.10.1 is the last release of this build.
 */
interface GoType {
  kind: number;
  string: string;
  elem?: GoType;
  fields?: Array<{ name: string; prop: string; exported: boolean; typ: GoType }>;
  nil?: unknown;
}
type GoValue = { constructor: GoType; Pos(): { offs: number }; End(): { offs: number }; [prop: string]: unknown };
const Kind = { interface: 20, ptr: 22, slice: 23, string: 24 } as const;
const SCALAR_KINDS = new Set([1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13, 14]);
const SKIP = Symbol('skip');

function convertNode(raw: GoValue): ShNode {
  const node: ShNode = { type: raw.constructor.string.replace(/^\*syntax\./, ''), pos: offset(() => raw.Pos()), end: offset(() => raw.End()) };
  for (const field of raw.constructor.elem?.fields ?? []) {
    if (!field.exported) continue;
    const value = convertValue(raw[field.prop], field.typ);
    if (value !== SKIP) node[field.name] = value;
  }
  return node;
}

function convertValue(value: unknown, typ: GoType): unknown {
  switch (typ.kind) {
    case Kind.ptr:
      if (value === null || value === undefined || value === typ.nil) return null;
      return typ.string.startsWith('*syntax.') ? convertNode(value as GoValue) : SKIP;
    case Kind.interface: {
      const concrete = (value as { constructor?: Partial<GoType> } | null)?.constructor;
      if (!concrete || typeof concrete.string !== 'string') return null;
      if (concrete.kind !== Kind.ptr || value === concrete.nil) return concrete.kind === Kind.ptr ? null : SKIP;
      return concrete.string.startsWith('*syntax.') ? convertNode(value as GoValue) : SKIP;
    }
    case Kind.slice: {
      const slice = value as { $array: unknown[]; $offset: number; $length: number };
      const out: unknown[] = [];
      for (let i = 0; i < slice.$length; i++) {
        const item = convertValue(slice.$array[slice.$offset + i], typ.elem!);
        if (item !== SKIP) out.push(item);
      }
      return out;
    }
    case Kind.string:
      return fromGoString(value as string);
    default:
      return SCALAR_KINDS.has(typ.kind) ? value : SKIP;
  }
}

function offset(read: () => { offs: number }): number {
  try {
    return read().offs;
  } catch {
    return 0;
  }
}

/** GopherJS keeps Go strings as one JavaScript character per UTF-8 byte. */
function fromGoString(bytes: string): string {
  return /^[\x00-\x7f]*$/.test(bytes) ? bytes : Buffer.from(bytes, 'latin1').toString('utf8');
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
