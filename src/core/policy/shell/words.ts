import * as path from 'node:path';
import { nodeType, type DblQuoted, type Lit, type ParamExp, type SglQuoted, type ShellSource, type ShNode, type Word } from './syntaxTree';

/** A run of characters of a word, and whether quoting made them literal (no glob, no braces, no `~`). */
export interface Piece {
  text: string;
  quoted: boolean;
}

/** A word whose value is known before it runs: what the program will receive as one argument. */
export interface StaticWord {
  kind: 'static';
  value: string;
  /** The word as written, for messages. */
  written: string;
  /** Has unquoted `*`, `?`, `[` or an extended glob: the shell may turn it into other names. */
  glob: boolean;
}

/** A word that depends on something only known at run time (`$VAR`, `$(…)`, `$((…))`). */
export interface DynamicWord {
  kind: 'dynamic';
  written: string;
  /** The word is exactly one process substitution (`<(…)` / `>(…)`): the shell passes a /dev/fd path. */
  processSubstitution: boolean;
  /** Unquoted expansion: it may become no word at all, or several. */
  splits?: boolean;
}

export type WordValue = StaticWord | DynamicWord;

export interface WordContext {
  home: string;
  /** The directory the command runs in, when known; `$PWD` resolves to it. */
  cwd: string | null;
  /** Variables whose values are known (a hook's KIRO_HOOK_PATHS), and that the script does not set itself. */
  env?: Readonly<Record<string, string>>;
}

/** Brace expansions larger than this are not worth expanding to judge; the word counts as dynamic. */
const MAX_BRACE_WORDS = 256;

/**
 * What the shell makes of one word: quotes removed, escapes applied, `~` and `$HOME`/`$PWD` expanded,
 * braces expanded (so one written word can become several arguments). Anything else that expands is
 * left as a DynamicWord, because the policy must not guess what it becomes.
 */
export function resolveWord(word: Word, source: ShellSource, ctx: WordContext): WordValue[] {
  const written = source.of(word);
  const pieces = piecesOf(word.Parts, ctx, false);
  if (!pieces) {
    const only = word.Parts.length === 1 ? nodeType(word.Parts[0]!) : '';
    const splits = word.Parts.some((part) => !['Lit', 'SglQuoted', 'DblQuoted'].includes(nodeType(part)));
    return [{ kind: 'dynamic', written, processSubstitution: only === 'ProcSubst', splits }];
  }
  const expanded = expandBraces(pieces);
  if (!expanded) return [{ kind: 'dynamic', written, processSubstitution: false }];
  const extGlob = word.Parts.some((part) => nodeType(part) === 'ExtGlob');
  const values: WordValue[] = [];
  for (const one of expanded) {
    const tilded = expandTilde(one, ctx);
    values.push(tilded ? staticWord(tilded, written, extGlob) : { kind: 'dynamic', written, processSubstitution: false });
  }
  return values;
}

/** A word as one string, or null when it cannot be known statically or expands to several words. */
export function resolveSingle(word: Word, source: ShellSource, ctx: WordContext): StaticWord | null {
  const [only, ...more] = resolveWord(word, source, ctx);
  return only?.kind === 'static' && !more.length ? only : null;
}

/** The text of a here-document body, or null when it expands something at run time. */
export function resolveHeredoc(body: Word, delimiterQuoted: boolean, ctx: WordContext): string | null {
  if (delimiterQuoted) return body.Parts.map((p) => (p as Lit).Value ?? '').join('');
  const pieces = piecesOf(body.Parts, ctx, 'heredoc');
  return pieces ? pieces.map((p) => p.text).join('') : null;
}

function staticWord(pieces: Piece[], written: string, extGlob: boolean): StaticWord {
  return {
    kind: 'static',
    value: pieces.map((p) => p.text).join(''),
    written,
    // `[` alone (the test command) is no pattern: a bracket expression needs its closing `]`.
    glob: extGlob || pieces.some((p) => !p.quoted && (/[*?]/.test(p.text) || /\[.*\]/.test(p.text))),
  };
}

type Context = false | 'double' | 'heredoc';

function piecesOf(parts: ShNode[], ctx: WordContext, inside: Context): Piece[] | null {
  const pieces: Piece[] = [];
  for (const part of parts) {
    switch (nodeType(part)) {
      case 'Lit':
        pieces.push(...unescapeLiteral((part as Lit).Value, inside));
        break;
      case 'SglQuoted': {
        const quoted = part as SglQuoted;
        const text = quoted.Dollar ? decodeAnsiC(quoted.Value) : quoted.Value;
        if (text === null) return null;
        pieces.push({ text, quoted: true });
        break;
      }
      case 'DblQuoted': {
        const inner = piecesOf((part as DblQuoted).Parts, ctx, 'double');
        if (!inner) return null;
        pieces.push(...inner.map((p) => ({ text: p.text, quoted: true })));
        if (!inner.length) pieces.push({ text: '', quoted: true });
        break;
      }
      case 'ParamExp': {
        const value = knownParameter(part as ParamExp, ctx);
        if (value === null) return null;
        // Unquoted, a value with blanks or pattern characters is split and globbed: only known at run time.
        if (inside === false && /[\s*?[]/.test(value) && ctx.env && Object.hasOwn(ctx.env, (part as ParamExp).Param?.Value ?? '')) return null;
        pieces.push({ text: value, quoted: true });
        break;
      }
      default:
        // Command and process substitution, arithmetic, extended globs we cannot enumerate.
        if (nodeType(part) === 'ExtGlob') {
          pieces.push({ text: '*', quoted: false });
          break;
        }
        return null;
    }
  }
  return pieces;
}

/** Only `$HOME` and `$PWD` are known ahead of time; every other parameter could hold anything. */
function knownParameter(exp: ParamExp, ctx: WordContext): string | null {
  const plain = !exp.Excl && !exp.Length && !exp.Width && !exp.Index && !exp.Slice && !exp.Repl && !exp.Exp && !exp.Names;
  if (!plain || !exp.Param) return null;
  if (exp.Param.Value === 'HOME') return ctx.home;
  if (exp.Param.Value === 'PWD' && ctx.cwd !== null) return ctx.cwd;
  if (ctx.env && Object.hasOwn(ctx.env, exp.Param.Value)) return ctx.env[exp.Param.Value]!;
  return null;
}

/** Backslash rules differ outside quotes (any character), inside "…" and in here-documents. */
function unescapeLiteral(value: string, inside: Context): Piece[] {
  const pieces: Piece[] = [];
  let plain = '';
  const flush = () => {
    if (plain) pieces.push({ text: plain, quoted: inside !== false });
    plain = '';
  };
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    const next = value[i + 1];
    if (ch !== '\\' || next === undefined) {
      plain += ch;
      continue;
    }
    const escapable = inside === false || '$`\\\n'.includes(next) || (inside === 'double' && next === '"');
    if (!escapable) {
      plain += ch;
      continue;
    }
    i++;
    if (next === '\n') continue;
    flush();
    pieces.push({ text: next, quoted: true });
  }
  flush();
  return pieces;
}

const SIMPLE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };

/** Decodes the body of a `$'…'` string as bash does; null for an escape we do not model. */
export function decodeAnsiC(body: string): string | null {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = body[++i];
    if (next === undefined) return null;
    if (next in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[next];
      continue;
    }
    const numeric = (pattern: RegExp, radix: number): boolean => {
      const match = pattern.exec(body.slice(i + 1));
      if (!match) return false;
      out += String.fromCodePoint(parseInt(match[0], radix));
      i += match[0].length;
      return true;
    };
    if (next >= '0' && next <= '7') {
      i--;
      if (!numeric(/^[0-7]{1,3}/, 8)) return null;
      continue;
    }
    if (next === 'x' && numeric(/^[0-9a-fA-F]{1,2}/, 16)) continue;
    if (next === 'u' && numeric(/^[0-9a-fA-F]{1,4}/, 16)) continue;
    if (next === 'U' && numeric(/^[0-9a-fA-F]{1,8}/, 16)) continue;
    if (next === 'c' && body[i + 1] !== undefined) {
      out += String.fromCharCode(body.charCodeAt(++i) & 0x1f);
      continue;
    }
    return null;
  }
  return out;
}

/** `~`, `~/x`, `~user/x`, `~+` (cwd); null for `~-` (the previous directory, unknown here). */
function expandTilde(pieces: Piece[], ctx: WordContext): Piece[] | null {
  const first = pieces[0];
  if (!first || first.quoted || !first.text.startsWith('~')) return pieces;
  const slash = first.text.indexOf('/');
  // A tilde prefix runs to the first unquoted slash; if quoting interrupts it, bash leaves it alone.
  if (slash === -1 && pieces.length > 1) return pieces;
  const prefix = slash === -1 ? first.text.slice(1) : first.text.slice(1, slash);
  const rest = slash === -1 ? '' : first.text.slice(slash);
  let dir: string | null;
  if (prefix === '') dir = ctx.home;
  else if (prefix === '+') dir = ctx.cwd;
  else if (prefix === '-') dir = null;
  else if (/^[a-z_][\w.-]*$/i.test(prefix)) dir = prefix === 'root' ? '/root' : path.join(path.dirname(ctx.home), prefix);
  else return pieces;
  if (dir === null) return null;
  return [{ text: dir + rest, quoted: true }, ...pieces.slice(1)];
}

interface Char {
  c: string;
  quoted: boolean;
}

/** Bash brace expansion (`{a,b}`, `{1..3}`, `{a..c}`) on unquoted braces; null when it grows too large. */
export function expandBraces(pieces: Piece[]): Piece[][] | null {
  const chars: Char[] = pieces.flatMap((p) => [...p.text].map((c) => ({ c, quoted: p.quoted })));
  const results = expandChars(chars, 0);
  if (!results) return null;
  return results.map((list) => {
    const out: Piece[] = [];
    for (const ch of list) {
      const last = out[out.length - 1];
      if (last && last.quoted === ch.quoted) last.text += ch.c;
      else out.push({ text: ch.c, quoted: ch.quoted });
    }
    return out.length ? out : [{ text: '', quoted: true }];
  });
}

function expandChars(chars: Char[], from: number): Char[][] | null {
  for (let open = from; open < chars.length; open++) {
    if (chars[open]!.quoted || chars[open]!.c !== '{') continue;
    const alternatives = braceAlternatives(chars, open);
    if (!alternatives) continue;
    const { close, options } = alternatives;
    const prefix = chars.slice(0, open);
    const suffix = chars.slice(close + 1);
    const results: Char[][] = [];
    for (const option of options) {
      const expanded = expandChars([...prefix, ...option, ...suffix], prefix.length);
      if (!expanded) return null;
      results.push(...expanded);
      if (results.length > MAX_BRACE_WORDS) return null;
    }
    return results;
  }
  return [chars];
}

function braceAlternatives(chars: Char[], open: number): { close: number; options: Char[][] } | null {
  let depth = 0;
  const commas: number[] = [];
  for (let i = open; i < chars.length; i++) {
    const { c, quoted } = chars[i]!;
    if (quoted) continue;
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) {
      const body = chars.slice(open + 1, i);
      if (commas.length) {
        const bounds = [open, ...commas, i];
        const options = bounds.slice(1).map((end, k) => chars.slice(bounds[k]! + 1, end));
        // Nested braces inside an option are expanded when the option is spliced back in.
        return { close: i, options };
      }
      const sequence = braceSequence(body.map((ch) => (ch.quoted ? '\u0000' : ch.c)).join(''));
      return sequence ? { close: i, options: sequence.map((text) => [...text].map((c) => ({ c, quoted: true }))) } : null;
    } else if (c === ',' && depth === 1) commas.push(i);
  }
  return null;
}

function braceSequence(body: string): string[] | null {
  const numeric = /^(-?\d+)\.\.(-?\d+)(?:\.\.(-?\d+))?$/.exec(body);
  const alpha = /^([a-zA-Z])\.\.([a-zA-Z])(?:\.\.(-?\d+))?$/.exec(body);
  const match = numeric ?? alpha;
  if (!match) return null;
  const from = numeric ? Number(match[1]) : match[1]!.charCodeAt(0);
  const to = numeric ? Number(match[2]) : match[2]!.charCodeAt(0);
  const step = Math.abs(Number(match[3] ?? 1)) || 1;
  if (Math.abs(to - from) / step > MAX_BRACE_WORDS) return null;
  const out: string[] = [];
  for (let v = from; from <= to ? v <= to : v >= to; v += from <= to ? step : -step) out.push(numeric ? String(v) : String.fromCharCode(v));
  return out;
}
