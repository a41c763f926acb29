import { internalErrorDiagnostic } from './diagnostics';
import { classifyEars } from './ears';
import { LiteralBlockTracker, matchHeading, plainText } from './markdownLines';
import { SourceText } from './sourceText';
import { StatementCollector } from './statementList';
import type { BugfixDocument, BugfixSection, BugfixStatement, Heading } from './types';

const sectionTitles: Array<[BugfixSection, RegExp]> = [
  ['current', /\b(current|actual|defective) behaviou?r\b/i],
  ['expected', /\b(expected|correct) behaviou?r\b/i],
  ['unchanged', /\b(unchanged|preserved) behaviou?r\b|\bregression prevention\b/i],
];
const sectionNumber: Record<BugfixSection, number> = { current: 1, expected: 2, unchanged: 3 };

/**
 * Parses bugfix.md: the numbered statements under "Current Behavior (Defect)", "Expected Behavior
 * (Correct)" and "Unchanged Behavior (Regression Prevention)". A statement keeps the number written
 * before it (`2.1 WHEN … THEN the system SHALL …`); a plain list item gets the section's number
 * (1 current, 2 expected, 3 unchanged) and its position, so `- WHEN …` under Expected is 2.1.
 */
export function parseBugfix(text: string, options: { file?: string } = {}): BugfixDocument {
  const file = options.file ?? 'bugfix.md';
  try {
    return readBugfix(text, file);
  } catch (error) {
    const source = new SourceText(text);
    return { kind: 'bugfix', file, source, headings: [], statements: [], diagnostics: [internalErrorDiagnostic(file, source, error)] };
  }
}

function readBugfix(text: string, file: string): BugfixDocument {
  const source = new SourceText(text);
  const headings: Heading[] = [];
  const statements: BugfixStatement[] = [];
  const literal = new LiteralBlockTracker();
  let section: { kind: BugfixSection; level: number; items: StatementCollector } | null = null;

  const closeSection = () => {
    if (!section) return;
    section.items.end();
    const { kind } = section;
    section.items.statements.forEach((s, position) => {
      const start = source.positionOnLine(s.firstLine, source.lineStart(s.firstLine) + s.markerOffset);
      statements.push({
        id: s.dotted ? s.number! : `${sectionNumber[kind]}.${s.number ?? position + 1}`,
        section: kind,
        text: s.text,
        ears: classifyEars(s.text),
        line: start.line,
        column: start.column,
        range: { start, end: source.positionOnLine(s.lastLine, source.lineEnd(s.lastLine)) },
      });
    });
    section = null;
  };

  for (let i = 0; i < source.lineCount; i++) {
    const line = source.lineText(i);
    if (literal.update(line)) continue;
    const heading = matchHeading(line);
    if (heading) {
      headings.push({ ...heading, line: i + 1, range: source.linesRange(i, i) });
      const kind = sectionTitles.find(([, pattern]) => pattern.test(plainText(heading.text)))?.[0];
      if (kind) {
        closeSection();
        section = { kind, level: heading.level, items: new StatementCollector() };
      } else if (section && heading.level <= section.level) {
        closeSection();
      } else {
        section?.items.end();
      }
      continue;
    }
    section?.items.feed(i, line);
  }
  closeSection();
  return { kind: 'bugfix', file, source, headings, statements, diagnostics: [] };
}
