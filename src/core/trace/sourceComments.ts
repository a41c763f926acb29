/**
 * Splits source code into what is comment and what is code, line by line, well enough to find
 * requirement mentions in comments and test declarations in code. Not a parser: strings that are
 * not closed on their line end there (so one odd quote cannot swallow a file), and regular
 * expression literals are read as code.
 */

export type CommentStyle = 'c' | 'hash' | 'python';

export interface CommentLine {
  /** 0-based line index. */
  line: number;
  text: string;
}

export interface SplitSource {
  /** Each line with its comments blanked out (same length); strings are kept. */
  code: string[];
  /** Comment text per line (docstrings count as comments in Python). */
  comments: CommentLine[];
}

const C_LIKE = ['js', 'jsx', 'ts', 'tsx', 'mjs', 'cjs', 'mts', 'cts', 'go', 'rs', 'java', 'kt', 'kts', 'cs', 'swift', 'scala', 'c', 'cc', 'cpp', 'cxx', 'h', 'hpp', 'dart', 'php'];
const HASH = ['rb', 'sh', 'bash', 'ex', 'exs', 'r', 'pl'];

export function commentStyleOf(extension: string): CommentStyle | null {
  const ext = extension.toLowerCase();
  if (ext === 'py') return 'python';
  if (C_LIKE.includes(ext)) return 'c';
  if (HASH.includes(ext)) return 'hash';
  return null;
}

type State = { kind: 'code' } | { kind: 'block' } | { kind: 'template' } | { kind: 'triple'; quote: string };

export function splitSource(text: string, style: CommentStyle): SplitSource {
  const lines = text.split(/\r\n|\r|\n/);
  const code: string[] = [];
  const comments: CommentLine[] = [];
  let state: State = { kind: 'code' };
  lines.forEach((line, index) => {
    let out = '';
    let comment = '';
    let i = 0;
    while (i < line.length) {
      const ch = line[i]!;
      const next = line[i + 1];
      if (state.kind === 'block') {
        if (ch === '*' && next === '/') {
          state = { kind: 'code' };
          out += '  ';
          i += 2;
        } else {
          comment += ch;
          out += ' ';
          i++;
        }
        continue;
      }
      if (state.kind === 'triple') {
        if (line.startsWith(state.quote, i)) {
          state = { kind: 'code' };
          out += ' '.repeat(3);
          i += 3;
        } else {
          comment += ch;
          out += ' ';
          i++;
        }
        continue;
      }
      if (state.kind === 'template') {
        out += ch;
        if (ch === '\\') {
          out += next ?? '';
          i += 2;
          continue;
        }
        if (ch === '`') state = { kind: 'code' };
        i++;
        continue;
      }
      if (style === 'c' && ch === '/' && next === '/') {
        comment += line.slice(i + 2);
        out += ' '.repeat(line.length - i);
        break;
      }
      if (style === 'c' && ch === '/' && next === '*') {
        state = { kind: 'block' };
        out += '  ';
        i += 2;
        continue;
      }
      if (style !== 'c' && ch === '#') {
        comment += line.slice(i + 1);
        out += ' '.repeat(line.length - i);
        break;
      }
      if (style === 'python' && (line.startsWith('"""', i) || line.startsWith("'''", i))) {
        state = { kind: 'triple', quote: line.slice(i, i + 3) };
        out += ' '.repeat(3);
        i += 3;
        continue;
      }
      if (ch === '`' && style === 'c') {
        state = { kind: 'template' };
        out += ch;
        i++;
        continue;
      }
      if (ch === '"' || ch === "'") {
        const end = closingQuote(line, i + 1, ch);
        // An unclosed quote on its line is read as a lone character (an apostrophe in a regex, a char literal).
        const stop = end === -1 ? i + 1 : end + 1;
        out += line.slice(i, stop);
        i = stop;
        continue;
      }
      out += ch;
      i++;
    }
    code.push(out);
    if (comment.trim()) comments.push({ line: index, text: comment });
  });
  return { code, comments };
}

function closingQuote(line: string, from: number, quote: string): number {
  for (let i = from; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === quote) return i;
  }
  return -1;
}
