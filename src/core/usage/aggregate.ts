import type { UsageRecord } from './records';

export type UsageGrouping = 'task' | 'spec' | 'day' | 'model';
export const USAGE_GROUPINGS: readonly UsageGrouping[] = ['task', 'spec', 'day', 'model'];

/** Tokens and cost of a group of model calls: fresh input, cache reads, cache writes and output apart. */
export interface UsageFigures {
  calls: number;
  /** Input billed at the full price (not read from or written to the prompt cache). */
  inputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface UsageRow extends UsageFigures {
  key: string;
  label: string;
}

export interface UsageReport {
  by: UsageGrouping;
  rows: UsageRow[];
  total: UsageFigures;
}

export interface AggregateOptions {
  by: UsageGrouping;
  /** The calendar day of a time, for `day`; default the machine's local day (YYYY-MM-DD). */
  dayOf?: (time: Date) => string;
}

/**
 * Groups model calls into rows (pure: records in, rows out; the CLI and VS Code's Usage view share
 * it). Days are in order; other groupings put the costliest first.
 */
export function aggregateUsage(records: readonly UsageRecord[], options: AggregateOptions): UsageReport {
  const dayOf = options.dayOf ?? localDay;
  const rows = new Map<string, UsageRow>();
  const total = emptyFigures();
  for (const record of records) {
    const { key, label } = groupOf(record, options.by, dayOf);
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { key, label, ...emptyFigures() }));
    add(row, record);
    add(total, record);
  }
  const sorted = [...rows.values()].sort(options.by === 'day' ? (a, b) => a.key.localeCompare(b.key) : (a, b) => b.costUsd - a.costUsd || totalTokens(b) - totalTokens(a) || a.key.localeCompare(b.key));
  return { by: options.by, rows: sorted.map(rounded), total: rounded(total) };
}

export function totalTokens(figures: UsageFigures): number {
  return figures.inputTokens + figures.cacheReadTokens + figures.cacheWriteTokens + figures.outputTokens;
}

/** What a call without a task was for, as a row of `--by task`. */
const OUTSIDE_TASKS: Record<UsageRecord['source'], string> = {
  task: 'agent runs, outside a task',
  hook: 'agent hooks',
  spec: 'spec workflow',
  'commit-message': 'commit messages',
  'hook-draft': 'hook drafts',
  other: 'other calls',
};

function groupOf(record: UsageRecord, by: UsageGrouping, dayOf: (time: Date) => string): { key: string; label: string } {
  switch (by) {
    case 'day': {
      const day = dayOf(new Date(record.time));
      return { key: day, label: day };
    }
    case 'model':
      return { key: record.model || '(unknown model)', label: record.model || '(unknown model)' };
    case 'spec':
      return record.spec ? { key: record.spec, label: record.spec } : { key: '', label: '(no spec)' };
    case 'task': {
      if (record.task) return { key: `${record.spec ?? ''}/${record.task.id}`, label: `${record.spec ? `${record.spec} ` : ''}${record.task.id} ${record.task.title}`.trim() };
      const what = OUTSIDE_TASKS[record.source];
      return { key: `(${record.spec ?? ''}:${record.source})`, label: record.spec ? `${record.spec}: ${what}` : `(${what})` };
    }
  }
}

function emptyFigures(): UsageFigures {
  return { calls: 0, inputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 0, costUsd: 0 };
}

function add(figures: UsageFigures, record: UsageRecord): void {
  figures.calls++;
  figures.inputTokens += record.usage.inputTokens;
  figures.cacheReadTokens += record.usage.cacheReadTokens;
  figures.cacheWriteTokens += record.usage.cacheWriteTokens;
  figures.outputTokens += record.usage.outputTokens;
  figures.costUsd += record.usage.costUsd;
}

/** Costs to a millionth of a dollar: sums of floats otherwise print as 0.30000000000000004. */
function rounded<T extends UsageFigures>(figures: T): T {
  return { ...figures, costUsd: Math.round(figures.costUsd * 1e6) / 1e6 };
}

function localDay(time: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())}`;
}

/**
 * `--since`: a duration back from `now` (`90min`, `24h`, `7d`, `2w`) or a date or time (`2026-03-01`,
 * ISO). Null when the text is neither.
 */
export function parseSince(text: string, now: Date = new Date()): Date | null {
  const duration = /^(\d+(?:\.\d+)?)\s*(min|h|d|w)$/i.exec(text.trim());
  if (duration) {
    const unit = { min: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[duration[2]!.toLowerCase() as 'min' | 'h' | 'd' | 'w'];
    return new Date(now.getTime() - Number(duration[1]) * unit);
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(text.trim())) return null;
  // A bare date is the start of that day where the user is, as `--by day` counts days.
  const date = /^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? new Date(`${text.trim()}T00:00:00`) : new Date(text.trim());
  return Number.isNaN(date.getTime()) ? null : date;
}
