import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { StepUsage } from '../activity';
import { USAGE_LEDGER_FILE } from './ledger';
import { USAGE_SOURCES, type UsageRecord, type UsageSource } from './records';

export interface CollectedUsage {
  records: UsageRecord[];
  /** Run logs and ledger files read. */
  files: number;
  /** Lines that could not be read (a line cut short by a crash), by file. */
  unreadable: Array<{ file: string; lines: number }>;
}

/**
 * Every model call on record in the given state folders: the `usage` events of the run logs in
 * `runs/*.jsonl` (a step of a task, or of an agent hook run inside the run) and the lines of
 * `usage.jsonl` (calls outside runs). With `since`, a run log last written before it is not even
 * read: all its events are older.
 */
export async function collectUsage(stateDirs: readonly string[], options: { since?: Date } = {}): Promise<CollectedUsage> {
  const collected: CollectedUsage = { records: [], files: 0, unreadable: [] };
  const since = options.since?.getTime();
  for (const dir of new Set(stateDirs.map((d) => path.resolve(d)))) {
    const runsDir = path.join(dir, 'runs');
    const names = await fs.readdir(runsDir).catch(() => [] as string[]);
    await Promise.all(
      names
        .filter((name) => name.endsWith('.jsonl'))
        .map(async (name) => {
          const file = path.join(runsDir, name);
          if (since !== undefined) {
            const stat = await fs.stat(file).catch(() => null);
            if (!stat || stat.mtimeMs < since) return;
          }
          const content = await fs.readFile(file).catch(() => null);
          if (content === null) return;
          collected.files++;
          note(collected, file, runLogUsage(content, collected.records));
        }),
    );
    const ledger = path.join(dir, USAGE_LEDGER_FILE);
    const text = await fs.readFile(ledger, 'utf8').catch(() => null);
    if (text !== null) {
      collected.files++;
      note(collected, ledger, ledgerUsage(text, collected.records));
    }
  }
  if (since !== undefined) collected.records = collected.records.filter((r) => Date.parse(r.time) >= since);
  return collected;
}

function note(collected: CollectedUsage, file: string, unreadable: number): void {
  if (unreadable) collected.unreadable.push({ file, lines: unreadable });
}

/**
 * The usage events of one run log, attributed to the task running at the time (and to the hook, for
 * a hook's agent inside the run). Only the lines that can matter are parsed: a run log is mostly
 * command output and diffs. A line's kind is its first `"type":"…"`, which is the event's own for
 * the three kinds read here (none of them nests a `type`), wherever the key sits in the line.
 */
export function runLogUsage(log: Buffer | string, into: UsageRecord[]): number {
  // Scanned as bytes: finding a newline or a key is a memchr, and only the few lines read are decoded.
  const bytes = typeof log === 'string' ? Buffer.from(log) : log;
  let model = '';
  let task: { spec: string; id: string; title: string } | null = null;
  let spec: string | null = null;
  let unreadable = 0;
  let nextType = bytes.indexOf(TYPE_KEY);
  for (let start = 0; start < bytes.length && nextType !== -1; ) {
    let end = bytes.indexOf(NEWLINE, start);
    if (end === -1) end = bytes.length;
    if (nextType < start) nextType = bytes.indexOf(TYPE_KEY, start);
    const kind = nextType !== -1 && nextType < end ? kindAt(bytes, nextType + TYPE_KEY.length) : null;
    const line = kind ? bytes.toString('utf8', start, end) : '';
    start = end + 1;
    if (!kind) continue;
    let event: Record<string, unknown>;
    try {
      event = JSON.parse(line) as Record<string, unknown>;
    } catch {
      unreadable++;
      continue;
    }
    if (event.type === 'run_started') {
      model = typeof event.model === 'string' ? event.model : '';
      const tasks = event.tasks as Array<{ spec?: unknown }> | undefined;
      spec = typeof tasks?.[0]?.spec === 'string' ? tasks[0].spec : null;
    } else if (event.type === 'task_started') {
      const t = event.task as { spec?: unknown; id?: unknown; title?: unknown } | undefined;
      if (t && typeof t.id === 'string') task = { spec: String(t.spec ?? spec ?? ''), id: t.id, title: String(t.title ?? '') };
    } else if (event.type === 'usage') {
      const usage = stepUsage(event.usage);
      if (!usage) {
        unreadable++;
        continue;
      }
      const parent = typeof event.parentId === 'string' ? event.parentId : '';
      // A hook's agent is a session of its own; any other parent (a sub-agent) reports usage its
      // parent's steps already count, as the run's own figures do.
      if (parent && !parent.startsWith('hook:')) continue;
      into.push({
        time: String(event.time),
        source: parent.startsWith('hook:') ? 'hook' : 'task',
        model,
        spec: task?.spec || spec,
        task: task ? { id: task.id, title: task.title } : null,
        hook: parent.startsWith('hook:') ? parent.slice('hook:'.length) : null,
        runId: typeof event.runId === 'string' ? event.runId : null,
        usage,
      });
    }
  }
  return unreadable;
}

const KINDS = [
  { name: 'usage', value: Buffer.from('usage"') },
  { name: 'task', value: Buffer.from('task_started"') },
  { name: 'run', value: Buffer.from('run_started"') },
] as const;

function kindAt(bytes: Buffer, at: number): 'usage' | 'task' | 'run' | null {
  for (const kind of KINDS) if (bytes.compare(kind.value, 0, kind.value.length, at, at + kind.value.length) === 0) return kind.name;
  return null;
}

const NEWLINE = 0x0a;
const TYPE_KEY = Buffer.from('"type":"');

/** The ledger's lines; one that cannot be read is counted, not fatal. */
export function ledgerUsage(text: string, into: UsageRecord[]): number {
  let unreadable = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const raw = JSON.parse(line) as Record<string, unknown>;
      const usage = stepUsage(raw.usage);
      const task = raw.task as { id?: unknown; title?: unknown } | null | undefined;
      if (!usage || typeof raw.time !== 'string') throw new Error('not a usage line');
      into.push({
        time: raw.time,
        source: USAGE_SOURCES.includes(raw.source as UsageSource) ? (raw.source as UsageSource) : 'other',
        model: typeof raw.model === 'string' ? raw.model : '',
        spec: typeof raw.spec === 'string' ? raw.spec : null,
        task: task && typeof task.id === 'string' ? { id: task.id, title: String(task.title ?? '') } : null,
        hook: typeof raw.hook === 'string' ? raw.hook : null,
        runId: null,
        usage,
      });
    } catch {
      unreadable++;
    }
  }
  return unreadable;
}

function stepUsage(value: unknown): StepUsage | null {
  const u = value as Partial<Record<keyof StepUsage, unknown>> | null;
  if (!u || typeof u !== 'object') return null;
  const fields = ['inputTokens', 'outputTokens', 'cacheReadTokens', 'cacheWriteTokens', 'costUsd'] as const;
  if (!fields.every((f) => typeof u[f] === 'number' && Number.isFinite(u[f]))) return null;
  return { inputTokens: u.inputTokens as number, outputTokens: u.outputTokens as number, cacheReadTokens: u.cacheReadTokens as number, cacheWriteTokens: u.cacheWriteTokens as number, costUsd: u.costUsd as number };
}
