import { SPEC_FILE_NAMES } from '../spec';

export const SPEC_TYPES = ['feature', 'bugfix'] as const;
export type SpecType = (typeof SPEC_TYPES)[number];

/**
 * `requirements-first` and `design-first` stop for approval after each phase; `quick` writes every
 * phase in one go. A bugfix spec always starts from bugfix.md, so it is requirements-first or quick.
 */
export const SPEC_FLOWS = ['requirements-first', 'design-first', 'quick'] as const;
export type SpecFlow = (typeof SPEC_FLOWS)[number];

export const PHASES = ['requirements', 'bugfix', 'design', 'tasks'] as const;
export type PhaseName = (typeof PHASES)[number];

/** The phases of a spec in the order they are written and approved. */
export function phaseOrder(type: SpecType, flow: SpecFlow): PhaseName[] {
  if (type === 'bugfix') return ['bugfix', 'design', 'tasks'];
  if (flow === 'design-first') return ['design', 'requirements', 'tasks'];
  return ['requirements', 'design', 'tasks'];
}

/** The phases a phase is written from: every phase before it in the flow. */
export function phaseInputs(order: readonly PhaseName[], phase: PhaseName): PhaseName[] {
  const at = order.indexOf(phase);
  return at < 0 ? [] : order.slice(0, at);
}

export function phaseFileName(phase: PhaseName): string {
  return SPEC_FILE_NAMES[phase];
}

export function isPhaseName(value: string): value is PhaseName {
  return (PHASES as readonly string[]).includes(value);
}
