import { diagnosticAt } from './diagnostics';
import type { Diagnostic, Task, TasksDocument } from './types';

/**
 * A task's `_Depends: 1, 2.1_` detail line: the tasks it waits for when tasks run side by side.
 * Read liberally, as people write it: `Depends on: 1 and 2`, `**Dependencies:** Task 1, task 3.2`,
 * `_Depends: none_`. Ids keep their written form (`2.1`); `none`/`-` mean no dependency.
 */
const DEPENDS_LINE = /^(?:[-*+]\s+)?[_*\s]*(?:depends(?:\s+on)?|dependencies|dependency|requires\s+tasks?|after\s+tasks?)[_*\s]*:[_*\s]*(.*?)[_*\s]*$/i;

/** DEPENDS_LINE up to its label's first word: bullet, emphasis and blanks, then the word, checked character by character. */
function startsLikeDependencyLabel(line: string): boolean {
  let i = 0;
  let code = line.charCodeAt(0);
  // - * + _ and ASCII blanks
  while (code === 45 || code === 42 || code === 43 || code === 95 || code === 32 || (code >= 9 && code <= 13)) code = line.charCodeAt(++i);
  // Another kind of blank (the pattern's \s) is left to the pattern.
  if (code > 127) return true;
  return wordAt(line, i, 'depend') || wordAt(line, i, 'requires') || wordAt(line, i, 'after');
}

/** `word` (lower-case letters) at `at`, in any case. */
function wordAt(line: string, at: number, word: string): boolean {
  if (at + word.length > line.length) return false;
  for (let k = 0; k < word.length; k++) if ((line.charCodeAt(at + k) | 0x20) !== word.charCodeAt(k)) return false;
  return true;
}

/** The ids one detail line names, or null when the line is not a dependency line. */
export function dependencyIdsOf(line: string): string[] | null {
  // Most detail lines do not start with a dependency label's first word: no full pattern for them.
  if (!startsLikeDependencyLabel(line)) return null;
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

/**
 * What is wrong with a tasks.md's `_Depends:_` lines: an id that is no task (error), and tasks that
 * wait for each other in a circle (error on each, naming the circle), as `run --parallel` would refuse
 * them. A sub-task named stands for its top-level task, as the runner schedules them.
 */
export function dependencyDiagnostics(doc: TasksDocument): Diagnostic[] {
  const declaring: Array<{ task: Task; ids: string[] }> = [];
  for (const task of doc.allTasks) {
    const ids = declaredDependencies(task.details);
    if (ids) declaring.push({ task, ids });
  }
  // Most plans declare none: no index of 5,000 tasks for nothing.
  if (!declaring.length) return [];
  const out: Diagnostic[] = [];
  const byId = new Map(doc.allTasks.map((t) => [t.id, t]));
  const topOf = (task: Task): Task => (task.parentId === null ? task : topOf(byId.get(task.parentId) ?? { ...task, parentId: null }));
  const firstLine = (task: Task) => ({ start: task.range.start, end: task.titleRange.end });
  const edges = new Map<string, Set<string>>();
  const declaredOn = new Map<string, Task>();
  for (const { task, ids } of declaring) {
    const top = topOf(task).id;
    declaredOn.set(top, declaredOn.get(top) ?? task);
    for (const id of ids) {
      const target = byId.get(id);
      if (!target) {
        out.push(diagnosticAt(doc.file, firstLine(task), 'error', 'unknown-task-dependency', `Task ${task.id} depends on task ${id}, which is not in ${doc.file}; correct its _Depends:_ line.`));
        continue;
      }
      const to = topOf(target).id;
      if (to !== top) edges.set(top, new Set([...(edges.get(top) ?? []), to]));
    }
  }
  const reported = new Set<string>();
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, trail: string[]): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      const circle = [...trail.slice(trail.indexOf(id)), id];
      for (const member of circle.slice(0, -1)) {
        if (reported.has(member)) continue;
        reported.add(member);
        out.push(diagnosticAt(doc.file, firstLine(declaredOn.get(member) ?? byId.get(member)!), 'error', 'task-dependency-cycle', `Tasks depend on each other in a circle (${circle.join(' → ')}): no order satisfies their _Depends:_ lines; remove one of them.`));
      }
      return;
    }
    state.set(id, 'visiting');
    for (const next of edges.get(id) ?? []) visit(next, [...trail, id]);
    state.set(id, 'done');
  };
  for (const id of edges.keys()) visit(id, []);
  return out;
}
