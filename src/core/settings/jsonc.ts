import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';

/** A syntax error in a JSON file, with the 1-based line and column where parsing stopped. */
export class JsonSyntaxError extends Error {
  constructor(
    readonly detail: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${detail} at line ${line}, column ${column}`);
    this.name = 'JsonSyntaxError';
  }
}

/**
 * Parses JSON that may hold `//` and `/* *\/` comments and trailing commas, the dialect VS Code and
 * Kiro use for settings files people edit by hand (jsonc-parser, the parser VS Code itself uses).
 * The first error is thrown with its line and column; a `"__proto__"` key stays plain data.
 */
export function parseJsonc(text: string): unknown {
  // A byte order mark is invisible in editors: columns are counted without it.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const errors: ParseError[] = [];
  const root = parseTree(body, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  const first = errors[0];
  if (first) throw syntaxError(body, first, root);
  if (!root) {
    const { line, column } = lineAndColumn(body, body.length);
    throw new JsonSyntaxError('unexpected end of file', line, column);
  }
  return valueOf(root);
}

/**
 * Where a field's key is written in `text` (parsed without complaint): the deepest part of `field`
 * that is there, nested (`{"agent": {"autonomyLevel": …}}`) or as a VS Code-style dotted key
 * (`"agent.autonomyLevel"`). Undefined when none of it is.
 */
export function fieldLocation(text: string, field: ReadonlyArray<string | number>): { line: number; column: number } | undefined {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const root = parseTree(body, [], { allowTrailingComma: true, disallowComments: false });
  if (!root) return undefined;
  for (let depth = field.length; depth > 0; depth--) {
    const node = nodeAt(root, field.slice(0, depth));
    if (!node) continue;
    // A property's value: point at its key, where a reader looks for the field.
    return lineAndColumn(body, node.parent?.type === 'property' ? node.parent.offset : node.offset);
  }
  return undefined;
}

/** The node at `path`, written nested or with its leading keys joined by dots. */
function nodeAt(root: Node, path: ReadonlyArray<string | number>): Node | undefined {
  const nested = findNodeAtLocation(root, [...path]);
  if (nested) return nested;
  for (let joined = 2; joined <= path.length; joined++) {
    const keys = path.slice(0, joined);
    if (!keys.every((k) => typeof k === 'string')) break;
    const node = findNodeAtLocation(root, [keys.join('.'), ...path.slice(joined)]);
    if (node) return node;
  }
  return undefined;
}

/** 1-based line and column of an offset, counting `\n` as the line break. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

function valueOf(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const result: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (!key || !value) continue;
        // defineProperty, so a "__proto__" key is data and not a prototype change.
        Object.defineProperty(result, String(key.value), { value: valueOf(value), enumerable: true, writable: true, configurable: true });
      }
      return result;
    }
    case 'array':
      return (node.children ?? []).map(valueOf);
    default:
      return node.value;
  }
}

function syntaxError(text: string, error: ParseError, root: Node | undefined): JsonSyntaxError {
  const { line, column } = lineAndColumn(text, error.offset);
  return new JsonSyntaxError(describeError(text, error, root), line, column);
}

function describeError(text: string, error: ParseError, root: Node | undefined): string {
  const atEnd = error.offset >= text.length;
  const found = atEnd ? 'end of file' : describeChar(text[error.offset]!);
  switch (printParseErrorCode(error.error)) {
    case 'CommaExpected':
      return containerAt(root, error.offset) === 'array' ? 'expected "," or "]"' : 'expected "," or "}"';
    case 'CloseBraceExpected':
      return atEnd ? 'unexpected end of file, expected "}"' : `expected "," or "}" (found ${found})`;
    case 'CloseBracketExpected':
      return atEnd ? 'unexpected end of file, expected "]"' : `expected "," or "]" (found ${found})`;
    case 'PropertyNameExpected':
      return atEnd ? 'unexpected end of file, expected "}"' : 'expected a property name in double quotes';
    case 'ColonExpected':
      return 'expected ":" after the property name';
    case 'ValueExpected':
      return atEnd ? 'unexpected end of file' : `unexpected ${found}`;
    case 'EndOfFileExpected':
      return `unexpected ${found} after the value`;
    case 'InvalidSymbol':
      return root && error.offset >= root.offset + root.length ? `unexpected ${found} after the value` : `unexpected ${describeToken(text, error)}`;
    case 'UnexpectedEndOfString':
      return 'unterminated string';
    case 'UnexpectedEndOfComment':
      return 'unterminated comment';
    case 'InvalidEscapeCharacter':
    case 'InvalidUnicode':
      return 'invalid escape in string';
    case 'InvalidCharacter':
      return 'control character in string';
    case 'InvalidNumberFormat':
    case 'UnexpectedEndOfNumber':
      return 'invalid number';
    default:
      return `unexpected ${found}`;
  }
}

/** Whether the innermost object or array around `offset` is an array (for "expected , or ]"). */
function containerAt(root: Node | undefined, offset: number): 'object' | 'array' | null {
  let found: 'object' | 'array' | null = null;
  let node = root;
  while (node) {
    if (node.type === 'object' || node.type === 'array') found = node.type;
    const inside: Node | undefined = node.children?.find((child) => offset > child.offset && offset < child.offset + child.length);
    node = inside?.type === 'property' ? inside.children?.[1] : inside;
  }
  return found;
}

function describeToken(text: string, error: ParseError): string {
  const token = text.slice(error.offset, error.offset + Math.max(1, Math.min(error.length, 20)));
  return token.length > 1 ? `"${token}"` : describeChar(token);
}

function describeChar(ch: string): string {
  return ch === '\n' ? 'line break' : `"${ch}"`;
}
