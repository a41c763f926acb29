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
 * Kiro use for settings files people edit by hand. Written out rather than JSON.parse because V8's
 * messages give an offset only for some errors, and users need a line and column every time.
 */
export function parseJsonc(text: string): unknown {
  const reader = new JsoncReader(text);
  const value = reader.value();
  reader.end();
  return value;
}

class JsoncReader {
  private at = 0;

  constructor(private readonly text: string) {
    if (text.charCodeAt(0) === 0xfeff) this.at = 1;
  }

  value(): unknown {
    this.skipBlank();
    const ch = this.text[this.at];
    if (ch === '{') return this.object();
    if (ch === '[') return this.array();
    if (ch === '"') return this.string();
    if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return this.number();
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return value;
      }
    }
    throw this.fail(ch === undefined ? 'unexpected end of file' : `unexpected ${describe(ch)}`);
  }

  end(): void {
    this.skipBlank();
    if (this.at < this.text.length) throw this.fail(`unexpected ${describe(this.text[this.at]!)} after the value`);
  }

  private object(): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    this.at++;
    for (;;) {
      this.skipBlank();
      if (this.text[this.at] === '}') {
        this.at++;
        return result;
      }
      if (this.text[this.at] !== '"') throw this.fail(this.at >= this.text.length ? 'unexpected end of file, expected "}"' : 'expected a property name in double quotes');
      const key = this.string();
      this.skipBlank();
      if (this.text[this.at] !== ':') throw this.fail(`expected ":" after "${key}"`);
      this.at++;
      // defineProperty, so a "__proto__" key is data and not a prototype change.
      Object.defineProperty(result, key, { value: this.value(), enumerable: true, writable: true, configurable: true });
      this.skipBlank();
      if (this.text[this.at] === ',') this.at++;
      else if (this.text[this.at] !== '}') throw this.fail('expected "," or "}"');
    }
  }

  private array(): unknown[] {
    const result: unknown[] = [];
    this.at++;
    for (;;) {
      this.skipBlank();
      if (this.text[this.at] === ']') {
        this.at++;
        return result;
      }
      if (this.at >= this.text.length) throw this.fail('unexpected end of file, expected "]"');
      result.push(this.value());
      this.skipBlank();
      if (this.text[this.at] === ',') this.at++;
      else if (this.text[this.at] !== ']') throw this.fail('expected "," or "]"');
    }
  }

  private string(): string {
    const start = this.at;
    this.at++;
    for (;;) {
      const ch = this.text[this.at];
      if (ch === undefined || ch === '\n') {
        this.at = start;
        throw this.fail('unterminated string');
      }
      if (ch === '"') {
        this.at++;
        return JSON.parse(this.text.slice(start, this.at)) as string;
      }
      if (ch === '\\') {
        const next = this.text[this.at + 1];
        if (next === 'u' ? !/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.at + 2, this.at + 6)) : !(next !== undefined && '"\\/bfnrt'.includes(next))) {
          throw this.fail('invalid escape in string');
        }
        this.at += next === 'u' ? 6 : 2;
        continue;
      }
      if (ch < ' ') throw this.fail('control character in string');
      this.at++;
    }
  }

  private number(): number {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.at));
    if (!match) throw this.fail('invalid number');
    this.at += match[0].length;
    return Number(match[0]);
  }

  private skipBlank(): void {
    for (;;) {
      const ch = this.text[this.at];
      if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
        this.at++;
      } else if (this.text.startsWith('//', this.at)) {
        const eol = this.text.indexOf('\n', this.at);
        this.at = eol === -1 ? this.text.length : eol;
      } else if (this.text.startsWith('/*', this.at)) {
        const close = this.text.indexOf('*/', this.at + 2);
        if (close === -1) throw this.fail('unterminated comment');
        this.at = close + 2;
      } else {
        return;
      }
    }
  }

  private fail(detail: string): JsonSyntaxError {
    const before = this.text.slice(0, this.at);
    const line = before.split('\n').length;
    const column = this.at - (before.lastIndexOf('\n') + 1) + 1;
    return new JsonSyntaxError(detail, line, column);
  }
}

function describe(ch: string): string {
  return ch === '\n' ? 'line break' : `"${ch}"`;
}
