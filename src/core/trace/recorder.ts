import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { applyPatch, formatPatch, parsePatch, reversePatch, structuredPatch } from 'diff';
import type { ActivityEvent } from '../activity';
import { gitBlobId } from '../checkpoints';
import { parseBugfix, parseRequirements, parseTasks, SPEC_FILE_NAMES, SPECS_FOLDER, type SpecDocuments } from '../spec';
import { criteriaOf, taskCriteria } from './criteria';
import { lineEdits, toRanges, writtenLines } from './lineChanges';
import { MAX_RECORDED_BYTES, readTraceRecordSync, writeTraceRecord, type FileRecord, type TaskTraceRecord } from './records';

interface OpenTask {
  spec: string;
  taskId: string;
  title: string;
  /** Content of each file before the task first wrote it: '' for files it created, undefined when not known. */
  starts: Map<string, string | undefined>;
}

export interface TraceRecorderOptions {
  workspace: string;
  traceDir: string;
  now?: () => Date;
  /** A record that could not be written: said, never fatal to the run. */
  onProblem?: (message: string) => void;
}

/**
 * Listens to a run's events and, when a task is done, records what drift is measured against (see
 * records.ts). Everything happens synchronously inside the listener, while the workspace is exactly
 * as the task left it: the next task starts only after its events.
 */
export class TraceRecorder {
  private readonly open = new Map<string, OpenTask>();

  constructor(private readonly options: TraceRecorderOptions) {}

  observe(event: ActivityEvent): void {
    try {
      this.handle(event);
    } catch (error) {
      this.options.onProblem?.(`could not record the trace of a task: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private handle(event: ActivityEvent): void {
    // A hook's own agent run is not the task's work.
    if (event.parentId?.startsWith('hook:')) return;
    if (event.type === 'task_started') {
      this.open.set(event.runId, { spec: event.task.spec, taskId: event.task.id, title: event.task.title, starts: new Map() });
      return;
    }
    const task = this.open.get(event.runId);
    if (!task) return;
    if (event.type === 'file_written') {
      const file = event.path.replace(/\\/g, '/');
      if (isRunState(file) || task.starts.has(file)) return;
      task.starts.set(file, event.change === 'created' ? '' : startContent(this.readText(file), event.diff));
      return;
    }
    if (event.type === 'task_finished') {
      this.open.delete(event.runId);
      if (event.status === 'done') this.record(task, event.runId, event.time);
    }
  }

  private record(task: OpenTask, runId: string, time: string): void {
    const spec = this.readSpec(task.spec);
    const parsedTask = spec.tasks?.allTasks.find((t) => t.id === task.taskId);
    const byId = new Map(criteriaOf(spec).map((c) => [c.id, c.text]));
    const criteria = parsedTask ? taskCriteria(spec, parsedTask).map((id) => ({ id, text: byId.get(id) ?? '' })) : [];
    const files: FileRecord[] = [];
    for (const [file, start] of task.starts) files.push(fileRecord(file, start, this.readText(file)));
    const previous = readTraceRecordSync(this.options.traceDir, task.spec, task.taskId);
    // Files linked by hand that this run did not touch stay linked.
    for (const kept of previous?.files ?? []) if (kept.source === 'link' && !task.starts.has(kept.path)) files.push(kept);
    const record: TaskTraceRecord = { version: 1, spec: task.spec, taskId: task.taskId, title: task.title, runId, finishedAt: time, criteria, files };
    writeTraceRecord(this.options.traceDir, record);
  }

  private readText(file: string): string | null {
    try {
      return readFileSync(path.join(this.options.workspace, file), 'utf8');
    } catch {
      return null;
    }
  }

  private readSpec(name: string): SpecDocuments {
    const read = (file: string) => this.readText(path.posix.join(SPECS_FOLDER.split(path.sep).join('/'), name, file));
    const requirements = read(SPEC_FILE_NAMES.requirements);
    const bugfix = read(SPEC_FILE_NAMES.bugfix);
    const tasks = read(SPEC_FILE_NAMES.tasks);
    return {
      requirements: requirements === null ? null : parseRequirements(requirements),
      bugfix: bugfix === null ? null : parseBugfix(bugfix),
      tasks: tasks === null ? null : parseTasks(tasks),
    };
  }
}

function isRunState(file: string): boolean {
  return file === '.kiro' || file.startsWith('.kiro/');
}

/** The content before a write, from the content after it and the write's diff; undefined when the diff cannot be reversed. */
export function startContent(after: string | null, diff: string): string | undefined {
  if (after === null || /… diff truncated|\(diff too large to compute/.test(diff)) return undefined;
  const [patch] = parsePatch(diff);
  if (!patch || patch.hunks.length === 0) return undefined;
  const before = applyPatch(after, reversePatch(patch));
  return before === false ? undefined : before;
}

/** A file as the task left it: content, the task's diff, and the lines it wrote (all of them when the start is not known). */
export function fileRecord(file: string, start: string | undefined, end: string | null, source: FileRecord['source'] = 'run'): FileRecord {
  if (end === null) return { path: file, blob: null, lines: [], source };
  const blob = gitBlobId(end);
  const keep = Buffer.byteLength(end, 'utf8') <= MAX_RECORDED_BYTES;
  const edits = start === undefined || !keep ? null : lineEdits(start, end);
  const patch = edits && start !== undefined ? taskPatch(file, start, end) : undefined;
  return {
    path: file,
    blob,
    ...(keep ? { content: end } : {}),
    ...(patch ? { patch } : {}),
    lines: edits ? toRanges(writtenLines(edits)) : null,
    source,
  };
}

/** The task's change without context lines: enough to get the start back from the end. */
function taskPatch(file: string, before: string, after: string): string | undefined {
  const patch = structuredPatch(file, file, before, after, undefined, undefined, { context: 0, timeout: 2_000 });
  return patch ? formatPatch(patch, { includeIndex: false, includeUnderline: false, includeFileHeaders: true }) : undefined;
}
