import { SymbolKind, type DocumentSymbol, type FoldingRange } from 'vscode-languageserver';
import type { Heading, SourceRange, SpecDocument, Task } from '../core/spec';
import { toLspRange } from './ranges';

interface Section {
  symbol: DocumentSymbol;
  level: number;
  /** 1-based, inclusive. */
  firstLine: number;
  lastLine: number;
}

/**
 * The outline of a spec file: its heading sections, with requirements (criteria as children) in
 * requirements.md and the task hierarchy in tasks.md placed in the section that holds them.
 */
export function documentSymbols(doc: SpecDocument): DocumentSymbol[] {
  const structural: DocumentSymbol[] = [];
  let hidden = (_line: number) => false;
  const special = new Map<number, DocumentSymbol>();
  if (doc.kind === 'requirements') {
    for (const r of doc.requirements) {
      const children = r.criteria.map((c) => symbol(c.id, truncate(c.text), SymbolKind.EnumMember, c.range, c.range));
      special.set(r.line, symbol(`Requirement ${r.id}${r.title ? `: ${r.title}` : ''}`, r.userStory ? truncate(r.userStory) : undefined, SymbolKind.Module, r.range, r.headingRange, children));
    }
    // A requirement's own sub-headings (User Story, Acceptance Criteria) would only repeat it.
    hidden = (line) => doc.requirements.some((r) => line > r.line && line <= r.range.end.line);
  }
  if (doc.kind === 'tasks') structural.push(...doc.tasks.map(taskSymbol));
  const { roots, sections } = sectionTree(doc, special, hidden);
  for (const item of structural) {
    const holder = innermost(sections, item.range.start.line + 1);
    (holder ? holder.symbol.children! : roots).push(item);
  }
  for (const s of sections) s.symbol.children!.sort((a, b) => a.range.start.line - b.range.start.line);
  return roots.sort((a, b) => a.range.start.line - b.range.start.line);
}

function sectionTree(doc: SpecDocument, special: Map<number, DocumentSymbol>, hidden: (line: number) => boolean): { roots: DocumentSymbol[]; sections: Section[] } {
  const headings = doc.headings.filter((h) => !hidden(h.line));
  const roots: DocumentSymbol[] = [];
  const sections: Section[] = [];
  const stack: Section[] = [];
  headings.forEach((h, k) => {
    const lastLine = sectionLastLine(doc, headings, k);
    const range = doc.source.linesRange(h.line - 1, lastLine - 1);
    const s: Section = { symbol: special.get(h.line) ?? symbol(h.text || '(untitled)', undefined, SymbolKind.String, range, h.range, []), level: h.level, firstLine: h.line, lastLine };
    s.symbol.children ??= [];
    while (stack.length && stack[stack.length - 1]!.level >= h.level) stack.pop();
    const parent = stack[stack.length - 1];
    (parent ? parent.symbol.children! : roots).push(s.symbol);
    stack.push(s);
    sections.push(s);
  });
  return { roots, sections };
}

/** A section runs to the line before the next heading at its level or above, trailing blanks dropped. */
function sectionLastLine(doc: SpecDocument, headings: Heading[], k: number): number {
  const h = headings[k]!;
  const next = headings.slice(k + 1).find((n) => n.level <= h.level);
  let last = next ? next.line - 1 : doc.source.lineCount;
  while (last > h.line && doc.source.lineText(last - 1).trim() === '') last--;
  return last;
}

function innermost(sections: Section[], line: number): Section | undefined {
  let found: Section | undefined;
  for (const s of sections) if (s.firstLine <= line && line <= s.lastLine && (!found || s.level > found.level)) found = s;
  return found;
}

const STATUS_LABEL: Record<Task['status'], string> = { todo: 'to do', in_progress: 'in progress', queued: 'queued', done: 'done' };

function taskSymbol(task: Task): DocumentSymbol {
  // Written as Kiro writes them: `1.` for a top-level task, `2.1` for a sub-task.
  const name = task.derivedId ? task.title || '(untitled task)' : `${task.id.includes('.') ? task.id : `${task.id}.`} ${task.title}`;
  return symbol(name, STATUS_LABEL[task.status], SymbolKind.Event, task.range, task.titleRange, task.children.map(taskSymbol));
}

function symbol(name: string, detail: string | undefined, kind: SymbolKind, range: SourceRange, selection: SourceRange, children?: DocumentSymbol[]): DocumentSymbol {
  return { name, detail, kind, range: toLspRange(range), selectionRange: toLspRange(selection), children };
}

function truncate(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Folding for heading sections, requirements, criteria, tasks, correctness properties and code blocks. */
export function foldingRanges(doc: SpecDocument): FoldingRange[] {
  const spans: SourceRange[] = [];
  doc.headings.forEach((h, k) => spans.push(doc.source.linesRange(h.line - 1, sectionLastLine(doc, doc.headings, k) - 1)));
  if (doc.kind === 'requirements') for (const r of doc.requirements) spans.push(r.range, ...r.criteria.map((c) => c.range));
  if (doc.kind === 'tasks') spans.push(...doc.allTasks.map((t) => t.range));
  if (doc.kind === 'design') spans.push(...doc.properties.map((p) => p.range), ...doc.codeBlocks.map((b) => b.range));
  if (doc.kind === 'bugfix') spans.push(...doc.statements.map((s) => s.range));
  const byStart = new Map<number, number>();
  for (const s of spans) {
    const start = s.start.line - 1;
    const end = s.end.line - 1;
    // One fold per start line (clients keep only one), the widest.
    if (end > start && end > (byStart.get(start) ?? -1)) byStart.set(start, end);
  }
  return [...byStart].sort((a, b) => a[0] - b[0]).map(([startLine, endLine]) => ({ startLine, endLine }));
}
