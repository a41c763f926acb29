import { appendFileSync, mkdirSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ActivityEvent } from '../../core/activity';
import type { LogReader } from '../agent/runTranscript';
import type { HookLogStore } from './hookActivity';

/** What the store needs from the core's run logs (passed in: the core loads on first use). */
export interface RunLogAccess {
  /** Logs in a folder, newest first. */
  listLogs(dir: string): Promise<Array<{ file: string }>>;
  readLog: LogReader;
}

/**
 * The hooks logs of one workspace folder, in `dir`: JSON Lines of ActivityEvents like a run log,
 * one file per Hooks transcript (`<hooks-id>.jsonl`), appended synchronously event by event.
 */
export function hookLogFiles(dir: string, logs: RunLogAccess): HookLogStore {
  let made = false;
  return {
    newest: async () => {
      const [entry] = await logs.listLogs(dir);
      return entry ? { file: entry.file, events: await logs.readLog(entry.file) } : null;
    },
    fileFor: (logId) => path.join(dir, `${logId}.jsonl`),
    append: (file: string, event: ActivityEvent) => {
      if (!made) mkdirSync(dir, { recursive: true });
      made = true;
      appendFileSync(file, `${JSON.stringify(event)}\n`);
    },
    prune: async (keep, current) => {
      const others = (await logs.listLogs(dir)).filter((entry) => path.resolve(entry.file) !== path.resolve(current));
      for (const entry of others.slice(Math.max(0, keep - 1))) await fs.rm(entry.file, { force: true });
    },
    readLog: logs.readLog,
  };
}
