import { isBlank, leadingIndent } from './markdownLines';

/** One item of a list of statements (acceptance criteria, bugfix behaviours), lines joined. */
export interface RawStatement {
  /** The number as written: "3" for `3.` / `3)`, "2.1" for `2.1`; null for bullets. */
  number: string | null;
  dotted: boolean;
  text: string;
  firstLine: number;
  lastLine: number;
  /** Character offset of the marker in its line. */
  markerOffset: number;
}

interface ItemStart {
  number: string | null;
  dotted: boolean;
  indent: number;
  markerOffset: number;
  contentStart: number;
}

const dottedItem = /^([ \t]*)(\d{1,6}(?:\.\d{1,6})+)\.?[ \t]+(?=\S)/;
const orderedItem = /^([ \t]*)(\d{1,6})[.)](?:[ \t]+|$)/;
const bulletItem = /^([ \t]*)[-*+](?:[ \t]+|$)/;

export function matchItemStart(line: string): ItemStart | null {
  // Every item starts with a digit or a bullet after the indentation: skip the patterns otherwise.
  let i = 0;
  let code = line.charCodeAt(0);
  while (code === 32 || code === 9) code = line.charCodeAt(++i);
  const digit = code >= 48 && code <= 57;
  if (!digit && code !== 45 && code !== 42 && code !== 43) return null;
  const m = digit ? (dottedItem.exec(line) ?? orderedItem.exec(line)) : bulletItem.exec(line);
  if (!m) return null;
  // `---` and `***` are thematic breaks, not items.
  if (/^[ \t]*([-*_])([ \t]*\1){2,}[ \t]*$/.test(line)) return null;
  const isNumber = m[2] !== undefined;
  return {
    number: isNumber ? m[2]! : null,
    dotted: isNumber && m[2]!.includes('.'),
    indent: leadingIndent(line).width,
    markerOffset: m[1]!.length,
    contentStart: m[0].length,
  };
}

/**
 * Collects list items line by line, the way Kiro's criteria are written: an item may wrap onto
 * indented lines, carry nested bullets, or be followed by lazy continuation lines. An item at the
 * list's own indentation (give or take one column) starts the next statement.
 */
export class StatementCollector {
  readonly statements: RawStatement[] = [];
  private current: (RawStatement & { parts: string[] }) | null = null;
  private listIndent: number | null = null;
  private afterBlank = false;

  /** Feeds a line that is not a heading and not inside a code fence. */
  feed(index: number, line: string): void {
    if (isBlank(line)) {
      this.afterBlank = true;
      return;
    }
    const indent = leadingIndent(line).width;
    const item = matchItemStart(line);
    const startsItem = item !== null && (this.listIndent === null || item.indent <= this.listIndent + 1);
    if (startsItem) {
      this.flush();
      this.listIndent ??= item.indent;
      this.current = { number: item.number, dotted: item.dotted, text: '', firstLine: index, lastLine: index, markerOffset: item.markerOffset, parts: [line.slice(item.contentStart).trim()] };
    } else if (this.current && (indent > (this.listIndent ?? 0) || !this.afterBlank)) {
      this.current.parts.push(line.trim());
      this.current.lastLine = index;
    } else {
      this.flush();
    }
    this.afterBlank = false;
  }

  /** Ends the list (a heading or the end of the section). */
  end(): void {
    this.flush();
    this.listIndent = null;
    this.afterBlank = false;
  }

  private flush(): void {
    if (!this.current) return;
    const { parts, ...statement } = this.current;
    statement.text = parts.filter(Boolean).join(' ');
    this.statements.push(statement);
    this.current = null;
  }
}
