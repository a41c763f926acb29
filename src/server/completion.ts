import { CompletionItemKind, MarkupKind, type CompletionItem, type Position } from 'vscode-languageserver';
import { describeTarget } from './navigation';
import type { SpecFileState, SpecSnapshot } from './specIndex';
import { allTargets, uncoveredTargets } from './traceLinks';

/** Typing a reference list: `_Requirements: ` in tasks.md, `**Validates: Requirements ` in design.md. */
const requirementsList = /^[ \t]*(?:[-*+][ \t]+)?(?:\*{1,2}|_{1,2})?[ \t]*Requirements?(?:\*{1,2}|_{1,2})?[ \t]*:[ \t]*(?:\*{1,2}|_{1,2})?([^_*]*)$/i;
const validatesList = /Validates(?:\*{1,2}|_{1,2})?[ \t]*:[ \t]*(?:\*{1,2}|_{1,2})?(?:Requirements?\b)?([^_*]*)$/;

/** Trigger characters: a space or a comma is where the next id starts. */
export const COMPLETION_TRIGGERS = [' ', ','];

/**
 * Requirement, criterion and bugfix statement ids, offered only inside a reference list, with the
 * criterion's text as detail. Ids already in the list are left out; uncovered criteria come first.
 */
export function completions(snapshot: SpecSnapshot, file: SpecFileState, position: Position): CompletionItem[] {
  if (file.kind !== 'tasks' && file.kind !== 'design') return [];
  const prefix = file.doc.source.lineText(position.line).slice(0, position.character);
  const list = requirementsList.exec(prefix)?.[1] ?? validatesList.exec(prefix)?.[1];
  if (list === undefined) return [];
  const typed = /[\w.]*$/.exec(list)![0];
  const listed = new Set(list.slice(0, list.length - typed.length).match(/\d+(?:\.\d+)*/g) ?? []);
  const uncovered = new Set(uncoveredTargets(snapshot).map((t) => t.id));
  const range = { start: { line: position.line, character: position.character - typed.length }, end: position };
  return allTargets(snapshot)
    .filter((t) => !listed.has(t.id))
    .map((t, order): CompletionItem => ({
      label: t.id,
      kind: t.kind === 'requirement' ? CompletionItemKind.Module : CompletionItemKind.EnumMember,
      detail: t.kind === 'requirement' ? `Requirement ${t.id}: ${t.text}` : t.text,
      labelDetails: uncovered.has(t.id) ? { description: 'not covered yet' } : undefined,
      documentation: { kind: MarkupKind.Markdown, value: describeTarget(t) },
      sortText: `${uncovered.has(t.id) ? 0 : 1}${String(order).padStart(6, '0')}`,
      filterText: t.id,
      textEdit: { range, newText: t.id },
    }));
}
