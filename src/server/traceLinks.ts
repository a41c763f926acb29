import type { Position as LspPosition } from 'vscode-languageserver';
import type { Requirement, RequirementReference, SourceRange } from '../core/spec';
import { rangeContains } from './ranges';
import { fileOf, type SpecFileState, type SpecSnapshot } from './specIndex';

/** Something a `_Requirements:_` or `Validates:` reference can name. */
export interface TraceTarget {
  id: string;
  kind: 'requirement' | 'criterion' | 'statement';
  /** The text a reader needs: the criterion or statement itself, or the requirement's title. */
  text: string;
  /** The requirement a criterion belongs to (or the requirement itself). */
  requirement?: Requirement;
  file: SpecFileState;
  /** Where go-to-definition lands: the criterion's list item, the requirement's heading. */
  range: SourceRange;
  /** Criterion ids a reference to this target covers (itself, or all of a requirement's). */
  covers: string[];
  /** Whether tasks are expected to cover it (a bugfix's "current behaviour" is not implemented). */
  coverable: boolean;
}

/** One id named in a reference, and who names it. */
export interface ReferenceSite extends RequirementReference {
  file: SpecFileState;
  /** "Task 2.1" or "Property 3". */
  owner: string;
}

export function allTargets(snapshot: SpecSnapshot): TraceTarget[] {
  const out: TraceTarget[] = [];
  const requirements = fileOf(snapshot, 'requirements');
  for (const r of snapshot.requirements?.requirements ?? []) {
    out.push({ id: r.id, kind: 'requirement', text: r.title, requirement: r, file: requirements!, range: r.headingRange, covers: r.criteria.map((c) => c.id), coverable: false });
    for (const c of r.criteria) out.push({ id: c.id, kind: 'criterion', text: c.text, requirement: r, file: requirements!, range: c.range, covers: [c.id], coverable: true });
  }
  const bugfix = fileOf(snapshot, 'bugfix');
  for (const s of snapshot.bugfix?.statements ?? []) {
    out.push({ id: s.id, kind: 'statement', text: s.text, file: bugfix!, range: s.range, covers: [s.id], coverable: s.section !== 'current' });
  }
  return out;
}

export function findTarget(snapshot: SpecSnapshot, id: string): TraceTarget | undefined {
  return allTargets(snapshot).find((t) => t.id === id);
}

export function allReferenceSites(snapshot: SpecSnapshot): ReferenceSite[] {
  const out: ReferenceSite[] = [];
  const tasks = fileOf(snapshot, 'tasks');
  for (const task of snapshot.tasks?.allTasks ?? []) {
    for (const ref of task.references) out.push({ ...ref, file: tasks!, owner: `Task ${task.id}` });
  }
  const design = fileOf(snapshot, 'design');
  for (const property of snapshot.design?.properties ?? []) {
    for (const ref of property.validates) out.push({ ...ref, file: design!, owner: `Property ${property.id}` });
  }
  return out;
}

/** The reference under the cursor in tasks.md or design.md. */
export function referenceAt(snapshot: SpecSnapshot, file: SpecFileState, position: LspPosition): ReferenceSite | undefined {
  return allReferenceSites(snapshot).find((site) => site.file === file && rangeContains(site.range, position));
}

/**
 * The criterion, requirement or bugfix statement under the cursor where it is defined: on a
 * criterion's list item, or on a requirement's heading line.
 */
export function definitionAt(snapshot: SpecSnapshot, file: SpecFileState, position: LspPosition): TraceTarget | undefined {
  // Requirements are found by their heading alone, so no two targets overlap.
  return allTargets(snapshot).find((t) => t.file === file && rangeContains(t.range, position));
}

/** References that cite a target: by its own id, or (for a criterion) by its requirement's id. */
export function sitesCiting(snapshot: SpecSnapshot, target: TraceTarget): ReferenceSite[] {
  const ids = new Set([target.id, ...target.covers]);
  if (target.kind === 'criterion' && target.requirement) ids.add(target.requirement.id);
  return allReferenceSites(snapshot).filter((site) => ids.has(site.id));
}

/** Criteria (and bugfix statements) that no reference in tasks.md covers yet. */
export function uncoveredTargets(snapshot: SpecSnapshot): TraceTarget[] {
  const tasks = snapshot.tasks?.allTasks ?? [];
  if (tasks.some((t) => t.referencesAll)) return [];
  const targets = allTargets(snapshot);
  const byId = new Map(targets.map((t) => [t.id, t]));
  const covered = new Set<string>();
  for (const task of tasks) for (const ref of task.references) for (const id of byId.get(ref.id)?.covers ?? []) covered.add(id);
  return targets.filter((t) => t.coverable && !covered.has(t.id));
}
