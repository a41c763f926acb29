import { diagnosticAt, internalErrorDiagnostic } from './diagnostics';
import { classifyEars } from './ears';
import { LiteralBlockTracker, isBlank, leadingIndent, matchHeading, plainText } from './markdownLines';
import { SourceText } from './sourceText';
import { StatementCollector, type RawStatement } from './statementList';
import type { Criterion, Diagnostic, GlossaryEntry, Heading, Requirement, RequirementsDocument } from './types';

/** `Requirement 3: Title`, `Requirement 3 — Title`, `Requirement 3. Title`, `Requirement 3`. */
const requirementHeading = /^Requirement\s+(\d{1,6}(?:\.\d{1,6})*[a-z]?)(?![\w.]*\d)\s*(?:[:.)\-–—]\s*)?(.*)$/i;
/** `### 5.1 Access Control`, `### 3. Title`: a requirement only if it holds a story or criteria. */
const numberedHeading = /^(\d{1,6}(?:\.\d{1,6})*[a-z]?)[.:)]?\s+(\S.*)$/;
const acceptanceCriteria = /^acceptance criteria\b[^\n]*$/i;
const userStoryLabel = /^(?:[-*+]\s+)?(?:user story|US-[\w.]+)\s*:?\s*(.*)$/i;
/** Cheap test run before the costlier plain-text matching: most lines are neither marker. */
const mayMarkContent = /criteria|story|US-/i;

interface HeadingLine {
  /** Position in the list of headings. */
  pos: number;
  index: number;
  level: number;
  text: string;
  /** A `Requirement N` heading, or a numbered one; null for any other heading. */
  requirement: { id: string; title: string; explicit: boolean } | null;
}

/**
 * Parses requirements.md in the styles Kiro has written over time and the ones people hand-edit:
 * `### Requirement N: Title` (also `## …`, no title, an em dash), numbered headings like
 * `### 5.1 Title` holding a user story or criteria, `**User Story:**` or `**US-5.1.1**` stories,
 * and acceptance criteria as a numbered or bulleted list under `#### Acceptance Criteria`.
 * Criterion ids are `<requirement id>.<number as written>` (or `.<position>` for bullets).
 */
export function parseRequirements(text: string, options: { file?: string } = {}): RequirementsDocument {
  const file = options.file ?? 'requirements.md';
  try {
    return new RequirementsParser(text, file).parse();
  } catch (error) {
    const source = new SourceText(text);
    return { kind: 'requirements', file, source, headings: [], introduction: null, glossary: [], requirements: [], diagnostics: [internalErrorDiagnostic(file, source, error)] };
  }
}

class RequirementsParser {
  private readonly source: SourceText;
  private readonly diagnostics: Diagnostic[] = [];
  private readonly inFence: boolean[] = [];
  private readonly headingAt = new Map<number, HeadingLine>();
  private readonly headingLines: HeadingLine[] = [];
  /** Prefix counts of lines that mark requirement content (criteria headers, user stories). */
  private readonly contentMarks: number[] = [0];
  /** Plain text of the lines that may mark content (see mayMarkContent), read once in scanLines. */
  private readonly plainAt = new Map<number, string>();
  /** Lines holding an "Acceptance Criteria" header, to find those outside any requirement. */
  private readonly criteriaHeaders: number[] = [];
  /** [first, end) line spans of the requirements read. */
  private readonly spans: Array<[number, number]> = [];

  constructor(
    text: string,
    private readonly file: string,
  ) {
    this.source = new SourceText(text);
  }

  parse(): RequirementsDocument {
    this.scanLines();
    const requirementHeadings = this.headingLines.filter((h, k) => h.requirement && (h.requirement.explicit || this.holdsRequirementContent(k)));
    const requirements = requirementHeadings.map((h, k) => this.readRequirement(h, requirementHeadings[k + 1]?.index ?? Infinity));
    this.reportOrphanCriteria();
    const headings: Heading[] = this.headingLines.map((h) => ({ level: h.level, text: h.text, line: h.index + 1, range: this.source.linesRange(h.index, h.index) }));
    return {
      kind: 'requirements',
      file: this.file,
      source: this.source,
      headings,
      introduction: this.introduction(),
      glossary: this.glossary(),
      requirements,
      diagnostics: this.diagnostics,
    };
  }

  private scanLines(): void {
    const { source } = this;
    const literal = new LiteralBlockTracker();
    for (let i = 0; i < source.lineCount; i++) {
      const line = source.lineText(i);
      const code = literal.update(line);
      this.inFence.push(code);
      let mark = 0;
      if (!code) {
        const heading = matchHeading(line);
        if (heading) {
          const h: HeadingLine = { pos: this.headingLines.length, index: i, level: heading.level, text: heading.text, requirement: this.requirementOf(i, heading.level, heading.text) };
          this.headingLines.push(h);
          this.headingAt.set(i, h);
          if (acceptanceCriteria.test(plainText(heading.text))) {
            mark = 1;
            this.criteriaHeaders.push(i);
          }
        } else if (mayMarkContent.test(line)) {
          const plain = plainText(line);
          this.plainAt.set(i, plain);
          if (acceptanceCriteria.test(plain)) this.criteriaHeaders.push(i);
          if (acceptanceCriteria.test(plain) || userStoryLabel.test(plain)) mark = 1;
        }
      }
      this.contentMarks.push(this.contentMarks[i]! + mark);
    }
  }

  private requirementOf(index: number, level: number, text: string): HeadingLine['requirement'] {
    const plain = plainText(text);
    const explicit = requirementHeading.exec(plain);
    if (explicit && level >= 2) return { id: explicit[1]!, title: explicit[2]!.trim(), explicit: true };
    if (/^Requirement\s*(?::|$)/i.test(plain)) {
      this.diagnostics.push(
        diagnosticAt(this.file, this.source.linesRange(index, index), 'error', 'malformed-requirement-id',
          'This requirement heading has no number, so nothing can reference it; write it as "### Requirement N: Title".'),
      );
      return null;
    }
    const numbered = numberedHeading.exec(plain);
    if (numbered && level >= 2 && level <= 4) return { id: numbered[1]!, title: numbered[2]!.trim(), explicit: false };
    return null;
  }

  /** A numbered heading is a requirement when a story or criteria follow before the next section. */
  private holdsRequirementContent(k: number): boolean {
    const h = this.headingLines[k]!;
    let end = this.source.lineCount;
    for (let n = k + 1; n < this.headingLines.length; n++) {
      const next = this.headingLines[n]!;
      if (next.level <= h.level || next.requirement) {
        end = next.index;
        break;
      }
    }
    return this.contentMarks[end]! - this.contentMarks[h.index + 1]! > 0;
  }

  /** The line after the last line of the section `start` opens: the next heading at its level or above, or `limit`. */
  private sectionEnd(start: HeadingLine, limit: number): number {
    for (let n = start.pos + 1; n < this.headingLines.length; n++) {
      const h = this.headingLines[n]!;
      if (h.level <= start.level || h.index >= limit) return Math.min(h.index, limit);
    }
    return Math.min(this.source.lineCount, limit);
  }

  private readRequirement(h: HeadingLine, nextRequirementLine: number): Requirement {
    const { source } = this;
    const req = h.requirement!;
    const end = this.sectionEnd(h, nextRequirementLine);
    this.spans.push([h.index, end]);
    const criteria = new StatementCollector();
    const looseItems = new StatementCollector();
    const stories: string[] = [];
    let story: string[] | null = null;
    let inCriteria = false;
    let criteriaLevel = 7;
    let sawCriteria = false;
    for (let i = h.index + 1; i < end; i++) {
      if (this.inFence[i]) continue;
      const line = source.lineText(i);
      const heading = this.headingAt.get(i);
      if (heading) {
        if (story) stories.push(story.join(' '));
        story = null;
        criteria.end();
        looseItems.end();
        if (acceptanceCriteria.test(plainText(heading.text))) {
          inCriteria = sawCriteria = true;
          criteriaLevel = heading.level;
        } else if (!(inCriteria && heading.level > criteriaLevel)) {
          inCriteria = false;
        }
        continue;
      }
      // Plain text only of lines that may be a story or criteria header: most lines are not.
      const plain = this.plainAt.get(i) ?? '';
      if (story && !isBlank(line) && !acceptanceCriteria.test(plain) && !/^([-*+]|\d+[.)])\s/.test(line.trim())) {
        story.push(plainText(line));
        continue;
      }
      if (story) stories.push(story.join(' '));
      story = null;
      const storyStart = plain ? userStoryLabel.exec(plain) : null;
      if (storyStart) {
        criteria.end();
        story = [storyStart[1]!];
        continue;
      }
      if (plain && acceptanceCriteria.test(plain)) {
        criteria.end();
        inCriteria = sawCriteria = true;
        criteriaLevel = 7;
        continue;
      }
      if (inCriteria) criteria.feed(i, line);
      else looseItems.feed(i, line);
    }
    if (story) stories.push(story.join(' '));
    criteria.end();
    looseItems.end();
    // Without an "Acceptance Criteria" header, a numbered list in the requirement is its criteria.
    const raw = sawCriteria ? criteria.statements : looseItems.statements.filter((s) => s.number !== null);
    const lastLine = this.lastContentLine(h.index, end);
    return {
      id: req.id,
      title: req.title,
      userStory: stories[0] ?? null,
      userStories: stories,
      criteria: this.toCriteria(req.id, raw),
      line: h.index + 1,
      column: leadingIndent(source.lineText(h.index)).length + 1,
      range: source.linesRange(h.index, lastLine),
      headingRange: source.linesRange(h.index, h.index),
    };
  }

  /** Criteria written where no requirement heading owns them cannot be referenced: say so. */
  private reportOrphanCriteria(): void {
    let span = 0;
    for (const line of this.criteriaHeaders) {
      while (span < this.spans.length && this.spans[span]![1] <= line) span++;
      const owner = this.spans[span];
      if (owner && owner[0] < line) continue;
      this.diagnostics.push(
        diagnosticAt(this.file, this.source.linesRange(line, line), 'warning', 'orphan-acceptance-criteria',
          'These acceptance criteria belong to no requirement, so tasks cannot reference them; put a "### Requirement N: Title" heading above them.'),
      );
    }
  }

  private toCriteria(requirementId: string, raw: RawStatement[]): Criterion[] {
    const { source } = this;
    return raw.map((s, position) => {
      let id: string;
      if (s.number === null) id = `${requirementId}.${position + 1}`;
      else if (s.dotted && s.number.startsWith(`${requirementId}.`)) id = s.number;
      else id = `${requirementId}.${s.number}`;
      const start = source.positionOnLine(s.firstLine, source.lineStart(s.firstLine) + s.markerOffset);
      return {
        id,
        text: s.text,
        ears: classifyEars(s.text),
        line: start.line,
        column: start.column,
        range: { start, end: source.positionOnLine(s.lastLine, source.lineEnd(s.lastLine)) },
      };
    });
  }

  /** The last line of a section that is not blank or a `---` rule. */
  private lastContentLine(first: number, end: number): number {
    for (let i = end - 1; i > first; i--) {
      const t = this.source.lineText(i).trim();
      if (t && !/^([-*_])(\s*\1){2,}$/.test(t)) return i;
    }
    return first;
  }

  private section(title: RegExp): { first: number; end: number } | null {
    const h = this.headingLines.find((x) => title.test(plainText(x.text)));
    return h ? { first: h.index + 1, end: this.sectionEnd(h, Infinity) } : null;
  }

  private introduction(): string | null {
    const s = this.section(/^introduction\b/i);
    if (!s) return null;
    const lines: string[] = [];
    for (let i = s.first; i < s.end; i++) lines.push(this.source.lineText(i));
    return lines.join('\n').trim();
  }

  private glossary(): GlossaryEntry[] {
    const s = this.section(/^glossary\b/i);
    if (!s) return [];
    const items = new StatementCollector();
    for (let i = s.first; i < s.end; i++) if (!this.inFence[i] && !this.headingAt.has(i)) items.feed(i, this.source.lineText(i));
    items.end();
    const entries: GlossaryEntry[] = [];
    for (const item of items.statements) {
      const m = /^\*\*(.+?)\*\*\s*[:—–-]?\s*(.*)$/.exec(item.text) ?? /^([^:]{1,80}):\s+(.*)$/.exec(item.text);
      if (!m) continue;
      const range = { start: this.source.positionOnLine(item.firstLine, this.source.lineStart(item.firstLine) + item.markerOffset), end: this.source.positionOnLine(item.lastLine, this.source.lineEnd(item.lastLine)) };
      entries.push({ term: m[1]!.replace(/`/g, '').replace(/:$/, '').trim(), definition: m[2]!.trim(), range });
    }
    return entries;
  }
}
