import { listSpecs, SpecNotFoundError } from '../spec';
import { readSpecState, type SpecState } from './approvalState';
import { SpecAlreadyExistsError, SpecWorkflowInputError } from './errors';
import { validateExistingSpecName, validateNewSpecName, validateSpecFlow, validateSpecType } from './names';
import { isPhaseName, PHASES, phaseFileName, phaseOrder, type PhaseName, type SpecFlow, type SpecType } from './phases';
import type { PhaseTexts } from './phaseLint';
import { readPhaseTexts } from './specFiles';
import { adoptSpecState, computeSpecStatus, type SpecStatus } from './specStatus';
import { WorkflowSession, type PhaseOutcome, type WorkflowEnvironment } from './workflowSession';

export interface CreateSpecOptions extends WorkflowEnvironment {
  /** Kebab-case; becomes the folder `.kiro/specs/<name>/`. */
  name: string;
  /** The feature idea, or for a bugfix spec the bug report. */
  idea: string;
  /** Default 'feature'. */
  type?: SpecType;
  /** Default 'requirements-first'. */
  flow?: SpecFlow;
  /**
   * Write phases up to and including this one, approving the ones before it. Default: the first
   * phase of the flow (all of them for `quick`). 'requirements' means bugfix.md for a bugfix spec.
   */
  through?: PhaseName;
}

export interface AdvanceOptions extends WorkflowEnvironment {
  name: string;
  /** Revise the current phase (or `regenerate`'s phase) as this asks, instead of approving it. */
  feedback?: string;
  /** Write this phase again from the phases before it. */
  regenerate?: PhaseName;
  /** Allow replacing a file that was edited after Specwright wrote it. */
  force?: boolean;
}

export interface SpecWorkflowResult {
  name: string;
  /** The documents written by this call, in order. */
  outcomes: PhaseOutcome[];
  /** The phases this call approved, in order. */
  approved: PhaseName[];
  /** The spec after the call, with its notices (stale phases). */
  status: SpecStatus;
}

/**
 * Starts a spec from an idea: writes its first phase (or every phase up to `through`, approving
 * each one before the next; `quick` writes and approves them all). Refuses a name that is taken.
 */
export async function createSpec(options: CreateSpecOptions): Promise<SpecWorkflowResult> {
  const name = validateNewSpecName(options.name);
  const idea = options.idea.trim();
  if (!idea) throw new SpecWorkflowInputError('idea', 'The idea is empty: describe the feature (or, for a bugfix spec, the bug) in a sentence or more.');
  const type = validateSpecType(options.type ?? 'feature');
  const flow = validateSpecFlow(options.flow ?? 'requirements-first');
  if (type === 'bugfix' && flow === 'design-first') {
    throw new SpecWorkflowInputError('flow', 'A bugfix spec starts from bugfix.md, so flow must be requirements-first or quick, not design-first.');
  }
  const order = phaseOrder(type, flow);
  const last = resolveThrough(options.through, type, flow, order);

  const texts = await readPhaseTexts(options.workspace, name);
  const present = PHASES.filter((p) => texts[p] !== undefined);
  if (present.length) throw new SpecAlreadyExistsError(name, present.map(phaseFileName));

  const state: SpecState = { version: 1, type, flow, idea, phases: {} };
  const session = new WorkflowSession(options, name, state, texts);
  for (const phase of order.slice(0, order.indexOf(last) + 1)) {
    await session.approve(order.slice(0, order.indexOf(phase)));
    await session.writePhase(phase, 'generate');
  }
  if (flow === 'quick') await session.approve(order);
  return result(session);
}

/**
 * Moves a spec on. With feedback: revises the current phase (or `regenerate`'s) as asked. With
 * `regenerate` alone: writes that phase again from the ones before it. Otherwise: approves every
 * written phase and writes the next missing one. Later phases are never rewritten on their own:
 * when an earlier file changed after they were written, the status says they may be stale.
 */
export async function advance(options: AdvanceOptions): Promise<SpecWorkflowResult> {
  const name = validateExistingSpecName(options.name);
  const spec = await loadWorkflowSpec(options.workspace, name);
  const session = new WorkflowSession(options, name, spec.state, spec.texts);
  const before = spec.status;
  const regenerate = options.regenerate === undefined ? undefined : resolvePhase(options.regenerate, session.state, 'regenerate');

  if (options.feedback !== undefined) {
    if (!options.feedback.trim()) throw new SpecWorkflowInputError('feedback', 'The feedback is empty: say what to change in the document.');
    const target = regenerate ?? before.current;
    if (!target || session.texts[target] === undefined) {
      throw new SpecWorkflowInputError('feedback', `Spec "${name}" has no ${target ? phaseFileName(target) : 'document'} to revise yet; write it first.`, { kind: 'nextPhase', spec: name });
    }
    await session.writePhase(target, 'refine', { feedback: options.feedback });
  } else if (regenerate) {
    await session.writePhase(regenerate, 'regenerate', { force: options.force === true });
  } else {
    await session.approve(before.next ? session.order.slice(0, session.order.indexOf(before.next)) : session.order);
    if (before.next) await session.writePhase(before.next, 'generate');
  }
  return result(session);
}

/** Where a spec stands: each phase's status, what `advance` does next, and stale phases. */
export async function status(workspace: string, name: string): Promise<SpecStatus> {
  validateExistingSpecName(name);
  return (await loadWorkflowSpec(workspace, name)).status;
}

/** The spec's files and approval state; a spec Specwright has not tracked yet is adopted as it stands. */
async function loadWorkflowSpec(workspace: string, name: string): Promise<{ state: SpecState; texts: PhaseTexts; status: SpecStatus }> {
  const texts = await readPhaseTexts(workspace, name);
  const recorded = await readSpecState(workspace, name);
  if (!recorded && Object.keys(texts).length === 0) throw new SpecNotFoundError(name, (await listSpecs(workspace)).map((s) => s.name));
  const state = recorded ?? adoptSpecState(texts);
  return { state, texts, status: computeSpecStatus(name, state, texts, recorded !== null) };
}

function result(session: WorkflowSession): SpecWorkflowResult {
  return {
    name: session.name,
    outcomes: session.outcomes,
    approved: session.approved,
    status: computeSpecStatus(session.name, session.state, session.texts, true),
  };
}

function resolveThrough(through: PhaseName | undefined, type: SpecType, flow: SpecFlow, order: PhaseName[]): PhaseName {
  if (through === undefined) return flow === 'quick' ? order[order.length - 1]! : order[0]!;
  const phase = resolvePhaseIn(through, type, order, 'through');
  if (flow === 'quick' && phase !== order[order.length - 1]) {
    throw new SpecWorkflowInputError('through', `The quick flow writes every phase at once, so through must be left out (or be tasks); a step-by-step flow can stop after ${phaseFileName(phase)}.`, {
      kind: 'chooseStepwiseFlow',
      flows: type === 'bugfix' ? ['requirements-first'] : ['requirements-first', 'design-first'],
    });
  }
  return phase;
}

function resolvePhase(value: string, state: SpecState, field: string): PhaseName {
  return resolvePhaseIn(value, state.type, phaseOrder(state.type, state.flow), field);
}

/** 'requirements' stands for bugfix.md in a bugfix spec: it is that spec's requirements phase. */
function resolvePhaseIn(value: string, type: SpecType, order: PhaseName[], field: string): PhaseName {
  const phase = type === 'bugfix' && value === 'requirements' ? 'bugfix' : value;
  if (isPhaseName(phase) && order.includes(phase)) return phase;
  throw new SpecWorkflowInputError(field, `${field} "${value}" is not a phase of this ${type} spec: ${field} must be one of ${order.join(', ')}.`);
}
