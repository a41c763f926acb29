import { blockAt, blocksOf, type TaskBlock } from './taskBlocks';
import { parseTasks, tasksDocument, TasksParser, type ParsedTasks } from './tasksParser';
import { SourceText } from './sourceText';
import type { Diagnostic, Heading, Position, RequirementReference, SourceRange, Task, TasksDocument } from './types';

/**
 * tasks.md parsed again after an edit, reading only the blocks the edit touched: the blocks above
 * it are the previous document's own objects, the blocks below it (once the parse of the new text
 * reaches a block start that is an old one, moved by the edit, with the same count of unnumbered
 * top-level tasks above it) are the previous objects copied with their lines and offsets moved.
 * The result is the document parseTasks(text) gives (a property test drives random edits through
 * both); a keystroke in a 5,000-task plan costs a few blocks and a copy instead of a whole parse.
 */
export function reparseTasks(previous: TasksDocument, text: string): TasksDocument {
  const blocks = blocksOf(previous);
  if (!blocks?.length) return parseTasks(text, { file: previous.file });
  if (text === previous.source.text) return previous;
  try {
    return reparse(previous, blocks, text);
  } catch {
    // The full parse reads anything (and reports its own failure as a diagnostic).
    return parseTasks(text, { file: previous.file });
  }
}

function reparse(previous: TasksDocument, blocks: readonly TaskBlock[], text: string): TasksDocument {
  const before = previous.source.text;
  const prefix = commonPrefix(before, text);
  const suffix = commonSuffix(before, text, prefix);
  // The line above the first changed one ends before the change, so it and every line above read
  // the same: the parse starts at the block holding it.
  const firstChanged = previous.source.position(prefix).line - 1;
  const startIndex = blockAt(blocks, firstChanged - 1);
  const start = blocks[startIndex]!;
  const source = new SourceText(text);
  const shift: Shift = { lines: source.lineCount - previous.source.lineCount, offset: text.length - before.length };
  // Lines starting after the change hold the old lines' text, `shift.lines` further down.
  const changeEnd = text.length - suffix;
  let resumeIndex = -1;
  const parser = new TasksParser(source, previous.file, {
    line: start.line,
    roots: previous.tasks.slice(0, start.roots),
    all: previous.allTasks.slice(0, start.all),
    headings: previous.headings.slice(0, start.headings),
    diagnostics: previous.diagnostics.slice(0, start.diagnostics),
    blocks: blocks.slice(0, startIndex),
    topUnnumbered: start.topUnnumbered,
  });
  const parsed = parser.parse((line, topUnnumbered) => {
    if (source.lineStart(line) <= changeEnd) return false;
    const old = blockAt(blocks, line - shift.lines);
    if (blocks[old]!.line !== line - shift.lines || blocks[old]!.topUnnumbered !== topUnnumbered) return false;
    resumeIndex = old;
    return true;
  });
  if (parsed.stoppedAt !== null) appendMoved(previous, blocks, resumeIndex, shift, parsed);
  return tasksDocument(previous.file, source, parsed);
}

/** Lines and offsets to add to everything below the edit. */
interface Shift {
  lines: number;
  offset: number;
}

/** The previous document's blocks from `from` on, moved, after what the parse read. */
function appendMoved(previous: TasksDocument, blocks: readonly TaskBlock[], from: number, shift: Shift, parsed: ParsedTasks): void {
  const base = blocks[from]!;
  const counts = { roots: parsed.roots.length, all: parsed.all.length, headings: parsed.headings.length, diagnostics: parsed.diagnostics.length };
  for (let b = from; b < blocks.length; b++) {
    const block = blocks[b]!;
    parsed.blocks.push({
      line: block.line + shift.lines,
      roots: block.roots - base.roots + counts.roots,
      all: block.all - base.all + counts.all,
      headings: block.headings - base.headings + counts.headings,
      diagnostics: block.diagnostics - base.diagnostics + counts.diagnostics,
      topUnnumbered: block.topUnnumbered,
    });
  }
  if (shift.lines === 0 && shift.offset === 0) {
    // An edit that kept the length (a status mark, typing over a selection): the rest did not move.
    appendFrom(parsed.roots, previous.tasks, base.roots);
    appendFrom(parsed.all, previous.allTasks, base.all);
    appendFrom(parsed.headings, previous.headings, base.headings);
    appendFrom(parsed.diagnostics, previous.diagnostics, base.diagnostics);
    return;
  }
  for (let i = base.roots; i < previous.tasks.length; i++) parsed.roots.push(movedTask(previous.tasks[i]!, shift, parsed.all));
  for (let i = base.headings; i < previous.headings.length; i++) parsed.headings.push(movedHeading(previous.headings[i]!, shift));
  for (let i = base.diagnostics; i < previous.diagnostics.length; i++) parsed.diagnostics.push(movedDiagnostic(previous.diagnostics[i]!, shift));
}

/** A loop, not a spread: a plan's tasks can outnumber the arguments a call takes. */
function appendFrom<T>(to: T[], from: readonly T[], start: number): void {
  for (let i = start; i < from.length; i++) to.push(from[i]!);
}

/**
 * A copy of a task and its sub-tasks, moved; each is added to `all` in document order (a task
 * before its sub-tasks). Every field is written out (no spread): thousands are copied per keystroke,
 * and a literal of one shape is the cheapest copy; the type and the property test keep it complete.
 */
function movedTask(task: Task, shift: Shift, all: Task[]): Task {
  const copy: Task = {
    id: task.id,
    derivedId: task.derivedId,
    title: task.title,
    status: task.status,
    optional: task.optional,
    checkpoint: task.checkpoint,
    requirements: task.requirements,
    references: task.references.length ? task.references.map((r) => movedReference(r, shift)) : [],
    referencesAll: task.referencesAll,
    line: task.line + shift.lines,
    column: task.column,
    parentId: task.parentId,
    depth: task.depth,
    children: [],
    details: task.details,
    range: movedRange(task.range, shift),
    markRange: movedRange(task.markRange, shift),
    titleRange: movedRange(task.titleRange, shift),
  };
  all.push(copy);
  if (task.children.length) copy.children = task.children.map((child) => movedTask(child, shift, all));
  return copy;
}

function movedReference(reference: RequirementReference, shift: Shift): RequirementReference {
  return { id: reference.id, kind: reference.kind, range: movedRange(reference.range, shift) };
}

function movedHeading(heading: Heading, shift: Shift): Heading {
  return { ...heading, line: heading.line + shift.lines, range: movedRange(heading.range, shift) };
}

function movedDiagnostic(diagnostic: Diagnostic, shift: Shift): Diagnostic {
  return { ...diagnostic, line: diagnostic.line + shift.lines, ...(diagnostic.range ? { range: movedRange(diagnostic.range, shift) } : {}) };
}

function movedRange(range: SourceRange, shift: Shift): SourceRange {
  return { start: movedPosition(range.start, shift), end: movedPosition(range.end, shift) };
}

/** Columns stay: a moved line's text is the old line's. */
function movedPosition(position: Position, shift: Shift): Position {
  return { offset: position.offset + shift.offset, line: position.line + shift.lines, column: position.column };
}

/** Compared a chunk at a time first (slices of a flat string are views, and their comparison is native). */
const CHUNK = 4096;

export function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i + CHUNK <= n && a.slice(i, i + CHUNK) === b.slice(i, i + CHUNK)) i += CHUNK;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** The common suffix's length, not reaching into the common prefix of either string. */
export function commonSuffix(a: string, b: string, prefix: number): number {
  const n = Math.min(a.length, b.length) - prefix;
  let i = 0;
  while (i + CHUNK <= n && a.slice(a.length - i - CHUNK, a.length - i) === b.slice(b.length - i - CHUNK, b.length - i)) i += CHUNK;
  while (i < n && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}
