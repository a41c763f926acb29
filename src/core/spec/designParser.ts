import { internalErrorDiagnostic } from './diagnostics';
import { LiteralBlockTracker, isBlank, matchHeading, plainText } from './markdownLines';
import { ReferenceCollector } from './references';
import { SourceText } from './sourceText';
import type { CodeBlock, CorrectnessProperty, DesignDocument, Heading } from './types';

/** `### Property 3: Title` or a paragraph opening with `**Property 3: Title**` / `Property 3:`. */
const propertyStart = /^Property\s+(\d{1,6})\b\s*[:.\-–—]?\s*(.*)$/i;

interface OpenProperty {
  property: CorrectnessProperty;
  /** Heading level when opened by a heading; 7 for a bold line (any heading ends it). */
  level: number;
  body: string[];
  lastLine: number;
  collector: ReferenceCollector;
}

/**
 * Parses design.md: its sections, fenced code (mermaid diagrams singled out), and correctness
 * properties with the requirements each one validates (`**Validates: Requirements 1.2, 1.3**`).
 */
export function parseDesign(text: string, options: { file?: string } = {}): DesignDocument {
  const file = options.file ?? 'design.md';
  try {
    return readDesign(text, file);
  } catch (error) {
    const source = new SourceText(text);
    return { kind: 'design', file, source, headings: [], codeBlocks: [], mermaid: [], properties: [], diagnostics: [internalErrorDiagnostic(file, source, error)] };
  }
}

function readDesign(text: string, file: string): DesignDocument {
  const source = new SourceText(text);
  const headings: Heading[] = [];
  const codeBlocks: CodeBlock[] = [];
  const properties: CorrectnessProperty[] = [];
  const literal = new LiteralBlockTracker();
  let block: { language: string; first: number; lines: string[] } | null = null;
  let open: OpenProperty | null = null;

  const closeProperty = () => {
    if (!open) return;
    open.property.text = open.body.join('\n').trim();
    open.property.validates = open.collector.references;
    open.property.range.end = source.positionOnLine(open.lastLine, source.lineEnd(open.lastLine));
    properties.push(open.property);
    open = null;
  };

  for (let i = 0; i < source.lineCount; i++) {
    const line = source.lineText(i);
    const wasOpen = literal.open;
    if (literal.update(line)) {
      // HTML comments are skipped like code, but they are not code blocks.
      if (!wasOpen && literal.kind !== 'comment') block = { language: literal.language, first: i, lines: [] };
      else if (literal.open) block?.lines.push(line);
      else if (block) {
        codeBlocks.push({ language: block.language, content: block.lines.join('\n'), range: source.linesRange(block.first, i) });
        block = null;
      }
      if (open) open.lastLine = i;
      continue;
    }
    const heading = matchHeading(line);
    if (heading) {
      headings.push({ ...heading, line: i + 1, range: source.linesRange(i, i) });
      if (open && heading.level <= open.level) closeProperty();
      const property = propertyStart.exec(plainText(heading.text));
      if (property) open = startProperty(source, i, property, heading.level);
      continue;
    }
    const bold = /^\s*(\*\*|__)?Property\s+\d/i.test(line) ? propertyStart.exec(plainText(line)) : null;
    if (bold) {
      closeProperty();
      open = startProperty(source, i, bold, 7);
    }
    if (open) {
      if (!bold) open.body.push(line);
      if (!isBlank(line)) open.lastLine = i;
      open.collector.feedLine(i, line);
    }
  }
  // A fence left open at the end still counts as a block: it is how the file reads in an editor.
  if (block) codeBlocks.push({ language: block.language, content: block.lines.join('\n'), range: source.linesRange(block.first, source.lineCount - 1) });
  closeProperty();
  return { kind: 'design', file, source, headings, codeBlocks, mermaid: codeBlocks.filter((b) => b.language === 'mermaid'), properties, diagnostics: [] };
}

function startProperty(source: SourceText, index: number, m: RegExpExecArray, level: number): OpenProperty {
  const start = source.positionOnLine(index, source.lineStart(index) + (source.lineText(index).length - source.lineText(index).trimStart().length));
  const collector = new ReferenceCollector(source);
  // The title line may carry the `Validates:` note itself.
  collector.feedLine(index, source.lineText(index));
  return {
    property: { id: m[1]!, title: m[2]!.replace(/[*_]+$/, '').trim(), text: '', validates: [], line: start.line, column: start.column, range: { start, end: start } },
    level,
    body: [],
    lastLine: index,
    collector,
  };
}
