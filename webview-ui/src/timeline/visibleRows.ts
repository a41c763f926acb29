import { stepSummary } from './stepSummary';
import { stepCategories, type Step, type StepCategory } from './steps';

export type KindFilter = 'all' | StepCategory;
export const KIND_FILTERS: readonly KindFilter[] = ['all', 'edits', 'commands', 'errors'];

/** One row of the virtual list: a step, at the depth of its sub-agent nesting. */
export interface Row {
  step: Step;
  depth: number;
}

const searchTexts = new WeakMap<Step, string>();

/**
 * The lower-cased text a search matches: the step's one-line summary (words the row shows, like
 * "Blocked") and every string in its events. Steps are immutable, so it is computed once per step.
 */
export function searchText(step: Step): string {
  let text = searchTexts.get(step);
  if (text === undefined) {
    const parts: string[] = [stepSummary(step)];
    switch (step.kind) {
      case 'command':
        collectStrings(step.start, parts);
        for (const chunk of step.output) parts.push(chunk.text);
        break;
      case 'tool':
        collectStrings(step.call, parts);
        if (step.result) collectStrings(step.result, parts);
        break;
      case 'approval':
        collectStrings(step.request, parts);
        if (step.resolution) parts.push(step.resolution.outcome, step.resolution.note ?? '');
        break;
      case 'hook':
      case 'subagent':
        collectStrings(step.start, parts);
        if (step.finish) collectStrings(step.finish, parts);
        break;
      case 'event':
        collectStrings(step.event, parts);
        break;
    }
    text = parts.join('\n').toLowerCase();
    searchTexts.set(step, text);
  }
  return text;
}

const skippedFields = new Set(['runId', 'time', 'parentId']);

function collectStrings(value: unknown, into: string[], field = ''): void {
  if (skippedFields.has(field)) return;
  if (typeof value === 'string') into.push(value.replace(/_/g, ' '));
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, into);
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) collectStrings(v, into, k);
}

export function stepMatches(step: Step, kind: KindFilter, query: string): boolean {
  if (kind !== 'all' && !stepCategories(step).includes(kind)) return false;
  return query === '' || searchText(step).includes(query);
}

/**
 * Flattens the steps the filter keeps into rows. A step stays when it or one of its sub-agent steps
 * matches; an open fold lists its children as rows of their own, so long sub-agent runs are virtualised too.
 */
export function visibleRows(steps: readonly Step[], kind: KindFilter, search: string, isFoldOpen: (step: Step) => boolean): Row[] {
  const query = search.trim().toLowerCase();
  const filtering = kind !== 'all' || query !== '';
  const rows: Row[] = [];
  const walk = (level: readonly Step[], depth: number): void => {
    for (const step of level) {
      if (filtering && !subtreeMatches(step, kind, query)) continue;
      rows.push({ step, depth });
      if (step.children.length > 0 && isFoldOpen(step)) walk(step.children, depth + 1);
    }
  };
  walk(steps, 0);
  return rows;
}

function subtreeMatches(step: Step, kind: KindFilter, query: string): boolean {
  return stepMatches(step, kind, query) || step.children.some((child) => subtreeMatches(child, kind, query));
}

/** A use_subagent call shows its lanes (which are running) until the reader folds it; other folds start closed. */
export function foldOpenByDefault(step: Step): boolean {
  return step.kind === 'tool' && step.call.tool === 'use_subagent';
}

/** How many top-level steps each filter button would show. */
export function countByKind(steps: readonly Step[]): Record<KindFilter, number> {
  const counts: Record<KindFilter, number> = { all: steps.length, edits: 0, commands: 0, errors: 0 };
  for (const step of steps) for (const category of stepCategories(step)) counts[category] += 1;
  return counts;
}
