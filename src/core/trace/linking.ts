import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { resolveInWorkspace, writeFileAtomic, type OwnWriteRecorder } from '../fs';
import type { Remedy } from '../remedy';
import { AmbiguousTaskIdError, loadSpec, SPEC_FILE_NAMES, SpecFileMissingError, TaskNotFoundError, parseTasks, type LoadedSpec, type Task } from '../spec';
import { criteriaOf, taskCriteria } from './criteria';
import { addFileLinksInText, fileLinksOf, normaliseLinkPath, type LinkEntry } from './fileLinks';
import { fromRanges, lineEdits, mapLines, toRanges } from './lineChanges';
import { fileRecord } from './recorder';
import { readTraceRecords, writeTraceRecord, type FileRecord, type TaskTraceRecord } from './records';
import type { TraceInputs } from './matrix';

export interface LinkResult {
  taskId: string;
  /** The entries now on the task's `_Files:` line that this call added. */
  added: string[];
  /** tasks.md changed (false when every file was linked already). */
  changed: boolean;
}

function findOne(spec: LoadedSpec, taskId: string): Task {
  const tasks = spec.tasks;
  if (!tasks) throw new SpecFileMissingError(spec.name, SPEC_FILE_NAMES.tasks);
  const matches = tasks.allTasks.filter((t) => t.id === taskId);
  const file = path.join('.kiro', 'specs', spec.name, SPEC_FILE_NAMES.tasks);
  if (matches.length === 0) throw new TaskNotFoundError(taskId, file, tasks.allTasks.map((t) => t.id));
  if (matches.length > 1) throw new AmbiguousTaskIdError(taskId, file, matches.map((t) => t.line));
  return matches[0]!;
}

/** `src/a.ts:10-20` → an entry; the file must exist inside the workspace. */
export function parseLinkArgument(workspace: string, raw: string): LinkEntry {
  const m = /^(.*?)(?::(\d+)(?:-(\d+))?)?$/.exec(raw.trim())!;
  const file = normaliseLinkPath(path.isAbsolute(m[1]!) ? path.relative(workspace, m[1]!) : m[1]!);
  if (!file) throw new Error(`${raw} is outside the workspace; link files inside ${workspace}, by their path relative to it.`);
  resolveInWorkspace(workspace, file);
  const start = m[2] ? Number(m[2]) : undefined;
  const end = m[3] ? Number(m[3]) : start;
  if (start !== undefined && (start < 1 || end! < start)) throw new Error(`${raw}: a line range is START-END with 1 ≤ START ≤ END.`);
  return { path: file, ...(start !== undefined ? { lines: { start, end: end! } } : {}) };
}

/**
 * Links files to a task: adds them to its `_Files:` line in tasks.md (a surgical edit, recorded as
 * Specwright's own write) and records their content now as what the task wrote, so later changes to
 * those lines show as drift. Without `links`, the files its runs wrote (from the run logs) are linked.
 */
export async function linkTaskFiles(
  workspace: string,
  specName: string,
  taskId: string,
  links: LinkEntry[] | 'from-runs',
  options: { traceDir: string; inputs?: TraceInputs; ownWrites?: OwnWriteRecorder; now?: () => Date },
): Promise<LinkResult> {
  const spec = await loadSpec(workspace, specName);
  const task = findOne(spec, taskId);
  let entries: LinkEntry[];
  if (links === 'from-runs') {
    const fromRuns = options.inputs?.runs.get(specName)?.get(taskId)?.files ?? [];
    const recorded = options.inputs?.records.find((r) => r.spec === specName && r.taskId === taskId)?.files.filter((f) => f.blob !== null).map((f) => f.path) ?? [];
    entries = [...new Set([...fromRuns, ...recorded])].sort().map((p) => ({ path: p }));
    if (!entries.length) throw Object.assign(new Error(`no run log or record says which files task ${taskId} changed.`), { remedy: { kind: 'linkTaskFiles', spec: specName, taskId } satisfies Remedy });
  } else {
    entries = links;
  }
  for (const entry of entries) {
    const stat = await fs.stat(path.join(workspace, entry.path)).catch(() => null);
    if (!stat?.isFile()) throw new Error(`${entry.path} is not a file in the workspace; check the path (relative to ${workspace}).`);
  }
  const tasksFile = spec.files.tasks!.path;
  const before = spec.files.tasks!.text;
  const already = new Set(fileLinksOf(spec.tasks!, task).map((l) => l.path));
  const next = addFileLinksInText(spec.tasks!, task, entries);
  if (next !== before) await writeFileAtomic(tasksFile, next, { expectedContent: before, ...(options.ownWrites ? { ownWrites: options.ownWrites } : {}) });
  await recordLinks(workspace, { ...spec, tasks: parseTasks(next, { file: SPEC_FILE_NAMES.tasks }) }, task, entries, options);
  return { taskId, added: entries.filter((e) => !already.has(e.path)).map((e) => e.path), changed: next !== before };
}

async function recordLinks(workspace: string, spec: LoadedSpec, task: Task, entries: LinkEntry[], options: { traceDir: string; now?: () => Date }): Promise<void> {
  const [previous] = (await readTraceRecords([options.traceDir])).filter((r) => r.spec === spec.name && r.taskId === task.id);
  const files = new Map<string, FileRecord>((previous?.files ?? []).map((f) => [f.path, f]));
  for (const entry of entries) {
    // A run's record knows exactly which lines the task wrote: a link without lines keeps it.
    if (files.has(entry.path) && !entry.lines) continue;
    const content = await fs.readFile(path.join(workspace, entry.path), 'utf8');
    const record = fileRecord(entry.path, undefined, content, 'link');
    files.set(entry.path, entry.lines ? { ...record, lines: [[entry.lines.start, entry.lines.end]] } : record);
  }
  writeTraceRecord(options.traceDir, {
    version: 1,
    spec: spec.name,
    taskId: task.id,
    title: task.title,
    runId: previous?.runId ?? null,
    finishedAt: previous?.finishedAt ?? (options.now?.() ?? new Date()).toISOString(),
    criteria: previous?.criteria ?? currentCriteria(spec, task),
    files: [...files.values()],
  });
}

function currentCriteria(spec: LoadedSpec, task: Task): TaskTraceRecord['criteria'] {
  const byId = new Map(criteriaOf(spec).map((c) => [c.id, c.text]));
  return taskCriteria(spec, task).map((id) => ({ id, text: byId.get(id) ?? '' }));
}

/**
 * Accepts a drifting task as it is now: its files' current content (the lines it wrote followed
 * through the changes, plus the changed lines themselves) and its criteria's current text become the
 * new baseline. Returns false when the task has no record (nothing to accept).
 */
export async function acceptTaskDrift(workspace: string, specName: string, taskId: string, options: { traceDir: string; now?: () => Date }): Promise<boolean> {
  const spec = await loadSpec(workspace, specName);
  const task = findOne(spec, taskId);
  const [previous] = (await readTraceRecords([options.traceDir])).filter((r) => r.spec === specName && r.taskId === taskId);
  if (!previous) return false;
  const files: FileRecord[] = [];
  for (const entry of previous.files) {
    let current: string | null;
    try {
      current = await fs.readFile(path.join(workspace, entry.path), 'utf8');
    } catch {
      current = null;
    }
    if (current === null || entry.content === undefined) {
      files.push({ ...fileRecord(entry.path, undefined, current, entry.source), ...(current === null ? {} : { lines: null }) });
      continue;
    }
    const edits = lineEdits(entry.content, current);
    const accepted = fileRecord(entry.path, undefined, current, entry.source);
    if (edits && entry.lines) {
      const mapped = mapLines(fromRanges(entry.lines), edits);
      const lines = new Set(mapped.kept);
      for (const { edit } of mapped.touching) for (let i = 0; i < edit.newCount; i++) lines.add(edit.newStart + i);
      files.push({ ...accepted, lines: toRanges(lines) });
    } else {
      files.push(accepted);
    }
  }
  writeTraceRecord(options.traceDir, { ...previous, title: task.title, finishedAt: (options.now?.() ?? new Date()).toISOString(), criteria: currentCriteria(spec, task), files });
  return true;
}
