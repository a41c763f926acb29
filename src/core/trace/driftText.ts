import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { SPEC_FILE_NAMES, SPECS_FOLDER } from '../spec';
import { describeRanges } from './lineChanges';
import type { DriftReason } from './drift';

/** When a drifting change happened: the commit that made it, or the file's modification time when it is not committed. */
export interface DriftTiming {
  /** ISO time the file was last modified. */
  modifiedAt?: string;
  /** The newest commit after the task that touched the file, when the file is as that commit left it. */
  commit?: { id: string; subject: string; time: string };
  /** The change is in the working tree, not (yet) in a commit. */
  uncommitted?: boolean;
}

/** One sentence (no final full stop) saying why the task drifts. */
export function describeDrift(reason: DriftReason, timing?: DriftTiming | null): string {
  const when = timing ? ` (${describeTiming(timing)})` : '';
  switch (reason.kind) {
    case 'file-changed': {
      const lines = reason.lines.length === 1 && reason.lines[0]![0] === reason.lines[0]![1] ? `line ${describeRanges(reason.lines)}` : `lines ${describeRanges(reason.lines)}`;
      const wrote = `it wrote ${reason.taskLines.length === 1 && reason.taskLines[0]![0] === reason.taskLines[0]![1] ? 'line' : 'lines'} ${describeRanges(reason.taskLines)}`;
      return reason.beforeTask
        ? `${reason.file} was changed where the task wrote it (${wrote}) before task ${reason.beforeTask} ran`
        : `${reason.file} ${lines} changed after the task was done (${wrote})${when}`;
    }
    case 'file-deleted':
      return `${reason.file}, which it changed, was deleted${when}`;
    case 'file-replaced':
      return `${reason.file}, which it changed, is different now${when}`;
    case 'criterion-edited':
      return `criterion ${reason.criterion} was edited after the task was done (it said: "${clip(reason.before)}")${when}`;
    case 'criterion-removed':
      return `criterion ${reason.criterion} was removed from the spec${when}`;
  }
}

function describeTiming(timing: DriftTiming): string {
  if (timing.commit) return `commit ${timing.commit.id.slice(0, 7)} "${clip(timing.commit.subject, 60)}", ${timing.commit.time}`;
  if (timing.modifiedAt) return `${timing.uncommitted ? 'uncommitted, ' : ''}modified ${timing.modifiedAt}`;
  return timing.uncommitted ? 'uncommitted' : 'time unknown';
}

function clip(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Finds when the change behind a reason happened: in the user's git history if committed since `since`, else by mtime. */
export async function whenChanged(workspace: string, spec: string, reason: DriftReason, since: string): Promise<DriftTiming | null> {
  if (reason.kind === 'file-changed' && reason.beforeTask) return null;
  const relative = 'file' in reason ? reason.file : path.posix.join(SPECS_FOLDER.split(path.sep).join('/'), spec, SPEC_FILE_NAMES.requirements);
  const file = 'file' in reason || (await exists(path.join(workspace, relative))) ? relative : path.posix.join(SPECS_FOLDER.split(path.sep).join('/'), spec, SPEC_FILE_NAMES.bugfix);
  const timing: DriftTiming = {};
  try {
    timing.modifiedAt = (await fs.stat(path.join(workspace, file))).mtime.toISOString();
  } catch {
    // Deleted: only git can tell.
  }
  const log = await git(workspace, ['log', '-1', `--since=${since}`, '--format=%H%x1f%cI%x1f%s', '--', file]);
  const dirty = await git(workspace, ['status', '--porcelain', '--', file]);
  if (dirty !== null && dirty.trim()) timing.uncommitted = true;
  if (log && !timing.uncommitted) {
    const [id, time, subject] = log.trim().split('\u001f');
    if (id && time) timing.commit = { id, time, subject: subject ?? '' };
  }
  return timing;
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(() => true, () => false);
}

/** Reads the user's repository (never writes); null when it is not one or git is missing. */
function git(cwd: string, args: string[]): Promise<string | null> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GIT_') || k === 'GIT_AUTHOR_NAME' || k === 'GIT_COMMITTER_NAME'));
  return new Promise((resolve) => {
    execFile('git', ['-c', 'core.fsmonitor=false', '-c', 'core.quotePath=false', ...args], { cwd, env, timeout: 10_000, maxBuffer: 1_000_000 }, (error, stdout) => resolve(error ? null : stdout));
  });
}
