import { diagnosticAt } from './diagnostics';
import type { Diagnostic, SourceRange, Task, TasksDocument } from './types';

/**
 * Lines of tasks.md that a person meant as tasks but that the spec engine does not read as tasks
 * (so Kiro and Specwright show no Execute button on them, a common complaint):
 *   `### 3. Build the parser` · `- 3. Build the parser` · `-[ ] Build` · `- [] Build` · `[ ] Build` · `1. [ ] Build`
 * The tasks parser leaves such lines as text; the lint reports them (so `specwright spec lint`, the
 * Lint Specs command and the language server say the same), and the language server's quick fix
 * rewrites each into the checkbox form the parser reads.
 */
export const TASK_LIKE_LINE_CODE = 'task-not-a-checkbox';

export interface TaskLikeLine {
  /** 0-based line index. */
  index: number;
  /** From the first non-blank character to the end of the line. */
  range: SourceRange;
  /** The whole line as a checkbox task, indentation included. */
  replacement: string;
  message: string;
}

const heading = /^ {0,3}#{2,6}[ \t]+(?:\*\*|__)?(?:Task[ \t]+)?(\d{1,9}(?:\.\d{1,9})*)[.:)]?(?:\*\*|__)?[ \t]+(\S.*?)(?:[ \t]+#+)?[ \t]*$/i;
/** A bullet with a task number but no checkbox; a plain `3` needs its dot so that "- 3 retries" stays prose. */
const numberedBullet = /^([ \t]*)[-*+][ \t]+(?:\*\*|__)?(\d{1,9}(?:\.\d{1,9})+\.?|\d{1,9}[.)])(?:\*\*|__)?[ \t]+(\S.*)$/;
const looseCheckbox = /^([ \t]*)(?:[-*+]|\d{1,9}[.)])?[ \t]*\[([ xX~-]?|[ \t]{2,})\][ \t]*(.*)$/;
/** What the engine reads as a checkbox task (mirrors its own pattern). */
const engineCheckbox = /^[ \t]*[-*+][ \t]+\[[^\]\r\n]\]/;

export function findTaskLikeLines(doc: TasksDocument): TaskLikeLine[] {
  const out: TaskLikeLine[] = [];
  const { source } = doc;
  const taskLines = new Uint8Array(source.lineCount);
  for (const t of doc.allTasks) taskLines[t.line - 1] = 1;
  let fence: string | null = null;
  for (let i = 0; i < source.lineCount; i++) {
    if (taskLines[i] || !mayBeTaskLike(source.text, source.lineStart(i), source.lineEnd(i))) continue;
    const line = source.lineText(i);
    const fenceMark = /^[ \t]*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fenceMark && (fence === null || fenceMark.startsWith(fence))) {
      fence = fence === null ? fenceMark : null;
      continue;
    }
    if (fence !== null) continue;
    const found = classify(line, i, doc);
    if (!found) continue;
    const from = line.length - line.trimStart().length;
    out.push({ index: i, range: source.rangeOnLine(i, from, line.trimEnd().length), ...found });
  }
  return out;
}

/**
 * Whether the line can be a fence, a heading, or a bullet or numbered item that the patterns above
 * could take for a task (a bullet followed by `[` or by a number, a number followed by `[`); every
 * other line (most of a plan's text, its detail bullets too) is skipped without being sliced.
 */
export function mayBeTaskLike(text: string, start: number, end: number): boolean {
  const i = skipBlanks(text, start, end);
  if (i >= end) return false;
  const code = text.charCodeAt(i);
  // # [ ` ~
  if (code === 35 || code === 91 || code === 96 || code === 126) return true;
  // - * +
  if (code === 45 || code === 42 || code === 43) return mayFollowBullet(text, i + 1, end);
  return isDigit(code) && mayFollowNumber(text, i, end);
}

/** After a bullet: `[` (a loose checkbox), or after a blank a number, bare or in `**`/`__`. */
function mayFollowBullet(text: string, afterBullet: number, end: number): boolean {
  const i = skipBlanks(text, afterBullet, end);
  if (i >= end) return false;
  const code = text.charCodeAt(i);
  if (code === 91) return true;
  if (i === afterBullet) return false;
  if (isDigit(code)) return true;
  return (code === 42 || code === 95) && i + 2 < end && text.charCodeAt(i + 1) === code && isDigit(text.charCodeAt(i + 2));
}

/** After digits: `.` or `)`, then a loose checkbox's `[`. */
function mayFollowNumber(text: string, start: number, end: number): boolean {
  let i = start;
  while (i < end && isDigit(text.charCodeAt(i))) i++;
  const code = text.charCodeAt(i);
  if (i >= end || (code !== 46 && code !== 41)) return false;
  const j = skipBlanks(text, i + 1, end);
  return j < end && text.charCodeAt(j) === 91;
}

function skipBlanks(text: string, start: number, end: number): number {
  let i = start;
  for (let code = text.charCodeAt(i); i < end && (code === 32 || code === 9); code = text.charCodeAt(++i));
  return i;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function classify(line: string, index: number, doc: TasksDocument): Pick<TaskLikeLine, 'replacement' | 'message'> | null {
  const h = heading.exec(line);
  // `## 1. Backend` above `- [ ] 1.1 …` is a group heading, not a lost task.
  if (h && !doc.allTasks.some((t) => t.id.startsWith(`${h[1]}.`))) {
    const id = h[1]!;
    const replacement = `${'  '.repeat(id.split('.').length - 1)}- [ ] ${numberLabel(id)} ${h[2]!.trim()}`;
    return { replacement, message: lostTaskMessage(id, replacement) };
  }
  const bullet = numberedBullet.exec(line);
  if (bullet) {
    const id = bullet[2]!.replace(/[.)]$/, '');
    const owner = innermostTaskAt(doc.tasks, index + 1);
    // Under a task, a numbered bullet is a detail unless its number makes it that task's sub-task.
    if (owner && !id.startsWith(`${owner.id}.`)) return null;
    const replacement = `${bullet[1]}- [ ] ${numberLabel(id)} ${bullet[3]!.trim()}`;
    return { replacement, message: lostTaskMessage(id, replacement) };
  }
  const box = looseCheckbox.exec(line);
  if (box && !engineCheckbox.test(line)) {
    const mark = box[2]!.length === 1 ? box[2]! : ' ';
    const replacement = `${box[1]}- [${mark}] ${box[3]!.trim()}`.trimEnd();
    return {
      replacement,
      message: `This checkbox is not written the way tasks are, so it is not read as a task and gets no Execute button; write it as "${replacement.trim()}".`,
    };
  }
  return null;
}

function lostTaskMessage(id: string, replacement: string): string {
  return `This line looks like task ${id} but is not a checkbox item, so it is not read as a task and gets no Execute button; write it as "${replacement.trim()}".`;
}

/** Kiro writes `1.` for top-level tasks and `2.1` for sub-tasks. */
function numberLabel(id: string): string {
  return id.includes('.') ? id : `${id}.`;
}

export function innermostTaskAt(tasks: Task[], line: number): Task | null {
  for (const task of tasks) {
    if (task.range.start.line <= line && line <= task.range.end.line) return innermostTaskAt(task.children, line) ?? task;
  }
  return null;
}

/** The task-like lines as lint diagnostics. */
export function taskLikeLineDiagnostics(doc: TasksDocument): Diagnostic[] {
  return findTaskLikeLines(doc).map((t) => diagnosticAt(doc.file, t.range, 'warning', TASK_LIKE_LINE_CODE, t.message));
}
