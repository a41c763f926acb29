import type { CorrectnessProperty, SpecDocuments, Task } from '../spec';

/** What a trace is about: an acceptance criterion, or a bugfix statement a fix must satisfy. */
export interface TraceCriterion {
  id: string;
  text: string;
  /** requirements.md or bugfix.md, and the 1-based line it is written on. */
  file: string;
  line: number;
}

/** The criteria of a spec that tasks implement, in document order (a bugfix's "current behaviour" is not one). */
export function criteriaOf(spec: SpecDocuments): TraceCriterion[] {
  const out: TraceCriterion[] = [];
  for (const r of spec.requirements?.requirements ?? []) {
    for (const c of r.criteria) out.push({ id: c.id, text: c.text, file: spec.requirements!.file, line: c.line });
  }
  for (const s of spec.bugfix?.statements ?? []) {
    if (s.section !== 'current') out.push({ id: s.id, text: s.text, file: spec.bugfix!.file, line: s.line });
  }
  return out;
}

/** Requirement id → its criterion ids, so a reference to a requirement covers all of them. */
export function criteriaByRequirement(spec: SpecDocuments): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of spec.requirements?.requirements ?? []) out.set(r.id, r.criteria.map((c) => c.id));
  return out;
}

/** A spec's criteria with the lookups a reference is expanded through; build it once for many tasks. */
export interface CriteriaIndex {
  criteria: TraceCriterion[];
  known: ReadonlySet<string>;
  byRequirement: ReadonlyMap<string, string[]>;
}

export function criteriaIndex(spec: SpecDocuments): CriteriaIndex {
  const criteria = criteriaOf(spec);
  return { criteria, known: new Set(criteria.map((c) => c.id)), byRequirement: criteriaByRequirement(spec) };
}

/** The criterion ids an id names: itself, or every criterion of a requirement; nothing for unknown ids. */
export function expandId(id: string, known: ReadonlySet<string>, byRequirement: ReadonlyMap<string, string[]>): string[] {
  if (byRequirement.has(id)) return byRequirement.get(id)!;
  return known.has(id) ? [id] : [];
}

/**
 * The criteria a task implements: its references expanded (`_Requirements: All_` is every criterion).
 * A caller going through many tasks passes the spec's index, which costs as much as the spec is long.
 */
export function taskCriteria(spec: SpecDocuments, task: Task, index: CriteriaIndex = criteriaIndex(spec)): string[] {
  if (task.referencesAll) return index.criteria.map((c) => c.id);
  // Most tasks cite one id: no set needed to keep the ids unique.
  if (task.requirements.length === 1) return [...expandId(task.requirements[0]!, index.known, index.byRequirement)];
  return [...new Set(task.requirements.flatMap((id) => expandId(id, index.known, index.byRequirement)))];
}

/** The criteria a design property validates. */
export function propertyCriteria(spec: SpecDocuments, property: CorrectnessProperty, index: CriteriaIndex = criteriaIndex(spec)): string[] {
  return [...new Set(property.validates.flatMap((ref) => expandId(ref.id, index.known, index.byRequirement)))];
}

/** Criterion text as compared for drift: whitespace runs do not count as edits. */
export function normaliseCriterionText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
