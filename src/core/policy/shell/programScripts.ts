/**
 * What sed scripts and awk programs do beyond text: the commands they run (sed `e`, `s///e`, awk
 * `system()`, `print | "cmd"`, `"cmd" | getline`) and the files they write or read (sed `w`/`r`,
 * awk `print > "file"`, `getline < "file"`). A command is its text, or null when it is only known
 * when the script runs; a file likewise.
 */
export interface ScriptEffects {
  commands: Array<string | null>;
  writes: Array<string | null>;
  reads: Array<string | null>;
  /** Set when the script could not be read: then nothing above can be trusted to be complete. */
  unreadable?: string;
}

const empty = (): ScriptEffects => ({ commands: [], writes: [], reads: [] });

/** GNU sed's script language, as far as running commands and opening files goes. */
export function sedEffects(script: string): ScriptEffects {
  const out = empty();
  let i = 0;
  const n = script.length;
  const restOfLine = () => {
    const end = script.indexOf('\n', i);
    const text = script.slice(i, end === -1 ? n : end);
    i = end === -1 ? n : end + 1;
    return text.trim();
  };
  const skipDelimited = (delimiter: string): boolean => {
    // Past the closing delimiter of a regex or replacement; a backslash escapes anything.
    while (i < n && script[i] !== delimiter) i += script[i] === '\\' ? 2 : 1;
    if (i >= n) return false;
    i++;
    return true;
  };
  const skipAddress = (): boolean => {
    if (/\d/.test(script[i] ?? '')) {
      while (/[\d~]/.test(script[i] ?? '')) i++;
    } else if (script[i] === '$') i++;
    else if (script[i] === '/') {
      i++;
      if (!skipDelimited('/')) return false;
      while (/[IM]/.test(script[i] ?? '')) i++;
    } else if (script[i] === '\\') {
      const delimiter = script[i + 1];
      if (!delimiter) return false;
      i += 2;
      if (!skipDelimited(delimiter)) return false;
      while (/[IM]/.test(script[i] ?? '')) i++;
    }
    return true;
  };
  while (i < n) {
    const c = script[i]!;
    if (/[\s;}]/.test(c)) {
      i++;
      continue;
    }
    if (c === '#') {
      restOfLine();
      continue;
    }
    if (!skipAddress()) return { ...out, unreadable: 'an unterminated address' };
    while (script[i] === ' ') i++;
    if (script[i] === ',') {
      i++;
      while (script[i] === ' ') i++;
      if (script[i] === '+' || script[i] === '~') i++;
      if (!skipAddress()) return { ...out, unreadable: 'an unterminated address' };
    }
    while (script[i] === ' ' || script[i] === '!') i++;
    const command = script[i++];
    if (command === undefined) break;
    switch (command) {
      case '{':
      case '=':
      case 'd':
      case 'D':
      case 'g':
      case 'G':
      case 'h':
      case 'H':
      case 'n':
      case 'N':
      case 'p':
      case 'P':
      case 'x':
      case 'z':
      case 'F':
        break;
      case 'q':
      case 'Q':
      case 'l':
      case 'L':
        while (/[\d ]/.test(script[i] ?? '')) i++;
        break;
      case ':':
      case 'b':
      case 't':
      case 'T':
      case 'v':
        while (i < n && !/[;\n]/.test(script[i]!)) i++;
        break;
      case 'a':
      case 'i':
      case 'c':
        // Text to the end of the line; a trailing backslash continues it.
        while (i < n && script[i] !== '\n') i += script[i] === '\\' ? 2 : 1;
        break;
      case 'e': {
        const text = restOfLine();
        // A bare `e` runs the pattern space: text that comes from the input.
        out.commands.push(text || null);
        break;
      }
      case 'r':
      case 'R':
        out.reads.push(restOfLine());
        break;
      case 'w':
      case 'W':
        out.writes.push(restOfLine());
        break;
      case 's': {
        const delimiter = script[i++];
        if (!delimiter || delimiter === '\n' || delimiter === '\\') return { ...out, unreadable: 'an s command without a delimiter' };
        if (!skipDelimited(delimiter) || !skipDelimited(delimiter)) return { ...out, unreadable: 'an unterminated s command' };
        while (i < n && /[gpiImMe0-9]/.test(script[i]!)) {
          if (script[i] === 'e') out.commands.push(null);
          i++;
        }
        if (script[i] === 'w') {
          i++;
          out.writes.push(restOfLine());
        }
        break;
      }
      case 'y': {
        const delimiter = script[i++];
        if (!delimiter || !skipDelimited(delimiter) || !skipDelimited(delimiter)) return { ...out, unreadable: 'an unterminated y command' };
        break;
      }
      default:
        return { ...out, unreadable: `the command "${command}", which this reading of sed does not know` };
    }
  }
  return out;
}

type Token = { kind: 'string'; value: string } | { kind: 'word'; value: string } | { kind: 'op'; value: string };

/** awk's tokens, enough to find strings next to `system`, `|`, `>`, `<` and `getline`. */
function awkTokens(program: string): Token[] | null {
  const tokens: Token[] = [];
  let i = 0;
  const regexMayStart = () => {
    const last = tokens[tokens.length - 1];
    return !last || (last.kind === 'op' && !/^[)\]]$/.test(last.value)) || (last.kind === 'word' && /^(print|printf|return|in|getline)$/.test(last.value));
  };
  while (i < program.length) {
    const c = program[i]!;
    if (c === '#') {
      while (i < program.length && program[i] !== '\n') i++;
    } else if (c === '\\' && program[i + 1] === '\n') {
      i += 2;
    } else if (c === '\n' || c === ';') {
      tokens.push({ kind: 'op', value: ';' });
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else if (c === '"') {
      let value = '';
      i++;
      while (i < program.length && program[i] !== '"') {
        if (program[i] === '\\') {
          const next = program[i + 1] ?? '';
          value += ({ n: '\n', t: '\t', '"': '"', '\\': '\\', '/': '/' } as Record<string, string>)[next] ?? `\\${next}`;
          i += 2;
        } else value += program[i++];
      }
      if (i >= program.length) return null;
      i++;
      tokens.push({ kind: 'string', value });
    } else if (c === '/' && regexMayStart()) {
      i++;
      while (i < program.length && program[i] !== '/') i += program[i] === '\\' ? 2 : 1;
      if (i >= program.length) return null;
      i++;
      tokens.push({ kind: 'op', value: 'regex' });
    } else if (/[A-Za-z_]/.test(c)) {
      const match = /^[A-Za-z_]\w*/.exec(program.slice(i))!;
      tokens.push({ kind: 'word', value: match[0] });
      i += match[0].length;
    } else {
      const match = /^(\|&|\|\||>>|&&|>=|<=|==|!=|[-+*/%^!<>|?:,(){}[\]=$~])/.exec(program.slice(i));
      const value = match ? match[0] : c;
      tokens.push({ kind: 'op', value });
      i += value.length;
    }
  }
  return tokens;
}

/** awk's ways to run commands and open files, found next to the strings that name them. */
export function awkEffects(program: string): ScriptEffects {
  const out = empty();
  const tokens = awkTokens(program);
  if (!tokens) return { ...out, unreadable: 'an unterminated string or regular expression' };
  const text = (t: Token | undefined) => (t?.kind === 'string' ? t.value : null);
  let inPrint = false;
  let depth = 0;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    const next = tokens[k + 1];
    if (t.kind === 'word' && (t.value === 'print' || t.value === 'printf')) {
      inPrint = true;
      depth = 0;
    } else if (t.kind === 'op' && (t.value === ';' || t.value === '{' || t.value === '}')) inPrint = false;
    else if (t.kind === 'op' && t.value === '(') depth++;
    else if (t.kind === 'op' && t.value === ')') depth--;
    if (t.kind === 'word' && t.value === 'system' && next?.kind === 'op' && next.value === '(') {
      const argument = tokens[k + 2];
      const closing = tokens[k + 3];
      out.commands.push(argument?.kind === 'string' && closing?.kind === 'op' && closing.value === ')' ? argument.value : null);
    } else if (t.kind === 'op' && (t.value === '|' || t.value === '|&')) {
      if (next?.kind === 'word' && next.value === 'getline') out.commands.push(text(tokens[k - 1]));
      else out.commands.push(text(next));
    } else if (t.kind === 'op' && (t.value === '>' || t.value === '>>') && inPrint && depth <= 0) {
      out.writes.push(text(next));
    } else if (t.kind === 'op' && t.value === '<' && tokens[k - 1]?.kind === 'word' && /^(getline|[A-Za-z_]\w*)$/.test(tokens[k - 1]!.value) && tokens.slice(Math.max(0, k - 2), k).some((p) => p.kind === 'word' && p.value === 'getline')) {
      out.reads.push(text(next));
    }
  }
  return out;
}
