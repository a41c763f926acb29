import { aggregateUsage, type UsageFigures, type UsageRow } from './aggregate';
import type { UsageRecord } from './records';

/** What VS Code's Usage view shows: today, the last seven days, and each spec with its tasks. */
export interface UsageOverview {
  today: UsageFigures;
  /** Today and the six days before it (local days). */
  week: UsageFigures;
  /** Every spec on record, costliest first, with its tasks (and what was spent on it outside tasks). */
  specs: Array<UsageRow & { tasks: UsageRow[] }>;
  /** Calls on record that belong to no spec (hooks, commit messages…), all together. */
  outsideSpecs: UsageFigures;
}

/** Pure: the records in, the overview out, grouped as `specwright usage --by spec|task` groups them. */
export function usageOverview(records: readonly UsageRecord[], now: Date = new Date()): UsageOverview {
  const midnight = new Date(now);
  midnight.setHours(0, 0, 0, 0);
  const weekStart = new Date(midnight);
  weekStart.setDate(weekStart.getDate() - 6);
  const since = (start: Date) => records.filter((r) => Date.parse(r.time) >= start.getTime());
  const bySpec = aggregateUsage(records, { by: 'spec' });
  const specs = bySpec.rows
    .filter((row) => row.key !== '')
    .map((row) => ({ ...row, tasks: aggregateUsage(records.filter((r) => r.spec === row.key), { by: 'task' }).rows }));
  return {
    today: aggregateUsage(since(midnight), { by: 'spec' }).total,
    week: aggregateUsage(since(weekStart), { by: 'spec' }).total,
    specs,
    outsideSpecs: aggregateUsage(records.filter((r) => !r.spec), { by: 'spec' }).total,
  };
}
