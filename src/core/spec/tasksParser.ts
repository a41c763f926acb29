import { diagnosticAt, internalErrorDiagnostic } from './diagnostics';
import { LiteralBlockTracker, indentWidth, isBlank, leadingIndent, matchHeading } from './markdownLines';
import { recordBlocks, type TaskBlock } from './taskBlocks';
import { ReferenceCollector } from './references';
import { SourceText } from './sourceText';
import type { Diagnostic, Heading, Task, TasksDocument, TaskStatus } from './types';

/** The characters Kiro writes between the brackets, and what they mean. */
export const STATUS_BY_MARK: Readonly<Record<string, TaskStatus>> = { ' ': 'todo', x: 'done', X: 'done', '-': 'in_progress', '~': 'queued' };
export const MARK_BY_STATUS: Readonly<Record<TaskStatus, string>> = { todo: ' ', done: 'x', in_progress: '-', queued: '~' };

/** `- [x] …`, `* [ ] …`, `+ [-] …`, any indentation (spaces or tabs). */
const checkboxLine = /^([ \t]*)[-*+][ \t]+\[([^\]\r\n])\]/;
/**
 * `*` right after the box (`- [ ]* 1.2`, `- [ ]*1.2`) or standing alone after one space
 * (`- [ ] * 1.2`); never the start of `**bold**` or `*italic*` title text.
 */
const optionalMarker = /(?:\*(?!\*)(?=[ \t\d]|$)|[ \t]\*(?=[ \t]|$))/y;
/** Sticky (`y`): matched where the title starts, without slicing the line. */
const taskNumber = /(\d{1,9}(?:\.\d{1,9})*)\.?(?=[ \t]|$)/y;
/** Looks like a number but is not one we can address: `1.2a`, `1,2`, `1..2`, `3)`. */
const malformedNumber = /\d[\d.,]*[a-zA-Z]?[:)]?(?=[ \t]|$)/y;

/** What checkboxLine needs before it can match: a bullet after the indentation, then a `[` (most lines fail here). */
function mayBeCheckbox(line: string): boolean {
  let i = 0;
  let code = line.charCodeAt(0);
  while (code === 32 || code === 9) code = line.charCodeAt(++i);
  return (code === 45 || code === 42 || code === 43) && line.indexOf('[', i + 2) !== -1;
}

/**
 * A line (outside code and comments) that closes every open task: anything not blank at the left
 * margin, and a heading.
 */
function startsBlock(line: string): boolean {
  return !isBlank(line) && (indentWidth(line) === 0 || matchHeading(line) !== null);
}

/** A sticky pattern's match at `at`, or null. */
function matchAt(pattern: RegExp, line: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(line);
}

interface OpenTask {
  task: Task;
  indent: number;
  lastLine: number;
  /** Created on the first line that may hold a reference: most lines of a plan do not. */
  collector: ReferenceCollector | null;
}

/** Cheap pre-check before the reference-label patterns. */
const mayHoldReference = /equirement|Validates/i;

/**
 * Parses tasks.md. Never throws: anything that is not a task stays text, and oddities become
 * diagnostics.
 *
 * Ids: a task's id is its number as written (`1`, `2.1`, `3.2.1`; a trailing dot is dropped).
 * A checkbox without a number gets `<parentId>.u<n>`, or `u<n>` at the top level, where n counts
 * the unnumbered checkboxes among the same parent's sub-tasks (1-based, document order). Such an
 * id depends only on where the line sits among its siblings, so status edits never change it;
 * inserting an unnumbered sibling above it does.
 */
export function parseTasks(text: string, options: { file?: string } = {}): TasksDocument {
  const file = options.file ?? 'tasks.md';
  try {
    const source = new SourceText(text);
    return tasksDocument(file, source, new TasksParser(source, file).parse());
  } catch (error) {
    const source = new SourceText(text);
    return { kind: 'tasks', file, source, headings: [], tasks: [], allTasks: [], diagnostics: [internalErrorDiagnostic(file, source, error)] };
  }
}

/**
 * Where a parse starts: line 0 with nothing read, or (re-parsing after an edit) the start of a
 * block, with what the lines above it gave, which the edit did not touch.
 */
export interface ParseStart {
  line: number;
  roots: Task[];
  all: Task[];
  headings: Heading[];
  diagnostics: Diagnostic[];
  /** The blocks above `line`. */
  blocks: TaskBlock[];
  /** Unnumbered top-level tasks above `line`. */
  topUnnumbered: number;
}

/** Asked at each block start below the parse's first line: true stops the parse there (the caller splices in the rest). */
export type StopAtBlock = (line: number, topUnnumbered: number) => boolean;

/** What a parse read, and the block start it stopped at (null: it read to the end). */
export interface ParsedTasks {
  roots: Task[];
  all: Task[];
  headings: Heading[];
  diagnostics: Diagnostic[];
  blocks: TaskBlock[];
  stoppedAt: number | null;
}

/** The document of a parse that read to the end, its blocks kept for the next edit's re-parse. */
export function tasksDocument(file: string, source: SourceText, parsed: ParsedTasks): TasksDocument {
  const doc: TasksDocument = { kind: 'tasks', file, source, headings: parsed.headings, tasks: parsed.roots, allTasks: parsed.all, diagnostics: parsed.diagnostics };
  recordBlocks(doc, parsed.blocks);
  return doc;
}

export class TasksParser {
  private readonly roots: Task[];
  private readonly all: Task[];
  private readonly headings: Heading[];
  private readonly diagnostics: Diagnostic[];
  private readonly blocks: TaskBlock[];
  private readonly stack: OpenTask[] = [];
  /** Unnumbered-sibling counters, keyed by parent task (null: top level). */
  private readonly unnumbered = new Map<Task | null, number>();
  /** The task that owns the code block or comment being read, so it stays with that task. */
  private literalOwner: OpenTask | null = null;
  private readonly firstLine: number;

  constructor(
    private readonly source: SourceText,
    private readonly file: string,
    start?: ParseStart,
  ) {
    this.firstLine = start?.line ?? 0;
    this.roots = start?.roots ?? [];
    this.all = start?.all ?? [];
    this.headings = start?.headings ?? [];
    this.diagnostics = start?.diagnostics ?? [];
    this.blocks = start?.blocks ?? [];
    if (start?.topUnnumbered) this.unnumbered.set(null, start.topUnnumbered);
  }

  /** Reads the lines from the first one to the end, or up to the first block start `stopAt` accepts. */
  parse(stopAt?: StopAtBlock): ParsedTasks {
    const { source } = this;
    const literal = new LiteralBlockTracker();
    let literalStart = -1;
    this.startBlock(this.firstLine);
    for (let i = this.firstLine; i < source.lineCount; i++) {
      const line = source.lineText(i);
      const wasOpen = literal.open;
      // A block starts where every task closes outside code and comments: the lines below it read
      // the same whatever came above, so an edit re-parses from the block it is in.
      if (!wasOpen && i > this.firstLine && startsBlock(line)) {
        this.closeTasksDeeperThan(-1);
        if (stopAt?.(i, this.unnumbered.get(null) ?? 0)) return this.parsed(i);
        this.startBlock(i);
      }
      if (literal.update(line)) {
        if (!wasOpen) {
          literalStart = i;
          this.literalOwner = this.ownerOfIndentedLine(line);
        }
        // Code and comments stay with their task, but a reference inside them is not a reference.
        if (this.literalOwner) this.addDetail(this.literalOwner, i, line, false);
        continue;
      }
      if (isBlank(line)) continue;
      const heading = matchHeading(line);
      if (heading) {
        this.closeTasksDeeperThan(-1);
        this.headings.push({ ...heading, line: i + 1, range: source.linesRange(i, i) });
        continue;
      }
      const box = mayBeCheckbox(line) ? checkboxLine.exec(line) : null;
      if (box && STATUS_BY_MARK[box[2]!] !== undefined) {
        this.openTask(i, line, box);
        continue;
      }
      if (box && !/[\p{L}\p{N}]/u.test(box[2]!)) {
        this.diagnostics.push(
          diagnosticAt(this.file, source.rangeOnLine(i, box[0].length - 2, box[0].length - 1), 'warning', 'unknown-checkbox-mark',
            `"[${box[2]}]" is not a task status, so this line is not read as a task; use [ ] (to do), [-] (in progress), [~] (queued) or [x] (done).`),
        );
      }
      const owner = this.ownerOfIndentedLine(line);
      if (owner) this.addDetail(owner, i, line);
    }
    if (literal.kind === 'fence') {
      this.diagnostics.push(
        diagnosticAt(this.file, source.linesRange(literalStart, literalStart), 'warning', 'unclosed-code-fence',
          'This code fence is never closed, so no checkbox after it is read as a task; close it with a matching ``` or ~~~ line.'),
      );
    } else if (literal.kind === 'comment') {
      this.diagnostics.push(
        diagnosticAt(this.file, source.linesRange(literalStart, literalStart), 'warning', 'unclosed-html-comment',
          'This HTML comment is never closed, so no checkbox after it is read as a task; close it with -->.'),
      );
    }
    this.closeTasksDeeperThan(-1);
    return this.parsed(null);
  }

  private parsed(stoppedAt: number | null): ParsedTasks {
    return { roots: this.roots, all: this.all, headings: this.headings, diagnostics: this.diagnostics, blocks: this.blocks, stoppedAt };
  }

  private startBlock(line: number): void {
    this.blocks.push({
      line,
      roots: this.roots.length,
      all: this.all.length,
      headings: this.headings.length,
      diagnostics: this.diagnostics.length,
      topUnnumbered: this.unnumbered.get(null) ?? 0,
    });
  }

  /** A non-task line belongs to the innermost open task it is indented under, if any. */
  private ownerOfIndentedLine(line: string): OpenTask | null {
    this.closeTasksDeeperThan(indentWidth(line) - 1);
    return this.stack[this.stack.length - 1] ?? null;
  }

  private addDetail(open: OpenTask, index: number, line: string, mayReference = true): void {
    const trimmed = line.trim();
    if (trimmed) open.task.details.push(trimmed);
    open.lastLine = index;
    if (mayReference) this.feedReferences(open, index, line);
  }

  private feedReferences(open: OpenTask, index: number, line: string): void {
    if (open.collector) open.collector.feedLine(index, line);
    else if (mayHoldReference.test(line)) (open.collector = new ReferenceCollector(this.source)).feedLine(index, line);
  }

  private openTask(index: number, line: string, box: RegExpExecArray): void {
    const { source } = this;
    const indent = leadingIndent(box[1]!);
    this.closeTasksDeeperThan(indent.width - 1);
    const parent = this.stack[this.stack.length - 1] ?? null;
    const markAt = box[0].length - 2;
    let at = box[0].length;
    const optional = matchAt(optionalMarker, line, at);
    if (optional) at += optional[0].length;
    while (line[at] === ' ' || line[at] === '\t') at++;
    const numbered = matchAt(taskNumber, line, at);
    let id: string;
    let derivedId = false;
    if (numbered) {
      id = numbered[1]!;
      at += numbered[0].length;
      while (line[at] === ' ' || line[at] === '\t') at++;
    } else {
      const count = (this.unnumbered.get(parent?.task ?? null) ?? 0) + 1;
      this.unnumbered.set(parent?.task ?? null, count);
      id = parent ? `${parent.task.id}.u${count}` : `u${count}`;
      derivedId = true;
      const bad = matchAt(malformedNumber, line, at);
      if (bad) {
        this.diagnostics.push(
          diagnosticAt(this.file, source.rangeOnLine(index, at, at + bad[0].length), 'error', 'malformed-task-id',
            `Task number "${bad[0]}" cannot be addressed (it was given the id ${id}); write it as digits separated by dots, like "2" or "2.1".`),
        );
      }
    }
    const titleEnd = line.trimEnd().length;
    const title = line.slice(at, Math.max(at, titleEnd)).trim();
    const start = source.positionOnLine(index, source.lineStart(index) + indent.length);
    const task: Task = {
      id,
      derivedId,
      title,
      status: STATUS_BY_MARK[box[2]!]!,
      optional: optional !== null,
      checkpoint: /\bcheckpoint\b/i.test(title),
      requirements: [],
      references: [],
      referencesAll: false,
      line: index + 1,
      column: indent.length + 1,
      parentId: parent?.task.id ?? null,
      depth: this.stack.length,
      children: [],
      details: [],
      range: { start, end: start },
      markRange: source.rangeOnLine(index, markAt, markAt + 1),
      titleRange: source.rangeOnLine(index, at, Math.max(at, titleEnd)),
    };
    if (parent) parent.task.children.push(task);
    else this.roots.push(task);
    this.all.push(task);
    const open: OpenTask = { task, indent: indent.width, lastLine: index, collector: null };
    this.stack.push(open);
    // A `Validates:` note may sit on the title line itself.
    this.feedReferences(open, index, line);
  }

  /** Closes open tasks whose bullet is indented deeper than `width` (-1 closes all). */
  private closeTasksDeeperThan(width: number): void {
    while (this.stack.length && this.stack[this.stack.length - 1]!.indent > width) {
      const open = this.stack.pop()!;
      const { task } = open;
      if (open.collector) {
        task.requirements = open.collector.ids();
        // An exact-size copy: the collector's array was grown by pushes (room for 17).
        task.references = open.collector.references.slice();
        task.referencesAll = open.collector.labels > 0 && open.collector.allLabels === open.collector.labels;
      }
      task.range.end = this.source.positionOnLine(open.lastLine, this.source.lineEnd(open.lastLine));
      // Exact-size copies: a pushed-to array keeps room for 17, and a large plan has thousands of them.
      if (task.details.length) task.details = task.details.slice();
      if (task.children.length) task.children = task.children.slice();
      const parent = this.stack[this.stack.length - 1];
      if (parent) parent.lastLine = Math.max(parent.lastLine, open.lastLine);
      if (this.literalOwner === open) this.literalOwner = null;
    }
  }
}
