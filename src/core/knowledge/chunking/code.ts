import type { Chunk } from '../types';
import { chunkOf, MAX_CHUNK_CHARS, MAX_CHUNK_LINES, windows } from './lines';

/**
 * Declarations per language, by regular expression on one line: a light parser that needs no
 * grammar and never downloads one. Each pattern captures the declaration's `kind` and `name`.
 */
interface Language {
  extensions: readonly string[];
  declarations: readonly RegExp[];
  /** Lines that belong to the declaration below them (comments, decorators, attributes). */
  leading: RegExp;
}

const C_COMMENTS = /^\s*(\/\/|\/\*|\*|@|#\[)/;
const HASH_COMMENTS = /^\s*(#|@)/;

const LANGUAGES: readonly Language[] = [
  {
    extensions: ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'],
    declarations: [
      /^\s*(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:async\s+)?(?<kind>function)\*?\s*(?<name>[A-Za-z_$][\w$]*)/,
      /^\s*(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:abstract\s+)?(?<kind>class|interface|enum|namespace)\s+(?<name>[A-Za-z_$][\w$]*)/,
      /^\s*(?:export\s+)?(?:declare\s+)?(?<kind>type)\s+(?<name>[A-Za-z_$][\w$]*)\s*(?:<[^=]*>)?\s*=/,
      /^\s*(?:export\s+)?(?<kind>const|let|var)\s+(?<name>[A-Za-z_$][\w$]*)\s*(?::[^=]*)?=\s*(?:async\s+)?(?:function\b|\([^)]*\)?\s*(?::[^=]*)?=>|[A-Za-z_$][\w$]*\s*=>|\(\s*$)/,
      /^\s+(?:(?:public|private|protected|static|readonly|override|abstract|async|get|set)\s+)*(?<name>(?!if\b|for\b|while\b|switch\b|catch\b|return\b|function\b)[A-Za-z_$][\w$]*)\s*(?:<[^>]*>)?\([^;]*\)\s*(?::\s*[^;{=]+)?\{\s*$/,
    ],
    leading: C_COMMENTS,
  },
  {
    extensions: ['.py', '.pyi'],
    declarations: [/^\s*(?:async\s+)?(?<kind>def|class)\s+(?<name>\w+)/],
    leading: HASH_COMMENTS,
  },
  {
    extensions: ['.go'],
    declarations: [/^(?<kind>func)\s+(?:\([^)]*\)\s*)?(?<name>\w+)/, /^(?<kind>type)\s+(?<name>\w+)/],
    leading: /^\s*\/\//,
  },
  {
    extensions: ['.rs'],
    declarations: [
      /^\s*(?:pub(?:\([^)]*\))?\s+)?(?:const\s+)?(?:async\s+)?(?:unsafe\s+)?(?:extern\s+"[^"]*"\s+)?(?<kind>fn)\s+(?<name>\w+)/,
      /^\s*(?:pub(?:\([^)]*\))?\s+)?(?<kind>struct|enum|trait|union|mod|type|macro_rules!)\s*(?<name>\w+)/,
      /^\s*(?<kind>impl)(?:<[^>]*>)?\s+(?<name>[\w:<>, ]+?)\s*(?:where\b.*)?\{?\s*$/,
    ],
    leading: /^\s*(\/\/|#\[|#!\[)/,
  },
  {
    extensions: ['.java', '.kt', '.kts', '.cs', '.scala', '.swift', '.dart', '.groovy'],
    declarations: [
      /^\s*(?:(?:public|private|protected|internal|static|final|abstract|sealed|partial|open|data|inline|override|export)\s+)*(?<kind>class|interface|enum|record|struct|object|protocol|extension|trait)\s+(?<name>\w+)/,
      /^\s*(?:(?:public|private|protected|internal|static|final|open|override|suspend|inline|private\s+set|mutating)\s+)*(?<kind>fun|func|def)\s+(?:<[^>]*>\s*)?(?:[\w.]+\.)?(?<name>\w+)/,
      /^\s+(?:(?:public|private|protected|internal|static|final|abstract|override|virtual|async|synchronized|native|sealed|new)\s+)+[\w<>[\],.?]+\s+(?<name>\w+)\s*\([^;]*$/,
    ],
    leading: C_COMMENTS,
  },
  {
    extensions: ['.rb'],
    declarations: [/^\s*(?<kind>def)\s+(?:self\.)?(?<name>\w+[?!=]?)/, /^\s*(?<kind>class|module)\s+(?<name>[\w:]+)/],
    leading: /^\s*#/,
  },
  {
    extensions: ['.php'],
    declarations: [
      /^\s*(?:(?:public|private|protected|static|final|abstract)\s+)*(?<kind>function)\s+(?<name>\w+)/,
      /^\s*(?:(?:final|abstract)\s+)?(?<kind>class|interface|trait|enum)\s+(?<name>\w+)/,
    ],
    leading: C_COMMENTS,
  },
  {
    extensions: ['.c', '.h', '.cc', '.cpp', '.cxx', '.hpp', '.hh', '.m', '.mm'],
    declarations: [
      /^(?:typedef\s+)?(?<kind>struct|class|enum|union|namespace)\s+(?<name>\w+)[^;]*$/,
      /^(?!\s|#|return\b|else\b|if\b|while\b|for\b|switch\b|case\b|typedef\b)[\w*&:<>,~\s]*?\b(?<name>~?\w+)\s*\([^;]*\)?\s*(?:const\s*)?(?:\{\s*)?$/,
    ],
    leading: /^\s*(\/\/|\/\*|\*)/,
  },
  {
    extensions: ['.sh', '.bash', '.zsh'],
    declarations: [/^\s*(?:(?<kind>function)\s+)?(?<name>[A-Za-z_][\w-]*)\s*\(\)\s*\{?\s*$/, /^\s*(?<kind>function)\s+(?<name>[A-Za-z_][\w-]*)/],
    leading: /^\s*#/,
  },
  {
    extensions: ['.lua'],
    declarations: [/^\s*(?:local\s+)?(?<kind>function)\s+(?<name>[\w.:]+)/],
    leading: /^\s*--/,
  },
  {
    extensions: ['.sql'],
    declarations: [/^\s*create\s+(?:or\s+replace\s+)?(?<kind>table|view|function|procedure|index|trigger|type)\s+(?:if\s+not\s+exists\s+)?(?<name>[\w."]+)/i],
    leading: /^\s*--/,
  },
];

const BY_EXTENSION = new Map(LANGUAGES.flatMap((language) => language.extensions.map((ext) => [ext, language] as const)));

export function hasSymbolParser(extension: string): boolean {
  return BY_EXTENSION.has(extension);
}

interface Declaration {
  line: number;
  indent: number;
  name: string;
  title: string;
}

/**
 * Source cut at its declarations: every top-level function, class, type… is a chunk (with the
 * comments and decorators just above it), titled with its kind and name; one too long for a chunk
 * is cut at the declarations inside it (methods), then into windows. What comes before the first
 * declaration (imports, module comments) is a chunk of its own. Null when the language is unknown.
 */
export function codeChunks(lines: readonly string[], extension: string, fileName: string): Chunk[] | null {
  const language = BY_EXTENSION.get(extension);
  if (!language) return null;
  const declarations = findDeclarations(lines, language);
  if (!declarations.length) return windows(lines, 0, lines.length, fileName);
  const outer = Math.min(...declarations.map((d) => d.indent));
  const top = declarations.filter((d) => d.indent === outer);
  const chunks: Chunk[] = [];
  const starts = leadingStarts(lines, top, language, 0);
  if (starts[0]! > 0) chunks.push(...windows(lines, 0, starts[0]!, fileName));
  top.forEach((declaration, i) => {
    const to = starts[i + 1] ?? lines.length;
    const inside = declarations.filter((d) => d.line > declaration.line && d.line < to);
    chunks.push(...declarationChunks(lines, starts[i]!, to, declaration, inside, language));
  });
  return chunks.filter((c) => c.text.trim());
}

function declarationChunks(lines: readonly string[], from: number, to: number, declaration: Declaration, inside: Declaration[], language: Language): Chunk[] {
  const symbols = [declaration.name, ...inside.map((d) => d.name)];
  if (fits(lines, from, to)) return [chunkOf(lines, from, to, declaration.title, unique(symbols))];
  const innerIndent = inside.length ? Math.min(...inside.map((d) => d.indent)) : -1;
  const members = inside.filter((d) => d.indent === innerIndent);
  if (!members.length) return windows(lines, from, to, declaration.title, unique(symbols));
  const chunks: Chunk[] = [];
  const starts = leadingStarts(lines, members, language, from + 1);
  chunks.push(...windows(lines, from, starts[0]!, declaration.title, [declaration.name]));
  members.forEach((member, i) => {
    const end = starts[i + 1] ?? to;
    const memberSymbols = unique([member.name, ...inside.filter((d) => d.line > member.line && d.line < end).map((d) => d.name)]);
    chunks.push(...windows(lines, starts[i]!, end, `${declaration.title} › ${member.title}`, memberSymbols));
  });
  return chunks;
}

function findDeclarations(lines: readonly string[], language: Language): Declaration[] {
  const found: Declaration[] = [];
  lines.forEach((line, i) => {
    if (line.length > 400) return; // minified code: no declarations worth a chunk
    for (const pattern of language.declarations) {
      const groups = pattern.exec(line)?.groups;
      if (!groups?.name) continue;
      const indent = /^\s*/.exec(line)![0].replace(/\t/g, '    ').length;
      found.push({ line: i, indent, name: groups.name, title: groups.kind ? `${groups.kind} ${groups.name}` : groups.name });
      break;
    }
  });
  return found;
}

/**
 * Where each declaration's chunk starts: its first line, moved up over the comments and decorators
 * right above it, but never above the line after the previous declaration (or `floor`).
 */
function leadingStarts(lines: readonly string[], declarations: readonly Declaration[], language: Language, floor: number): number[] {
  return declarations.map((declaration, i) => {
    const limit = i === 0 ? floor : declarations[i - 1]!.line + 1;
    let start = declaration.line;
    while (start - 1 >= limit && lines[start - 1]!.trim() && language.leading.test(lines[start - 1]!)) start--;
    return start;
  });
}

function fits(lines: readonly string[], from: number, to: number): boolean {
  if (to - from > MAX_CHUNK_LINES) return false;
  let chars = 0;
  for (let i = from; i < to; i++) chars += lines[i]!.length + 1;
  return chars <= MAX_CHUNK_CHARS;
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}
