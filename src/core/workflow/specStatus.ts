import type { Remedy } from '../remedy';
import { hashText, type SpecState } from './approvalState';
import type { PhaseTexts } from './phaseLint';
import { phaseFileName, phaseOrder, type PhaseName, type SpecFlow, type SpecType } from './phases';

export interface PhaseStatus {
  phase: PhaseName;
  /** "requirements.md", "design.md", … */
  file: string;
  exists: boolean;
  status: 'missing' | 'draft' | 'approved';
  approvedAt?: string;
  /** The file is not what Specwright last wrote to it: edited by hand, or never written by Specwright. */
  edited: boolean;
  /** Earlier phases whose files changed after this one was generated from them. */
  staleBecause: PhaseName[];
}

export interface SpecStatus {
  name: string;
  type: SpecType;
  flow: SpecFlow;
  /** False for a spec Specwright has no approval state for yet (written by hand or by Kiro). */
  tracked: boolean;
  phases: PhaseStatus[];
  /** The phase under review: the last one before the first missing phase. */
  current: PhaseName | null;
  /** The phase `advance` writes next: the first missing one. */
  next: PhaseName | null;
  /** Every phase is written and approved. */
  complete: boolean;
  /** Things to tell the user, e.g. that a phase may be stale, each with what to do about it. */
  notices: SpecNotice[];
}

export interface SpecNotice {
  message: string;
  remedy?: Remedy;
}

/**
 * Approval state for a spec Specwright did not create: the type and flow are read off the files,
 * and every file counts as an unapproved draft that Specwright did not write.
 */
export function adoptSpecState(texts: PhaseTexts): SpecState {
  const type: SpecType = texts.bugfix !== undefined ? 'bugfix' : 'feature';
  const flow: SpecFlow = type === 'feature' && texts.design !== undefined && texts.requirements === undefined ? 'design-first' : 'requirements-first';
  const state: SpecState = { version: 1, type, flow, phases: {} };
  for (const phase of phaseOrder(type, flow)) {
    if (texts[phase] !== undefined) state.phases[phase] = { status: 'draft', generatedHash: null, basedOn: {} };
  }
  return state;
}

export function computeSpecStatus(name: string, state: SpecState, texts: PhaseTexts, tracked: boolean): SpecStatus {
  const order = phaseOrder(state.type, state.flow);
  const phases = order.map((phase): PhaseStatus => {
    const text = texts[phase];
    const recorded = state.phases[phase];
    const file = phaseFileName(phase);
    if (text === undefined) return { phase, file, exists: false, status: 'missing', edited: false, staleBecause: [] };
    const staleBecause = order.filter((input) => {
      const basedOn = recorded?.basedOn[input];
      const inputText = texts[input];
      return basedOn !== undefined && (inputText === undefined || hashText(inputText) !== basedOn);
    });
    return {
      phase,
      file,
      exists: true,
      status: recorded?.status ?? 'draft',
      ...(recorded?.approvedAt ? { approvedAt: recorded.approvedAt } : {}),
      edited: !recorded?.generatedHash || recorded.generatedHash !== hashText(text),
      staleBecause,
    };
  });
  const firstMissing = phases.findIndex((p) => !p.exists);
  const next = firstMissing < 0 ? null : order[firstMissing]!;
  const currentIndex = firstMissing < 0 ? order.length - 1 : firstMissing - 1;
  const current = currentIndex >= 0 ? order[currentIndex]! : null;
  const notices = phases
    .filter((p) => p.staleBecause.length)
    .map((p): SpecNotice => ({
      message: `${p.file} may be stale: ${p.staleBecause.map(phaseFileName).join(' and ')} changed after it was generated.`,
      remedy: { kind: 'regeneratePhase', spec: name, phase: p.phase },
    }));
  return {
    name,
    type: state.type,
    flow: state.flow,
    tracked,
    phases,
    current,
    next,
    complete: phases.every((p) => p.status === 'approved'),
    notices,
  };
}
