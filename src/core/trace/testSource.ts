import * as path from 'node:path';
import { commentMentions, nameMentions, type MentionKind } from './mentions';
import { commentStyleOf, splitSource } from './sourceComments';

/** One test (or group of tests, or a whole file) and the criteria and properties it names. */
export interface TestCase {
  /** Workspace-relative, forward slashes. */
  file: string;
  /** 1-based line of its declaration (for a file: of the first mention). */
  line: number;
  name: string;
  kind: 'test' | 'group' | 'file';
  mentions: TestMention[];
}

export interface TestMention {
  kind: MentionKind;
  id: string;
  /** 1-based. */
  line: number;
  via: 'name' | 'comment';
}

/** What one test file holds: every test declared in it, whether or not it names anything. */
export interface ScannedTestFile {
  file: string;
  tests: TestCase[];
  /**
   * Every word and kebab/snake compound of the file, lower-cased with `_` read as `-`: whether the
   * file names a spec (`todo-cli`, `todo_cli`) is looked up here.
   */
  words: ReadonlySet<string>;
}

/** A spec's name as the `words` of a file hold it. */
export function wordKey(name: string): string {
  return name.toLowerCase().replace(/_/g, '-');
}

const CODE_EXTENSIONS = new Set(['js', 'jsx', 'ts', 'tsx', 'mjs', 'cjs', 'mts', 'cts', 'py', 'go', 'rs', 'java', 'kt', 'kts', 'cs', 'swift', 'scala', 'c', 'cc', 'cpp', 'cxx', 'h', 'hpp', 'rb', 'php', 'dart', 'ex', 'exs']);
const TEST_NAME = /(?:^|[._-])(?:test|spec|tests|specs)\.[a-z]+$|^test_.*\.py$|_test\.[a-z]+$|_spec\.rb$|(?:Test|Tests|Spec)\.(?:java|kt|kts|cs|swift|scala|php)$/;
const TEST_FOLDER = /(?:^|\/)(?:__tests__|tests?|specs?|e2e|integration)\//;

/**
 * A test file by the usual conventions: `*.test.ts`, `*.spec.js`, `test_*.py`, `*_test.go`,
 * `FooTest.java`, `*_spec.rb`, or any code file under a `test/`, `tests/`, `__tests__/`, `spec/`
 * folder. Nothing under `.kiro/` (its `specs/` folder holds the specs, not tests).
 */
export function isTestFile(relative: string): boolean {
  const file = relative.replace(/\\/g, '/');
  if (file.startsWith('.kiro/') || file.includes('/.kiro/')) return false;
  const base = path.posix.basename(file);
  const ext = base.includes('.') ? base.slice(base.lastIndexOf('.') + 1).toLowerCase() : '';
  if (!CODE_EXTENSIONS.has(ext) || base.endsWith('.d.ts')) return false;
  return TEST_NAME.test(base) || TEST_FOLDER.test(file);
}

interface Declaration {
  line: number;
  indent: number;
  name: string;
  kind: 'test' | 'group';
}

const JS_DECLARATION = /^\s*(?:await\s+)?(?:Deno\.)?(it|test|describe|suite|context|specify|bench|scenario|feature)\b(?:\.\w+(?:\([^()]*\))?)*\s*\(\s*(['"`])((?:\\.|(?!\2)[^\\])*)\2/;
const RUBY_DECLARATION = /^\s*(it|describe|context|specify|scenario|feature)\s*\(?\s*(['"])((?:\\.|(?!\2)[^\\])*)\2/;
const PYTHON_DECLARATION = /^\s*(?:async\s+)?(def|class)\s+((?:test|Test)\w*)\s*[(:]/;
const GO_DECLARATION = /^func\s+((?:Test|Fuzz|Example)\w*)\s*\(/;
const CPP_DECLARATION = /^\s*(?:TEST(?:_F|_P)?\s*\(\s*(\w+)\s*,\s*(\w+)|(?:BOOST_(?:AUTO_|DATA_|FIXTURE_)?TEST_CASE|BOOST_AUTO_TEST_SUITE)\s*\(\s*(\w+)|(?:TEST_CASE|SCENARIO)\s*\(\s*"((?:\\.|[^"\\])*)")/;
const ANNOTATED_METHOD = /\bfun\s+`([^`]+)`\s*\(|(?:fun|void|def|func|Task|async\s+\w+|[\w<>[\]]+)\s+(\w+)\s*\(/;
const TEST_ANNOTATION = /^\s*(?:@(?:Test|ParameterizedTest|Property|RepeatedTest|TestFactory|Theory)\b|\[(?:Fact|Theory|Test|TestMethod|TestCase)\b|#\[(?:\w+::)*test\b|#\[proptest\b)/;
const METHOD_TEST = /^\s*(?:public\s+)?(?:func|function)\s+(test\w*)\s*\(/;

/** Lines that may sit between a test's leading comment and its declaration. */
const DECORATION = /^\s*(?:@[\w.]+|#\[|\[[A-Z]\w*(?:\(|\]))/;

/**
 * Finds the tests of one file and the criteria each names. A mention in a comment belongs to the
 * test right below it (comment and decorator lines between are fine), else to the innermost test
 * whose body holds it, else to the file as a whole.
 */
export function scanTestSource(file: string, text: string): ScannedTestFile {
  const ext = file.slice(file.lastIndexOf('.') + 1).toLowerCase();
  const style = commentStyleOf(ext);
  const words = new Set([...text.matchAll(/[a-z0-9]+(?:[-_][a-z0-9]+)*/gi)].map((m) => wordKey(m[0])));
  if (!style) return { file, tests: [], words };
  const { code, comments } = splitSource(text, style);
  const declarations = findDeclarations(ext, code);
  const tests: TestCase[] = declarations.map((d) => ({ file, line: d.line + 1, name: d.name, kind: d.kind, mentions: [] }));
  declarations.forEach((d, i) => {
    for (const m of nameMentions(d.name)) tests[i]!.mentions.push({ kind: m.kind, id: m.id, line: d.line + 1, via: 'name' });
  });
  let fileEntry: TestCase | null = null;
  const extents = declarations.map((d, i) => extentOf(declarations, i, code));
  for (const comment of comments) {
    const found = commentMentions(comment.text);
    if (!found.length) continue;
    const owner = leadingOwner(comment.line, declarations, code, comments) ?? innermost(comment.line, declarations, extents);
    let target: TestCase;
    if (owner !== null) target = tests[owner]!;
    else target = fileEntry ??= { file, line: comment.line + 1, name: path.posix.basename(file), kind: 'file', mentions: [] };
    for (const m of found) target.mentions.push({ kind: m.kind, id: m.id, line: comment.line + 1, via: 'comment' });
  }
  return { file, tests: fileEntry ? [fileEntry, ...tests] : tests, words };
}

function findDeclarations(ext: string, code: string[]): Declaration[] {
  const out: Declaration[] = [];
  const indentOf = (line: string) => line.length - line.trimStart().length;
  for (let i = 0; i < code.length; i++) {
    const line = code[i]!;
    if (!line.trim()) continue;
    let m: RegExpExecArray | null;
    if (['js', 'jsx', 'ts', 'tsx', 'mjs', 'cjs', 'mts', 'cts'].includes(ext) && (m = JS_DECLARATION.exec(line))) {
      out.push({ line: i, indent: indentOf(line), name: unescape(m[3]!), kind: /^(describe|suite|context|feature)$/.test(m[1]!) ? 'group' : 'test' });
    } else if (ext === 'rb' && (m = RUBY_DECLARATION.exec(line))) {
      out.push({ line: i, indent: indentOf(line), name: unescape(m[3]!), kind: /^(describe|context|feature)$/.test(m[1]!) ? 'group' : 'test' });
    } else if (ext === 'py' && (m = PYTHON_DECLARATION.exec(line))) {
      out.push({ line: i, indent: indentOf(line), name: m[2]!, kind: m[1] === 'class' ? 'group' : 'test' });
    } else if (ext === 'go' && (m = GO_DECLARATION.exec(line))) {
      out.push({ line: i, indent: 0, name: m[1]!, kind: 'test' });
    } else if (['c', 'cc', 'cpp', 'cxx', 'h', 'hpp'].includes(ext) && (m = CPP_DECLARATION.exec(line))) {
      const name = m[1] ? `${m[1]}.${m[2]}` : (m[3] ?? unescape(m[4]!));
      out.push({ line: i, indent: indentOf(line), name, kind: /BOOST_AUTO_TEST_SUITE/.test(line) ? 'group' : 'test' });
    } else if ((m = METHOD_TEST.exec(line)) && ['php', 'swift'].includes(ext)) {
      out.push({ line: i, indent: indentOf(line), name: m[1]!, kind: 'test' });
    } else if (TEST_ANNOTATION.test(line)) {
      // The method is on the annotation's line or one of the next few (more annotations between).
      for (let j = i; j < Math.min(code.length, i + 6); j++) {
        const rest = j === i ? line.replace(TEST_ANNOTATION, '') : code[j]!;
        const method = /\bfn\s+(\w+)/.exec(rest) ?? (rest.includes('(') && !DECORATION.test(rest) ? ANNOTATED_METHOD.exec(rest) : null);
        if (method) {
          out.push({ line: j, indent: indentOf(code[j]!), name: (method[1] ?? method[2]!).trim(), kind: 'test' });
          i = j;
          break;
        }
      }
    }
  }
  return out;
}

/** Last line (0-based) of a declaration's body: before the next declaration no deeper, or a line less indented. */
function extentOf(declarations: Declaration[], index: number, code: string[]): number {
  const d = declarations[index]!;
  const next = declarations.slice(index + 1).find((o) => o.indent <= d.indent);
  const limit = next ? next.line - 1 : code.length - 1;
  for (let i = d.line + 1; i <= limit; i++) {
    const line = code[i]!;
    if (!line.trim()) continue;
    if (line.length - line.trimStart().length < d.indent) return i - 1;
  }
  return limit;
}

/** The declaration a comment sits directly above (only comments, blank and decorator lines between). */
function leadingOwner(line: number, declarations: Declaration[], code: string[], comments: Array<{ line: number }>): number | null {
  const commentLines = new Set(comments.map((c) => c.line));
  const index = declarations.findIndex((d) => d.line > line);
  if (index === -1) return null;
  for (let i = line + 1; i < declarations[index]!.line; i++) {
    const text = code[i]!;
    if (!text.trim() || commentLines.has(i) || DECORATION.test(text)) continue;
    return null;
  }
  return index;
}

function innermost(line: number, declarations: Declaration[], extents: number[]): number | null {
  let found: number | null = null;
  declarations.forEach((d, i) => {
    if (d.line <= line && extents[i]! >= line && (found === null || d.line >= declarations[found]!.line)) found = i;
  });
  return found;
}

function unescape(name: string): string {
  return name.replace(/\\(.)/g, '$1');
}
