import { diagnosticAt } from './diagnostics';
import type { BugfixDocument, DesignDocument, Diagnostic, RequirementsDocument, SourceRange, Task, TasksDocument } from './types';

/** What a reference may point at: a requirement, one of its criteria, or a bugfix statement. */
export interface TraceTargets {
  ids: Set<string>;
  /** Requirement id → its criterion ids (a reference to a requirement covers all of them). */
  criteriaOf: Map<string, string[]>;
  /** Ids that tasks are expected to cover, with where they are written. */
  coverable: Array<{ id: string; file: string; range: SourceRange; label: string }>;
}

export function collectTargets(requirements: RequirementsDocument | null, bugfix: BugfixDocument | null): TraceTargets {
  const targets: TraceTargets = { ids: new Set(), criteriaOf: new Map(), coverable: [] };
  for (const r of requirements?.requirements ?? []) {
    targets.ids.add(r.id);
    targets.criteriaOf.set(r.id, r.criteria.map((c) => c.id));
    for (const c of r.criteria) {
      targets.ids.add(c.id);
      targets.coverable.push({ id: c.id, file: requirements!.file, range: c.range, label: 'Criterion' });
    }
  }
  for (const s of bugfix?.statements ?? []) {
    targets.ids.add(s.id);
    // The defect itself is not implemented; the fix and what must not regress are.
    if (s.section !== 'current') targets.coverable.push({ id: s.id, file: bugfix!.file, range: s.range, label: 'Bugfix statement' });
  }
  return targets;
}

/** Task references to ids that do not exist, criteria no task covers, tasks that trace to nothing. */
export function checkTaskTraceability(tasks: TasksDocument, targets: TraceTargets): Diagnostic[] {
  const out: Diagnostic[] = [];
  const covered = new Set<string>();
  let coversAll = false;
  for (const task of tasks.allTasks) {
    if (task.referencesAll) coversAll = true;
    for (const ref of task.references) {
      if (!targets.ids.has(ref.id)) {
        out.push(diagnosticAt(tasks.file, ref.range, 'error', 'unknown-reference',
          `Task ${task.id} references ${ref.id}, which the spec does not define; correct the id or add the missing criterion.`));
        continue;
      }
      covered.add(ref.id);
      for (const c of targets.criteriaOf.get(ref.id) ?? []) covered.add(c);
    }
  }
  if (!coversAll) {
    for (const c of targets.coverable) {
      if (covered.has(c.id)) continue;
      out.push(diagnosticAt(c.file, c.range, 'warning', 'uncovered-criterion',
        `${c.label} ${c.id} is not covered by any task; add ${c.id} to the _Requirements:_ line of the task that implements it, or add a task.`));
    }
  }
  for (const task of tasks.tasks) markUntraced(task, false, tasks.file, out);
  return out;
}

/** Reports tasks with no reference when neither an ancestor nor a descendant has one either. */
function markUntraced(task: Task, ancestorTraced: boolean, file: string, out: Diagnostic[]): boolean {
  const traced = ancestorTraced || task.references.length > 0 || task.referencesAll;
  let subtreeTraced = traced;
  for (const child of task.children) subtreeTraced = markUntraced(child, traced, file, out) || subtreeTraced;
  if (!subtreeTraced && !task.checkpoint) {
    out.push(diagnosticAt(file, { start: task.range.start, end: task.titleRange.end }, 'info', 'task-without-reference',
      `Task ${task.id} references no requirement; add a line "_Requirements: N.M_" under it so its work can be traced.`));
  }
  return subtreeTraced;
}

export function checkPropertyReferences(design: DesignDocument, targets: TraceTargets): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const property of design.properties) {
    for (const ref of property.validates) {
      if (targets.ids.has(ref.id)) continue;
      out.push(diagnosticAt(design.file, ref.range, 'error', 'unknown-property-reference',
        `Property ${property.id} validates ${ref.id}, which the spec does not define; correct the id in its "Validates:" line or add the criterion.`));
    }
  }
  return out;
}
