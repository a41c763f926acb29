import { gitBlobId } from '../checkpoints';
import type { SpecDocuments } from '../spec';
import { criteriaOf, normaliseCriterionText } from './criteria';
import { fromRanges, lineEdits, mapLines, splitLines, toRanges, type LineEdit } from './lineChanges';
import { startContent } from './recorder';
import type { FileRecord, TaskTraceRecord } from './records';

/** Why a task is drifting: one file, or one criterion. */
export type DriftReason =
  | {
      kind: 'file-changed';
      file: string;
      /** Lines of the file now (1-based ranges) where someone else's change touched what the task wrote. */
      lines: Array<[number, number]>;
      /** The task's lines that change replaced or removed, as the task left the file. */
      taskLines: Array<[number, number]>;
      /** Set when the change came before a later task ran on the file (lines are then as they were then). */
      beforeTask?: string;
    }
  | { kind: 'file-deleted'; file: string }
  /** Too large to keep, or written whole: only "changed since" is known. */
  | { kind: 'file-replaced'; file: string }
  | { kind: 'criterion-edited'; criterion: string; before: string; now: string }
  | { kind: 'criterion-removed'; criterion: string; before: string };

export interface TaskDrift {
  spec: string;
  taskId: string;
  title: string;
  /** When the task was finished (or linked, or accepted): what "afterwards" means. */
  since: string;
  reasons: DriftReason[];
}

/** What a file is now; null: it does not exist. */
export type CurrentFiles = ReadonlyMap<string, string | null>;

/**
 * Drift of one task's record against the files now and the spec now. `records` are every task's
 * records (all specs): a later task that changed the same lines is not drift, it took them over.
 */
export function taskDrift(record: TaskTraceRecord, records: readonly TaskTraceRecord[], spec: SpecDocuments, files: CurrentFiles): TaskDrift {
  const reasons: DriftReason[] = [];
  for (const entry of record.files) {
    if (!files.has(entry.path)) continue;
    const later = laterEntries(record, records, entry.path);
    reasons.push(...fileDrift(entry, later, files.get(entry.path) ?? null));
  }
  reasons.push(...criterionDrift(record, spec));
  return { spec: record.spec, taskId: record.taskId, title: record.title, since: record.finishedAt, reasons };
}

/** Criteria whose text changed (or that were removed) since the task was done. */
export function criterionDrift(record: TaskTraceRecord, spec: SpecDocuments): DriftReason[] {
  if (!spec.requirements && !spec.bugfix) return [];
  const now = new Map(criteriaOf(spec).map((c) => [c.id, c.text]));
  const out: DriftReason[] = [];
  for (const c of record.criteria) {
    const current = now.get(c.id);
    if (current === undefined) out.push({ kind: 'criterion-removed', criterion: c.id, before: c.text });
    else if (normaliseCriterionText(current) !== normaliseCriterionText(c.text)) out.push({ kind: 'criterion-edited', criterion: c.id, before: c.text, now: current });
  }
  return out;
}

interface LaterEntry {
  taskId: string;
  entry: FileRecord;
}

function laterEntries(record: TaskTraceRecord, records: readonly TaskTraceRecord[], file: string): LaterEntry[] {
  return records
    .filter((r) => r !== record && r.finishedAt > record.finishedAt && !(r.spec === record.spec && r.taskId === record.taskId))
    .sort((a, b) => a.finishedAt.localeCompare(b.finishedAt))
    .flatMap((r) => r.files.filter((f) => f.path === file).map((entry) => ({ taskId: r.spec === record.spec ? r.taskId : `${r.spec} ${r.taskId}`, entry })));
}

/**
 * Follows the lines a task wrote through what happened to the file afterwards: changes made by
 * later tasks take those lines over; any other change that touches them is drift.
 */
export function fileDrift(entry: FileRecord, later: readonly LaterEntry[], current: string | null): DriftReason[] {
  const file = entry.path;
  if (entry.blob === null) return [];
  const last = later.at(-1)?.entry ?? entry;
  if (current === null) return last.blob === null ? [] : [{ kind: 'file-deleted', file }];
  const unchanged = gitBlobId(current) === last.blob;
  if (entry.content === undefined) return unchanged ? [] : [{ kind: 'file-replaced', file }];
  if (unchanged && !later.length) return [];
  let tracked = entry.lines ? fromRanges(entry.lines) : new Set(splitLines(entry.content).map((_, i) => i + 1));
  let text = entry.content;
  const out: DriftReason[] = [];
  for (const { taskId, entry: next } of later) {
    if (!tracked.size) return out;
    if (next.content === undefined) return out;
    const start = next.patch ? startContent(next.content, next.patch) : undefined;
    if (start !== undefined) {
      const outside = followed(tracked, lineEdits(text, start));
      if (outside.touching.length) out.push(changed(file, outside.touching, `${taskId}`));
      tracked = outside.kept;
      text = start;
    }
    // Whatever the later task changed among the tracked lines is its own now.
    tracked = followed(tracked, lineEdits(text, next.content)).kept;
    text = next.content;
  }
  if (!tracked.size) return out;
  const final = followed(tracked, lineEdits(text, current));
  if (final.touching.length) out.push(changed(file, final.touching));
  return out;
}

/** Edits that could not be computed (too slow) count as replacing every tracked line. */
function followed(tracked: ReadonlySet<number>, edits: LineEdit[] | null) {
  if (edits) return mapLines(tracked, edits);
  const lines = [...tracked];
  return { kept: new Set<number>(), touching: [{ edit: { oldStart: 1, oldCount: Math.max(...lines, 1), newStart: 1, newCount: 0 }, lines }] };
}

function changed(file: string, touching: ReturnType<typeof mapLines>['touching'], beforeTask?: string): DriftReason {
  const lines = touching.map(({ edit }): [number, number] => (edit.newCount > 0 ? [edit.newStart, edit.newStart + edit.newCount - 1] : [Math.max(1, edit.newStart - 1), Math.max(1, edit.newStart - 1)]));
  return {
    kind: 'file-changed',
    file,
    lines: toRanges(lines.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i))),
    taskLines: toRanges(touching.flatMap((t) => t.lines)),
    ...(beforeTask ? { beforeTask } : {}),
  };
}
