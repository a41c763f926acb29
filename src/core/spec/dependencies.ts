/**
 * A task's `_Depends: 1, 2.1_` detail line: the tasks it waits for when tasks run side by side.
 * Read liberally, as people write it: `Depends on: 1 and 2`, `**Dependencies:** Task 1, task 3.2`,
 * `_Depends: none_`. Ids keep their written form (`2.1`); `none`/`-` mean no dependency.
 */
const DEPENDS_LINE = /^(?:[-*+]\s+)?[_*\s]*(?:depends(?:\s+on)?|dependencies|dependency|requires\s+tasks?|after\s+tasks?)[_*\s]*:[_*\s]*(.*?)[_*\s]*$/i;

/** The ids one detail line names, or null when the line is not a dependency line. */
export function dependencyIdsOf(line: string): string[] | null {
  const match = DEPENDS_LINE.exec(line.trim());
  if (!match) return null;
  const list = match[1]!.trim();
  if (/^(none|nothing|n\/a|-|—)?\.?$/i.test(list)) return [];
  const ids: string[] = [];
  for (const part of list.split(/\s*(?:,|;|\band\b|&|\s)\s*/i)) {
    const id = part.replace(/^(?:tasks?|#)/i, '').replace(/[.)]+$/, '').trim();
    if (/^\d+(?:\.\d+)*$/.test(id) && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** Every id a task's detail lines declare it depends on, in written order; null when it declares none (no such line). */
export function declaredDependencies(details: readonly string[]): string[] | null {
  let found: string[] | null = null;
  for (const line of details) {
    const ids = dependencyIdsOf(line);
    if (ids === null) continue;
    found = [...(found ?? []), ...ids.filter((id) => !found?.includes(id))];
  }
  return found;
}
