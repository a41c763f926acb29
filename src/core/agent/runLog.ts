import { appendFileSync, existsSync, mkdirSync, promises as fs, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { activityEventSchema, type ActivityEvent } from '../activity';

/** `.kiro/.specwright/` holds run state that is not the user's to edit; it is git-ignored by default. */
export function specwrightStateDir(workspace: string): string {
  return path.join(workspace, '.kiro', '.specwright');
}

/** Creates the state folder with a `.gitignore` of `*` so run logs and checkpoints never get committed. */
export function ensureStateDir(workspace: string): string {
  const dir = specwrightStateDir(workspace);
  mkdirSync(dir, { recursive: true });
  const ignore = path.join(dir, '.gitignore');
  if (!existsSync(ignore)) writeFileSync(ignore, '# Specwright run state (run logs, checkpoints): not for version control\n*\n');
  return dir;
}

/**
 * Appends a run's ActivityEvents as JSON Lines, one synchronous append per event so that the log
 * is complete up to the last step even when the process is killed.
 */
export class RunLog {
  readonly file: string;

  constructor(runsDir: string, readonly runId: string) {
    mkdirSync(runsDir, { recursive: true });
    this.file = path.join(runsDir, `${runId}.jsonl`);
  }

  static forWorkspace(workspace: string, runId: string): RunLog {
    return new RunLog(path.join(ensureStateDir(workspace), 'runs'), runId);
  }

  append(event: ActivityEvent): void {
    appendFileSync(this.file, JSON.stringify(event) + '\n');
  }
}

export interface RunLogContents {
  events: ActivityEvent[];
  /** Lines that were not valid events (e.g. a line cut short by a crash), with their 1-based number. */
  badLines: number[];
}

export async function readRunLog(file: string): Promise<RunLogContents> {
  const text = await fs.readFile(file, 'utf8');
  const events: ActivityEvent[] = [];
  const badLines: number[] = [];
  text.split('\n').forEach((line, index) => {
    if (!line.trim()) return;
    try {
      const parsed = activityEventSchema.safeParse(JSON.parse(line));
      if (parsed.success) events.push(parsed.data);
      else badLines.push(index + 1);
    } catch {
      badLines.push(index + 1);
    }
  });
  return { events, badLines };
}

export interface RunLogEntry {
  runId: string;
  file: string;
  modifiedAt: Date;
}

/** Run logs of a workspace, newest first. */
export async function listRunLogs(runsDir: string): Promise<RunLogEntry[]> {
  let names: string[];
  try {
    names = await fs.readdir(runsDir);
  } catch {
    return [];
  }
  const entries = await Promise.all(
    names
      .filter((n) => n.endsWith('.jsonl'))
      .map(async (name) => {
        const file = path.join(runsDir, name);
        return { runId: name.slice(0, -'.jsonl'.length), file, modifiedAt: (await fs.stat(file)).mtime };
      }),
  );
  return entries.sort((a, b) => b.modifiedAt.getTime() - a.modifiedAt.getTime() || b.runId.localeCompare(a.runId));
}

export function runsDirOf(workspace: string): string {
  return path.join(specwrightStateDir(workspace), 'runs');
}
