import { diagnosticAt } from './diagnostics';
import type { BugfixDocument, DesignDocument, Diagnostic, RequirementsDocument, SourceRange, SpecEvidence, Task, TasksDocument } from './types';

/** What a reference may point at: a requirement, one of its criteria, or a bugfix statement. */
export interface TraceTargets {
  ids: Set<string>;
  /** Requirement id → its criterion ids, each once (a reference to a requirement covers all of them). */
  criteriaOf: Map<string, string[]>;
  /** Ids that tasks are expected to cover, with where they are written. */
  coverable: Array<{ id: string; file: string; range: SourceRange; label: string }>;
}

export function collectTargets(requirements: RequirementsDocument | null, bugfix: BugfixDocument | null): TraceTargets {
  const targets: TraceTargets = { ids: new Set(), criteriaOf: new Map(), coverable: [] };
  for (const r of requirements?.requirements ?? []) {
    targets.ids.add(r.id);
    // Each once, even where the numbering repeats one (the numbering check reports that).
    targets.criteriaOf.set(r.id, [...new Set(r.criteria.map((c) => c.id))]);
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
      const criteria = targets.criteriaOf.get(ref.id);
      if (criteria) for (const c of criteria) covered.add(c);
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

/**
 * `Property 3`, `Properties 1, 2 and 4`, `Properties 2-5` in a task's title or details, and a word
 * saying the task writes a test.
 */
const propertyMention = /\bPropert(?:y|ies)\s*#?\s*(\d{1,4}(?:\s*(?:,|&|\band\b|-|–|\bto\b)\s*#?\d{1,4})*)(?![\d.])/gi;
const testWork = /\btests?\b|\btesting\b|\bPBT\b|property[- ]based|\bproptest|fast-check|\bhypothesis\b/i;

const propertyTests = /property[- ]based|\bproperty[- ]tests?\b|\bPBT\b/i;

/**
 * The design properties some task writes a test for: a task about tests that names `Property N`;
 * a task about property tests that names no property at all (`Write the property tests`) counts
 * for every property ('*').
 */
export function propertiesWithTestTask(tasks: TasksDocument): Set<string> {
  const out = new Set<string>();
  for (const task of tasks.allTasks) {
    const text = [task.title, ...task.details].join('\n');
    if (!testWork.test(text)) continue;
    const named = [...text.matchAll(propertyMention)].flatMap((m) => propertyIds(m[1]!));
    for (const id of named) out.add(id);
    if (!named.length && propertyTests.test(text)) out.add('*');
  }
  return out;
}

/** `1, 2 and 4` → 1, 2, 4; `2-5` → 2, 3, 4, 5 (ranges over 50 keep their ends). */
function propertyIds(list: string): string[] {
  const out: string[] = [];
  for (const part of list.split(/\s*(?:,|&|\band\b)\s*/)) {
    const [from, to] = part.split(/\s*(?:-|–|\bto\b)\s*/).map((n) => Number(n.replace('#', '')));
    if (to === undefined || !(to >= from!) || to - from! > 50) out.push(...[from, to].filter((n) => n !== undefined && !Number.isNaN(n)).map(String));
    else for (let n = from!; n <= to; n++) out.push(String(n));
  }
  return out;
}

/** A correctness property that no task writes a (property-based) test for. */
export function checkPropertyTestTasks(design: DesignDocument, tasks: TasksDocument): Diagnostic[] {
  if (!tasks.allTasks.length) return [];
  const tested = propertiesWithTestTask(tasks);
  if (tested.has('*')) return [];
  const out: Diagnostic[] = [];
  for (const property of design.properties) {
    if (tested.has(property.id)) continue;
    const refs = [...new Set(property.validates.map((r) => r.id))].join(', ');
    const start = property.range.start;
    const end = design.source.positionOnLine(start.line - 1, design.source.lineEnd(start.line - 1));
    out.push(diagnosticAt(design.file, { start, end }, 'warning', 'property-without-test-task',
      `Property ${property.id}${property.title ? ` (${property.title})` : ''} has no task that writes its test; add a task to tasks.md such as "Write a property-based test for Property ${property.id}"${refs ? ` with "_Requirements: ${refs}_"` : ''}.`));
  }
  return out;
}

/** What only the workspace can tell: done tasks whose criteria no test covers, and drifting tasks. */
export function checkEvidence(tasks: TasksDocument, targets: TraceTargets, evidence: SpecEvidence): Diagnostic[] {
  const out: Diagnostic[] = [];
  const coverable = new Set(targets.coverable.map((c) => c.id));
  const title = (task: Task) => ({ start: task.range.start, end: task.titleRange.end });
  const drifting = evidence.drift.size > 0;
  for (const task of tasks.allTasks) {
    const reasons = drifting ? evidence.drift.get(task.id) : undefined;
    if (reasons?.length) {
      out.push({
        ...diagnosticAt(tasks.file, title(task), 'warning', 'task-drifting', `Task ${task.id} is drifting: ${reasons.join('; ')}.`),
        remedy: { kind: 'acceptDrift', spec: evidence.spec, taskId: task.id },
      });
    }
    if (task.status !== 'done' || task.checkpoint) continue;
    const untested = criteriaOfTask(task, targets, coverable).filter((id) => coverable.has(id) && !evidence.testedCriteria.has(id));
    if (!untested.length) continue;
    const list = untested.length > 6 ? `${untested.slice(0, 6).join(', ')} and ${untested.length - 6} more` : untested.join(', ');
    out.push(diagnosticAt(tasks.file, title(task), 'warning', 'done-task-untested',
      `Task ${task.id} is done but no test covers ${untested.length === 1 ? 'criterion' : 'criteria'} ${list}; name the criterion in a test (a test called "${untested[0]}: …" or a comment "Requirement ${untested[0]}" above it).`));
  }
  return out;
}

/** The criteria a task's references name, each once, in written order (`All`: every coverable one). */
function criteriaOfTask(task: Task, targets: TraceTargets, coverable: ReadonlySet<string>): readonly string[] {
  if (task.referencesAll) return [...coverable];
  // Most tasks cite one id: no set needed to keep its criteria unique.
  if (task.requirements.length === 1) {
    const id = task.requirements[0]!;
    return targets.criteriaOf.get(id) ?? (coverable.has(id) ? [id] : []);
  }
  return [...new Set(task.requirements.flatMap((id) => targets.criteriaOf.get(id) ?? (coverable.has(id) ? [id] : [])))];
}
