import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { FileChangedOnDiskError, resolveInWorkspace, writeFileAtomic, type OwnWriteRecorder } from '../fs';
import { parseBugfix } from './bugfixParser';
import { parseDesign } from './designParser';
import { AmbiguousTaskIdError, NotUtf8Error, SpecFileMissingError, SpecNotFoundError, TaskNotFoundError } from './errors';
import type { SpecDocuments } from './lint';
import { parseRequirements } from './requirementsParser';
import { setTaskStatusAt } from './taskEdits';
import { parseTasks } from './tasksParser';
import type { SpecFileKind, TaskStatus } from './types';

export const SPECS_FOLDER = path.join('.kiro', 'specs');

/** The files a spec folder may hold, in the order Kiro writes them. */
export const SPEC_FILE_NAMES: Readonly<Record<SpecFileKind, string>> = {
  requirements: 'requirements.md',
  bugfix: 'bugfix.md',
  design: 'design.md',
  tasks: 'tasks.md',
};
const KINDS = Object.keys(SPEC_FILE_NAMES) as SpecFileKind[];

export interface SpecSummary {
  name: string;
  /** Absolute path of the spec folder. */
  dir: string;
  /** Which of the spec files exist, e.g. ["requirements.md", "design.md", "tasks.md"]. */
  files: string[];
  /** A spec with a bugfix.md is a bugfix spec; any other is a feature spec. */
  type: 'feature' | 'bugfix';
}

export interface SpecFile {
  path: string;
  text: string;
}

export interface LoadedSpec extends SpecDocuments {
  name: string;
  dir: string;
  /** The text of every file that exists, exactly as read. */
  files: Partial<Record<SpecFileKind, SpecFile>>;
}

/** Every folder under `.kiro/specs/`, by name. No `.kiro/specs/` means no specs, not an error. */
export async function listSpecs(workspaceRoot: string): Promise<SpecSummary[]> {
  const root = path.join(workspaceRoot, SPECS_FOLDER);
  let entries: string[];
  try {
    entries = await fs.readdir(root);
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
  const specs: SpecSummary[] = [];
  for (const name of entries.sort()) {
    const dir = path.join(root, name);
    if (!(await isDirectory(dir))) continue;
    const files: string[] = [];
    for (const kind of KINDS) if (await isFile(path.join(dir, SPEC_FILE_NAMES[kind]))) files.push(SPEC_FILE_NAMES[kind]);
    specs.push({ name, dir, files, type: files.includes(SPEC_FILE_NAMES.bugfix) ? 'bugfix' : 'feature' });
  }
  return specs;
}

/** Reads and parses every file of one spec; missing files are simply absent. */
export async function loadSpec(workspaceRoot: string, name: string): Promise<LoadedSpec> {
  const dir = await specFolder(workspaceRoot, name);
  const spec: LoadedSpec = { name, dir, files: {} };
  for (const kind of KINDS) {
    const file = path.join(dir, SPEC_FILE_NAMES[kind]);
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(file);
    } catch (error) {
      if (isMissing(error) || (error as NodeJS.ErrnoException).code === 'EISDIR') continue;
      throw error;
    }
    const text = bytes.toString('utf8');
    spec.files[kind] = { path: file, text };
    const options = { file: SPEC_FILE_NAMES[kind] };
    if (kind === 'requirements') spec.requirements = parseRequirements(text, options);
    else if (kind === 'design') spec.design = parseDesign(text, options);
    else if (kind === 'tasks') spec.tasks = parseTasks(text, options);
    else spec.bugfix = parseBugfix(text, options);
  }
  return spec;
}

export interface TaskStatusUpdate {
  /** Absolute path of the tasks.md written. */
  file: string;
  taskId: string;
  title: string;
  previous: TaskStatus;
  status: TaskStatus;
  /** False when the task already had that status (nothing was written). */
  changed: boolean;
  /** The file's text after the update. */
  text: string;
}

export interface UpdateTaskStatusOptions {
  /**
   * The tasks.md text the caller based its decision on. When given, the update is refused with
   * FileChangedOnDiskError if the file no longer holds exactly that text.
   */
  expectedContent?: string;
  /** Records the status mark as Specwright's own write, so a checkpoint restore does not take it for a person's edit. */
  ownWrites?: OwnWriteRecorder;
}

/**
 * Sets one task's checkbox in `.kiro/specs/<spec>/tasks.md`, changing only that character, and
 * writes the file atomically. The write is refused (FileChangedOnDiskError, nothing written) if
 * the file changed on disk after it was read, or differs from `options.expectedContent`.
 */
export async function updateTaskStatus(workspaceRoot: string, spec: string, taskId: string, status: TaskStatus, options: UpdateTaskStatusOptions = {}): Promise<TaskStatusUpdate> {
  await specFolder(workspaceRoot, spec);
  const relative = path.join(SPECS_FOLDER, spec, SPEC_FILE_NAMES.tasks);
  const file = resolveInWorkspace(workspaceRoot, relative).absolute;
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    if (isMissing(error)) throw new SpecFileMissingError(spec, SPEC_FILE_NAMES.tasks);
    throw error;
  }
  const text = decodeUtf8(bytes, relative);
  if (options.expectedContent !== undefined && options.expectedContent !== text) throw new FileChangedOnDiskError(file);
  const doc = parseTasks(text, { file: SPEC_FILE_NAMES.tasks });
  const matches = doc.allTasks.filter((t) => t.id === taskId);
  if (matches.length === 0) throw new TaskNotFoundError(taskId, relative, doc.allTasks.map((t) => t.id));
  if (matches.length > 1) throw new AmbiguousTaskIdError(taskId, relative, matches.map((t) => t.line));
  const task = matches[0]!;
  const next = setTaskStatusAt(text, task, status, relative);
  if (next !== text) await writeFileAtomic(file, next, { expectedContent: text, ...(options.ownWrites ? { ownWrites: options.ownWrites } : {}) });
  return { file, taskId, title: task.title, previous: task.status, status, changed: next !== text, text: next };
}

async function specFolder(workspaceRoot: string, name: string): Promise<string> {
  // A spec name is one folder name: nothing that could climb out of .kiro/specs/.
  const plain = name !== '' && name !== '.' && name !== '..' && !/[\\/]/.test(name);
  const dir = path.join(workspaceRoot, SPECS_FOLDER, name);
  if (plain && (await isDirectory(dir))) return dir;
  throw new SpecNotFoundError(name, (await listSpecs(workspaceRoot)).map((s) => s.name));
}

function decodeUtf8(bytes: Buffer, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new NotUtf8Error(file);
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

async function isDirectory(p: string): Promise<boolean> {
  return fs.stat(p).then((s) => s.isDirectory(), () => false);
}

async function isFile(p: string): Promise<boolean> {
  return fs.stat(p).then((s) => s.isFile(), () => false);
}
