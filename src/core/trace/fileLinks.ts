import * as path from 'node:path';
import type { SourceRange, Task, TasksDocument } from '../spec';

/**
 * A file a task names on its own `_Files:` line: how a task done by hand (or one whose run logs are
 * on another machine) says what it changed. `_Files: src/todo.js, test/todo.test.js:10-40_` — paths
 * relative to the workspace, an optional line or line range after a colon, in backticks or not.
 */
export interface FileLink {
  path: string;
  /** 1-based, inclusive; absent: the whole file. */
  lines?: { start: number; end: number };
  /** The entry's span in tasks.md. */
  range: SourceRange;
}

const filesLabel = /^([ \t]*(?:[-*+][ \t]+)?)(\*{1,2}|_{1,2})?[ \t]*Files?(\*{1,2}|_{1,2})?[ \t]*:[ \t]*(\*{1,2}|_{1,2})?/i;
const entry = /^([^\s,:][^,:]*?)(?::(\d+)(?:\s*[-–]\s*(\d+))?)?$/;

interface OwnLine {
  index: number;
  text: string;
}

/** The task's own lines: its title line and the detail lines before its first sub-task (0-based, inclusive). */
function ownLineSpan(task: Task): { first: number; last: number } {
  return { first: task.line - 1, last: task.children.length ? task.children[0]!.line - 2 : task.range.end.line - 1 };
}

/** The task's own lines: its title line and the detail lines before its first sub-task. */
function ownLines(doc: TasksDocument, task: Task): OwnLine[] {
  const { first, last } = ownLineSpan(task);
  const out: OwnLine[] = [];
  for (let i = first; i <= last; i++) out.push({ index: i, text: doc.source.lineText(i) });
  return out;
}

/** Where the task's `_Files:` line is (0-based index and the list's start and end offsets in the line). */
function findFilesLine(doc: TasksDocument, task: Task): { index: number; listStart: number; listEnd: number; closer: string } | null {
  const { first, last } = ownLineSpan(task);
  for (let index = first + 1; index <= last; index++) {
    const text = doc.source.lineText(index);
    const m = filesLabel.exec(text);
    if (!m) continue;
    const closer = m[3] ? '' : (m[4] ?? m[2] ?? '');
    const listStart = m[0].length;
    let listEnd = text.trimEnd().length;
    if (closer && text.trimEnd().endsWith(closer)) listEnd -= closer.length;
    return { index, listStart, listEnd: Math.max(listStart, listEnd), closer };
  }
  return null;
}

/** The files a task links to, in written order. Entries that climb out of the workspace are left out. */
export function fileLinksOf(doc: TasksDocument, task: Task): FileLink[] {
  const found = findFilesLine(doc, task);
  if (!found) return [];
  const line = doc.source.lineText(found.index);
  const list = line.slice(found.listStart, found.listEnd);
  const out: FileLink[] = [];
  let offset = 0;
  for (const part of list.split(',')) {
    const trimmed = part.trim();
    const at = found.listStart + offset + part.indexOf(trimmed);
    offset += part.length + 1;
    const m = entry.exec(trimmed.replace(/^`([^`]*)`$/, '$1').replace(/^`([^`]*)`(:[\d\s–-]+)$/, '$1$2'));
    if (!m) continue;
    const file = normaliseLinkPath(m[1]!);
    if (!file) continue;
    const start = m[2] ? Number(m[2]) : undefined;
    const end = m[3] ? Number(m[3]) : start;
    out.push({
      path: file,
      ...(start !== undefined && end !== undefined && start >= 1 && end >= start ? { lines: { start, end } } : {}),
      range: doc.source.rangeOnLine(found.index, at, at + trimmed.length),
    });
  }
  return out;
}

/** Workspace-relative with forward slashes; null for absolute paths and paths that climb out. */
export function normaliseLinkPath(raw: string): string | null {
  const slashed = raw.trim().replace(/\\/g, '/');
  if (!slashed || slashed.startsWith('/') || /^[a-zA-Z]:\//.test(slashed)) return null;
  const normal = path.posix.normalize(slashed);
  if (normal === '.' || normal === '..' || normal.startsWith('../')) return null;
  return normal.replace(/^\.\//, '');
}

export interface LinkEntry {
  path: string;
  lines?: { start: number; end: number };
}

export function formatLinkEntry(link: LinkEntry): string {
  const range = link.lines ? (link.lines.start === link.lines.end ? `:${link.lines.start}` : `:${link.lines.start}-${link.lines.end}`) : '';
  return `${link.path}${range}`;
}

/**
 * `text` (the tasks.md the task was parsed from) with `links` added to the task's `_Files:` line:
 * appended to the line it has, else a new line `- _Files: …_` right after its `_Requirements:` line
 * (or its last detail line before any sub-task), indented like its details. Entries already linked
 * are not repeated. Only that one line changes (or is inserted); line endings are kept.
 */
export function addFileLinksInText(doc: TasksDocument, task: Task, links: LinkEntry[]): string {
  const text = doc.source.text;
  const existing = new Set(fileLinksOf(doc, task).map((l) => formatLinkEntry(l)));
  const fresh = links.map(formatLinkEntry).filter((e, i, all) => !existing.has(e) && all.indexOf(e) === i);
  if (!fresh.length) return text;
  const found = findFilesLine(doc, task);
  if (found) {
    const lineStart = doc.source.lineStart(found.index);
    const before = doc.source.lineText(found.index).slice(0, found.listEnd).trimEnd();
    const after = doc.source.lineText(found.index).slice(found.listEnd);
    const joined = `${before}${before.endsWith(':') ? ' ' : ', '}${fresh.join(', ')}`;
    return text.slice(0, lineStart) + joined + after.trimStart() + text.slice(doc.source.lineEnd(found.index));
  }
  const own = ownLines(doc, task);
  const details = own.slice(1).filter((l) => l.text.trim());
  const requirementsLine = details.find((l) => /^\s*(?:[-*+]\s+)?[*_]{0,2}\s*Requirements?\b/i.test(l.text));
  const anchor = requirementsLine ?? details.at(-1) ?? own[0]!;
  const indent = anchor === own[0] ? `${' '.repeat(task.column - 1)}  ` : /^[ \t]*/.exec(anchor.text)![0];
  const bullet = anchor === own[0] || /^[ \t]*[-*+][ \t]/.test(anchor.text) ? '- ' : '';
  const eol = doc.source.eol(anchor.index) || eolOf(text);
  const insertAt = doc.source.lineEnd(anchor.index);
  const line = `${indent}${bullet}_Files: ${fresh.join(', ')}_`;
  // Before the anchor's own line ending, so a last line without one stays without one.
  return text.slice(0, insertAt) + eol + line + text.slice(insertAt);
}

function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}
