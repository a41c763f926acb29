import type { TextEdit } from 'vscode-languageserver';
import type { Task, TasksDocument } from '../core/spec';

/** What the engine reports when task numbers skip, repeat, or cannot be read. */
export const NUMBERING_CODES = new Set(['duplicate-task-id', 'task-numbering-gap', 'malformed-task-id']);

/** A number the engine read, or one it could not (`1.2a`, `3)`) and left at the start of the title. */
const writtenNumber = /^\d{1,9}(?:\.\d{1,9})*/;
const malformedNumber = /^\d[\d.,]*[a-zA-Z]?[:)]?(?=[ \t]|$)/;

/**
 * Edits that renumber every numbered task of tasks.md in document order: top-level tasks 1, 2, 3…,
 * sub-tasks <parent>.1, <parent>.2… Unnumbered checkboxes keep having no number; numbered tasks
 * beneath one continue their nearest numbered ancestor's sequence, so no two tasks share an id.
 * Only the digits change (a trailing dot stays); malformed numbers are replaced whole.
 */
export function renumberEdits(doc: TasksDocument): TextEdit[] {
  const edits: TextEdit[] = [];
  const counters = new Map<string, number>();
  const walk = (tasks: Task[], prefix: string) => {
    for (const task of tasks) {
      const written = numberSpan(doc, task);
      if (!written) {
        walk(task.children, prefix);
        continue;
      }
      const n = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, n);
      const id = prefix ? `${prefix}.${n}` : String(n);
      const newText = written.malformed ? (prefix ? id : `${id}.`) : id;
      if (written.text !== newText) {
        edits.push({ range: { start: { line: task.line - 1, character: written.from }, end: { line: task.line - 1, character: written.to } }, newText });
      }
      walk(task.children, id);
    }
  };
  walk(doc.tasks, '');
  return edits;
}

/** Where a task's number is written on its line (0-based columns), or null when it has none. */
function numberSpan(doc: TasksDocument, task: Task): { from: number; to: number; text: string; malformed: boolean } | null {
  const line = doc.source.lineText(task.line - 1);
  const lineStart = doc.source.lineStart(task.line - 1);
  if (!task.derivedId) {
    // The number sits between the checkbox and the title.
    const afterBox = task.markRange.end.offset + 1 - lineStart;
    const digit = line.slice(afterBox).search(/\d/);
    if (digit < 0) return null;
    const from = afterBox + digit;
    const m = writtenNumber.exec(line.slice(from));
    return m ? { from, to: from + m[0].length, text: m[0], malformed: false } : null;
  }
  const from = task.titleRange.start.offset - lineStart;
  const m = malformedNumber.exec(line.slice(from));
  return m ? { from, to: from + m[0].length, text: m[0], malformed: true } : null;
}
