import { appendFileSync, mkdirSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { activityEventSchema, type ActivityEvent } from '../activity';
import { runStateDir } from '../checkpoints';

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
  const found = await Promise.all(
    names
      .filter((n) => n.endsWith('.jsonl'))
      .map(async (name) => {
        const file = path.join(runsDir, name);
        // A log deleted since the listing (another window pruning its logs) is simply not there.
        const stat = await fs.stat(file).catch(() => null);
        return stat ? { runId: name.slice(0, -'.jsonl'.length), file, modifiedAt: stat.mtime } : null;
      }),
  );
  const entries = found.filter((entry) => entry !== null);
  return entries.sort((a, b) => b.modifiedAt.getTime() - a.modifiedAt.getTime() || b.runId.localeCompare(a.runId));
}

/** CLI-mode run logs: `.kiro/.specwright/runs/` (the extension keeps them in its storage folder). */
export function runsDirOf(workspace: string): string {
  return path.join(runStateDir(workspace), 'runs');
}
