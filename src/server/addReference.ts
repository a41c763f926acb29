import type { TextEdit } from 'vscode-languageserver';
import type { Task, TasksDocument } from '../core/spec';
import type { TraceTarget } from './traceLinks';

/** How many criteria the quick fix offers for one task: enough to choose from, few enough to read. */
const MAX_CANDIDATES = 5;

/**
 * The criteria worth offering for a task that references none: those no task covers yet, the
 * ones sharing most words with the task's title and details first (ties keep document order).
 */
export function referenceCandidates(task: Task, uncovered: TraceTarget[]): TraceTarget[] {
  const words = significantWords([task.title, ...task.details].join(' '));
  return uncovered
    .map((target, order) => ({ target, order, score: [...significantWords(target.text)].filter((w) => words.has(w)).length }))
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, MAX_CANDIDATES)
    .map((c) => c.target);
}

function significantWords(text: string): Set<string> {
  const stop = new Set(['the', 'shall', 'when', 'then', 'with', 'that', 'this', 'from', 'into', 'while', 'where', 'and', 'for', 'its', 'system']);
  return new Set(text.toLowerCase().match(/[a-z][a-z0-9_]{2,}/g)?.filter((w) => !stop.has(w)) ?? []);
}

/**
 * Inserts `- _Requirements: <ids>_` as the last line of the task's own text (after its details,
 * before its sub-tasks), indented like its details, which is where Kiro writes it.
 */
export function addReferenceEdit(doc: TasksDocument, task: Task, ids: string[]): TextEdit {
  const { source } = doc;
  const first = task.line - 1;
  let last = task.children.length ? task.children[0]!.line - 2 : task.range.end.line - 1;
  while (last > first && source.lineText(last).trim() === '') last--;
  let detail: string | null = null;
  for (let i = first + 1; i <= last && detail === null; i++) if (source.lineText(i).trim() !== '') detail = source.lineText(i);
  const indent = detail !== null ? /^[ \t]*/.exec(detail)![0] : `${/^[ \t]*/.exec(source.lineText(first))![0]}  `;
  // The file's own line ending: the last line has none, but the one before it always does.
  const eol = source.eol(last) || source.eol(last - 1) || '\n';
  const line = `${indent}- _Requirements: ${ids.join(', ')}_`;
  if (last + 1 < source.lineCount) return { range: lineStart(last + 1), newText: `${line}${eol}` };
  // The task ends the file without a final line break.
  const end = { line: last, character: source.lineText(last).length };
  return { range: { start: end, end }, newText: `${eol}${line}` };
}

function lineStart(line: number) {
  const at = { line, character: 0 };
  return { start: at, end: at };
}
