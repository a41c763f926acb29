/**
 * Turns a hook on or off by editing its file in place: only the `enabled` value changes (or one
 * line is added), so comments, order and formatting stay as the person wrote them.
 */

export interface HookLocation {
  format: 'v1' | 'legacy';
  /** For v1 files: the hook's index in the `hooks` list (the `#N` of its id). */
  index: number;
}

/** The index part of a hook id (`.kiro/hooks/lint.json#2` → 2). */
export function hookIndexOf(hookId: string): number {
  const n = Number(hookId.slice(hookId.lastIndexOf('#') + 1));
  return Number.isInteger(n) && n >= 0 ? n : 0;
}

export function setHookEnabled(text: string, location: HookLocation, enabled: boolean): string {
  const root = new JsoncTree(text).parse();
  let target: JsonNode | undefined = root;
  if (location.format === 'v1') {
    const hooks = root.kind === 'object' ? root.members.find((m) => m.key === 'hooks')?.value : undefined;
    target = hooks?.kind === 'array' ? hooks.items[location.index] : undefined;
  }
  if (!target || target.kind !== 'object') throw new Error(`could not find hook #${location.index} in the file; edit "enabled" by hand`);
  const existing = target.members.find((m) => m.key === 'enabled');
  const value = String(enabled);
  if (existing) return text.slice(0, existing.value.start) + value + text.slice(existing.value.end);
  const first = target.members[0];
  if (!first) return text.slice(0, target.start + 1) + `"enabled": ${value}` + text.slice(target.end - 1);
  const gap = text.slice(target.start + 1, first.keyStart);
  const indent = /^\s*$/.test(gap) ? gap : ' ';
  return text.slice(0, target.start + 1) + `${indent}"enabled": ${value},` + text.slice(target.start + 1);
}

type JsonNode =
  | { kind: 'object'; start: number; end: number; members: Array<{ key: string; keyStart: number; value: JsonNode }> }
  | { kind: 'array'; start: number; end: number; items: JsonNode[] }
  | { kind: 'scalar'; start: number; end: number };

/** A minimal JSONC reader that keeps offsets (the core's parseJsonc validates; this only locates). */
class JsoncTree {
  private at = 0;

  constructor(private readonly text: string) {}

  parse(): JsonNode {
    const node = this.value();
    return node;
  }

  private value(): JsonNode {
    this.skip();
    const start = this.at;
    const ch = this.text[this.at];
    if (ch === '{') return this.object();
    if (ch === '[') return this.array();
    if (ch === '"') {
      this.string();
      return { kind: 'scalar', start, end: this.at };
    }
    while (this.at < this.text.length && /[^\s,:\]}/]/.test(this.text[this.at]!)) this.at++;
    if (this.at === start) throw new Error(`unexpected ${ch === undefined ? 'end of file' : `"${ch}"`} at offset ${start}`);
    return { kind: 'scalar', start, end: this.at };
  }

  private object(): JsonNode {
    const start = this.at++;
    const members: Array<{ key: string; keyStart: number; value: JsonNode }> = [];
    for (;;) {
      this.skip();
      if (this.text[this.at] === '}') break;
      if (this.text[this.at] === ',') {
        this.at++;
        continue;
      }
      const keyStart = this.at;
      if (this.text[this.at] !== '"') throw new Error(`expected a property name at offset ${this.at}`);
      const key = this.string();
      this.skip();
      if (this.text[this.at++] !== ':') throw new Error(`expected ":" at offset ${this.at - 1}`);
      members.push({ key, keyStart, value: this.value() });
    }
    this.at++;
    return { kind: 'object', start, end: this.at, members };
  }

  private array(): JsonNode {
    const start = this.at++;
    const items: JsonNode[] = [];
    for (;;) {
      this.skip();
      if (this.text[this.at] === ']') break;
      if (this.text[this.at] === ',') {
        this.at++;
        continue;
      }
      items.push(this.value());
    }
    this.at++;
    return { kind: 'array', start, end: this.at, items };
  }

  private string(): string {
    const start = this.at++;
    while (this.at < this.text.length && this.text[this.at] !== '"') this.at += this.text[this.at] === '\\' ? 2 : 1;
    if (this.at >= this.text.length) throw new Error(`unterminated string at offset ${start}`);
    this.at++;
    return JSON.parse(this.text.slice(start, this.at)) as string;
  }

  /** Whitespace and comments. */
  private skip(): void {
    for (;;) {
      while (this.at < this.text.length && /\s/.test(this.text[this.at]!)) this.at++;
      if (this.text.startsWith('//', this.at)) {
        const end = this.text.indexOf('\n', this.at);
        this.at = end < 0 ? this.text.length : end;
      } else if (this.text.startsWith('/*', this.at)) {
        const end = this.text.indexOf('*/', this.at + 2);
        this.at = end < 0 ? this.text.length : end + 2;
      } else {
        return;
      }
      if (this.at >= this.text.length) return;
    }
  }
}
