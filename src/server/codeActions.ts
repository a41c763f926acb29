import { CodeActionKind, type CodeAction, type Diagnostic as LspDiagnostic, type TextEdit } from 'vscode-languageserver';
import { findTaskLikeLines, TASK_LIKE_LINE_CODE, type TasksDocument } from '../core/spec';
import { remedyOf } from '../core/remedy';
import { ACCEPT_DRIFT_COMMAND } from '../shared/lspMethods';
import { addReferenceEdit, referenceCandidates } from './addReference';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { NUMBERING_CODES, renumberEdits } from './renumberTasks';
import type { SpecFileState, SpecSnapshot } from './specIndex';
import { uncoveredTargets } from './traceLinks';

/**
 * Quick fixes for tasks.md, each keyed to the diagnostic it repairs:
 *   task-not-a-checkbox → rewrite the line as a checkbox task (one line, or all of them)
 *   unknown-checkbox-mark → make the mark `[ ]`
 *   task-without-reference → add `_Requirements: N.M_` with an uncovered criterion
 *   duplicate-task-id · task-numbering-gap · malformed-task-id → renumber every task (one edit)
 *   task-drifting → accept the task's files and criteria as they are now (a server command)
 */
export function codeActions(snapshot: SpecSnapshot, file: SpecFileState, diagnostics: LspDiagnostic[]): CodeAction[] {
  const doc = file.doc;
  if (doc.kind !== 'tasks') return [];
  const ours = diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
  const out: CodeAction[] = [];
  const fix = (title: string, diagnostic: LspDiagnostic | LspDiagnostic[], edits: TextEdit[], isPreferred = false): CodeAction => ({
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: Array.isArray(diagnostic) ? diagnostic : [diagnostic],
    isPreferred,
    edit: { changes: { [file.uri]: edits } },
  });

  const taskLike = ours.filter((d) => d.code === TASK_LIKE_LINE_CODE);
  if (taskLike.length) {
    const lines = findTaskLikeLines(doc);
    const lineEdit = (l: (typeof lines)[number]): TextEdit => ({ range: { start: { line: l.index, character: 0 }, end: { line: l.index, character: doc.source.lineText(l.index).length } }, newText: l.replacement });
    for (const d of taskLike) {
      const line = lines.find((l) => l.index === d.range.start.line);
      if (line) out.push(fix(`Make it a checkbox task: "${line.replacement.trim()}"`, d, [lineEdit(line)], true));
    }
    if (lines.length > 1) out.push(fix(`Make all ${lines.length} task-like lines checkbox tasks`, taskLike, lines.map(lineEdit)));
  }

  for (const d of ours.filter((x) => x.code === 'unknown-checkbox-mark')) {
    out.push(fix('Make it a task to do: "[ ]"', d, [{ range: d.range, newText: ' ' }], true));
  }

  for (const d of ours.filter((x) => x.code === 'task-without-reference')) out.push(...referenceFixes(snapshot, doc, d, fix));

  for (const d of ours.filter((x) => x.code === 'task-drifting')) {
    const remedy = remedyOf(d.data);
    if (remedy?.kind !== 'acceptDrift') continue;
    out.push({
      title: `Accept drift of task ${remedy.taskId}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      command: { title: `Accept drift of task ${remedy.taskId}`, command: ACCEPT_DRIFT_COMMAND, arguments: [{ uri: file.uri, taskId: remedy.taskId }] },
    });
  }

  const numbering = ours.filter((d) => typeof d.code === 'string' && NUMBERING_CODES.has(d.code));
  if (numbering.length) {
    const edits = renumberEdits(doc);
    if (edits.length) out.push(fix(`Renumber all tasks (${edits.length} ${edits.length === 1 ? 'change' : 'changes'})`, numbering, edits));
  }
  return out;
}

type Fix = (title: string, diagnostic: LspDiagnostic, edits: TextEdit[]) => CodeAction;

function referenceFixes(snapshot: SpecSnapshot, doc: TasksDocument, d: LspDiagnostic, fix: Fix): CodeAction[] {
  const task = doc.allTasks.find((t) => t.line - 1 === d.range.start.line);
  if (!task) return [];
  return referenceCandidates(task, uncoveredTargets(snapshot)).map((target) =>
    fix(`Add "_Requirements: ${target.id}_" (${shorten(target.text)})`, d, [addReferenceEdit(doc, task, [target.id])]),
  );
}

function shorten(text: string, max = 60): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
