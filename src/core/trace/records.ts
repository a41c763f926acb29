import { mkdirSync, promises as fs, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';

/**
 * What Specwright knew about a task when it was done: the text of the criteria it implements, and
 * for each file it changed, the file's content then and which lines it wrote. Drift is measured
 * against this. One JSON file per task: `<trace dir>/<spec>/<task id>.json` (run state, beside the
 * run logs: `.kiro/.specwright/trace/` from the CLI, the extension's storage folder in VS Code).
 */
const range = z.tuple([z.number().int().positive(), z.number().int().positive()]);

/** Run state may come with a repository: a recorded path never leads outside the workspace. */
export function isInsideRelative(file: string): boolean {
  return file.length > 0 && !file.includes('\0') && !path.posix.isAbsolute(file) && !/^[a-zA-Z]:/.test(file) && !file.split(/[\\/]/).includes('..');
}

const fileRecord = z.object({
  /** Workspace-relative, forward slashes. */
  path: z.string().refine(isInsideRelative, 'a path relative to the workspace, inside it'),
  /** git blob id of the content at task end; null: the task deleted the file. */
  blob: z.string().nullable(),
  /** The content at task end; absent for files too large to keep (drift then compares blob ids only). */
  content: z.string().optional(),
  /** Unified diff from the content before the task to `content`; absent when the start was not known. */
  patch: z.string().optional(),
  /** Lines of `content` the task wrote; null: not known, the whole file counts as the task's. */
  lines: z.array(range).nullable(),
  /** `run`: recorded when an agent run finished the task; `link`: linked by hand (`spec link`, `spec drift --accept`). */
  source: z.enum(['run', 'link']),
});
export type FileRecord = z.infer<typeof fileRecord>;

export const taskTraceRecordSchema = z.object({
  version: z.literal(1),
  spec: z.string(),
  taskId: z.string(),
  title: z.string(),
  /** The run that finished it (null when recorded by hand). */
  runId: z.string().nullable(),
  /** ISO time the task was finished (or linked, or accepted). */
  finishedAt: z.string(),
  /** Every criterion the task implements, with its text at that time. */
  criteria: z.array(z.object({ id: z.string(), text: z.string() })),
  files: z.array(fileRecord),
});
export type TaskTraceRecord = z.infer<typeof taskTraceRecordSchema>;

/** Contents larger than this are not kept in a record (a task's files are rarely anywhere near). */
export const MAX_RECORDED_BYTES = 2_000_000;

export function traceDirOf(stateDir: string): string {
  return path.join(stateDir, 'trace');
}

/** Task ids are digits, dots and `u`; anything else is escaped so a record never lands outside its folder. */
function fileNameOf(taskId: string): string {
  return `${taskId.replace(/[^\w.-]/g, (c) => `%${c.charCodeAt(0).toString(16)}`)}.json`;
}

function specFolderOf(spec: string): string {
  return spec.replace(/[^\w.-]/g, (c) => `%${c.charCodeAt(0).toString(16)}`).replace(/^\.+$/, (dots) => dots.replace(/\./g, '%2e'));
}

export function recordFile(traceDir: string, spec: string, taskId: string): string {
  return path.join(traceDir, specFolderOf(spec), fileNameOf(taskId));
}

/** Writes a record (temp file and rename: a reader never sees half of one). Synchronous: it runs inside an event listener. */
export function writeTraceRecord(traceDir: string, record: TaskTraceRecord): void {
  const file = recordFile(traceDir, record.spec, record.taskId);
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temp, JSON.stringify(record) + '\n');
  renameSync(temp, file);
}

/** Every record under the trace folders given (later folders win for the same spec and task, unless older). */
export async function readTraceRecords(traceDirs: readonly string[], onBad?: (file: string, reason: string) => void): Promise<TaskTraceRecord[]> {
  const byTask = new Map<string, TaskTraceRecord>();
  for (const dir of traceDirs) {
    let specs: string[];
    try {
      specs = await fs.readdir(dir);
    } catch {
      continue;
    }
    for (const spec of specs) {
      let names: string[];
      try {
        names = (await fs.readdir(path.join(dir, spec))).filter((n) => n.endsWith('.json'));
      } catch {
        continue;
      }
      for (const name of names) {
        const file = path.join(dir, spec, name);
        try {
          const parsed = taskTraceRecordSchema.safeParse(JSON.parse(await fs.readFile(file, 'utf8')));
          if (!parsed.success) {
            onBad?.(file, parsed.error.issues[0]?.message ?? 'not a trace record');
            continue;
          }
          const key = `${parsed.data.spec}\u0000${parsed.data.taskId}`;
          const known = byTask.get(key);
          if (!known || known.finishedAt <= parsed.data.finishedAt) byTask.set(key, parsed.data);
        } catch (error) {
          onBad?.(file, error instanceof Error ? error.message : String(error));
        }
      }
    }
  }
  return [...byTask.values()].sort((a, b) => a.finishedAt.localeCompare(b.finishedAt) || a.taskId.localeCompare(b.taskId));
}

/** The record of one task, or null (none, or unreadable). */
export function readTraceRecordSync(traceDir: string, spec: string, taskId: string): TaskTraceRecord | null {
  try {
    const parsed = taskTraceRecordSchema.safeParse(JSON.parse(readFileSync(recordFile(traceDir, spec, taskId), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
