/**
 * The little Markdown the spec parsers need, recognised one line at a time. Deliberately lenient:
 * Kiro files are hand-edited, and anything not recognised simply stays text.
 */

export interface LeadingIndent {
  /** Visual width, tabs advancing to the next multiple of 4 (CommonMark's tab stop). */
  width: number;
  /** Number of whitespace characters. */
  length: number;
}

export function leadingIndent(line: string): LeadingIndent {
  let width = 0;
  let length = 0;
  while (length < line.length) {
    const ch = line[length];
    if (ch === ' ') width += 1;
    else if (ch === '\t') width += 4 - (width % 4);
    else break;
    length++;
  }
  return { width, length };
}

const blankLine = /^\s*$/;

/** The visual width of a line's indentation (see leadingIndent), without allocating. */
export function indentWidth(line: string): number {
  let width = 0;
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if (code === 32) width += 1;
    else if (code === 9) width += 4 - (width % 4);
    else break;
  }
  return width;
}

export function isBlank(line: string): boolean {
  // Most lines start with a visible character: answer those without the pattern.
  const first = line.charCodeAt(0);
  if (first > 32 && first < 127) return false;
  return blankLine.test(line);
}

export interface HeadingMatch {
  level: number;
  text: string;
}

const headingPattern = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;

/** An ATX heading (`## Title`). Setext underlines are not used by Kiro and read as text. */
export function matchHeading(line: string): HeadingMatch | null {
  if (!line.includes('#')) return null;
  const m = headingPattern.exec(line);
  if (!m) return null;
  return { level: m[1]!.length, text: (m[2] ?? '').trim() };
}

export interface ListItemMatch {
  indent: LeadingIndent;
  /** '-', '*', '+', or the number of an ordered item ("3"). */
  marker: string;
  ordered: boolean;
  /** Offset in the line where the item's content starts. */
  contentStart: number;
}

const listItemPattern = /^([ \t]*)([-*+]|\d{1,9}[.)])([ \t]+|$)/;

export function matchListItem(line: string): ListItemMatch | null {
  const m = listItemPattern.exec(line);
  if (!m) return null;
  // `***` or `---` alone is a thematic break, not an empty list item.
  if (/^[ \t]*([-*_])([ \t]*\1){2,}[ \t]*$/.test(line)) return null;
  const raw = m[2]!;
  const ordered = /\d/.test(raw);
  return { indent: leadingIndent(line), marker: ordered ? raw.slice(0, -1) : raw, ordered, contentStart: m[0].length };
}

/**
 * Tracks the blocks whose lines are not Markdown structure: fenced code (``` and ~~~) and HTML
 * comments (`<!-- … -->`, where people park templates and drafts). A checkbox or a heading inside
 * either is text, never a task or a requirement. Fence indentation is ignored on purpose: fences
 * inside list items are indented.
 */
const literalMarker = /```|~~~|<!--/;

export class LiteralBlockTracker {
  private fence: { char: string; length: number } | null = null;
  private comment = false;
  /** The fence's info string, first word lower-cased ('' for none). */
  language = '';

  /** 'fence' or 'comment' while inside one (after its opening line), else null. */
  get kind(): 'fence' | 'comment' | null {
    return this.fence ? 'fence' : this.comment ? 'comment' : null;
  }

  get open(): boolean {
    return this.kind !== null;
  }

  /** Feeds one line; returns true when the line belongs to a literal block (opener, body or closer). */
  update(line: string): boolean {
    if (this.comment) {
      if (line.includes('-->')) this.comment = false;
      return true;
    }
    // Fast path for the common case, without allocating.
    if (!this.fence && !literalMarker.test(line)) return false;
    const trimmed = line.trimStart();
    if (this.fence) {
      const { char, length } = this.fence;
      if (trimmed.startsWith(char.repeat(length)) && trimmed.trimEnd().split('').every((c) => c === char)) {
        this.fence = null;
      }
      return true;
    }
    if (trimmed.startsWith('<!--')) {
      this.comment = !trimmed.includes('-->', 4);
      return true;
    }
    const m = /^(`{3,}|~{3,})(.*)$/.exec(trimmed);
    if (!m) return false;
    const info = m[2]!;
    // A backtick fence's info string may not contain backticks (that is inline code instead).
    if (m[1]![0] === '`' && info.includes('`')) return false;
    this.fence = { char: m[1]![0]!, length: m[1]!.length };
    this.language = info.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
    return true;
  }
}

/**
 * True when plainText's replacements could change `text`: a `**` or backtick anywhere, or a run of
 * `*`/`_` that starts a word (at the start or after a space) or ends one (before a space, the end or
 * punctuation). A conservative superset of what the three replacements match.
 */
const emphasisAtBoundary = /\*\*|`|(?:^|\s)[*_]|[*_](?=\s|$|[.,;:!?)])/;

/** Removes Markdown emphasis and inline-code markers for matching (not for display). */
export function plainText(text: string): string {
  // Most text has no marker, or only `_` inside words (Order_Service, snake_case), which the
  // replacements below leave as is: skip them unless a marker touches a word boundary.
  if (!/[*_`]/.test(text) || !emphasisAtBoundary.test(text)) return /\s\s|[\t\r\n]/.test(text) ? text.replace(/\s+/g, ' ').trim() : text.trim();
  return text
    .replace(/\*\*|`/g, '')
    .replace(/(^|\s)[*_]+(?=\S)/g, '$1')
    .replace(/(?<=\S)[*_]+(?=\s|$|[.,;:!?)])/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
