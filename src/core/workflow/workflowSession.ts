import type { Diagnostic } from '../spec';
import type { OwnWriteRecorder } from '../fs';
import type { ModelProvider } from '../model';
import { loadSteering, steeringForContext } from '../steering';
import { hashText, writeSpecState, type SpecState } from './approvalState';
import { detectPropertyTestLibrary, surveyCodebase, type CodebaseSurvey, type PropertyTestLibrary } from './codebaseSurvey';
import { DEFAULT_CONTEXT_TOKENS } from './contextBudget';
import { PhaseFileEditedError, SpecWorkflowInputError } from './errors';
import { draftPhaseDocument } from './phaseDraft';
import type { PhaseTexts } from './phaseLint';
import { phaseFileName, phaseInputs, phaseOrder, type PhaseName } from './phases';
import type { PromptContext } from './promptBuilder';
import { specFileLabel, writePhaseFile } from './specFiles';

export type PhaseAction = 'generate' | 'regenerate' | 'refine';

/** What the workflow reports while it works; the CLI prints it, the extension shows it. */
export type SpecWorkflowProgress =
  | { type: 'phase_started'; phase: PhaseName; file: string; action: PhaseAction }
  | { type: 'phase_repairing'; phase: PhaseName; file: string; diagnostics: Diagnostic[] }
  /** The answer stopped at the output limit; the model is asked for the rest (round `round` of `of`). */
  | { type: 'phase_continuing'; phase: PhaseName; file: string; round: number; of: number }
  | { type: 'phase_written'; phase: PhaseName; file: string; path: string; diagnostics: Diagnostic[]; repaired: boolean }
  | { type: 'phase_approved'; phase: PhaseName; file: string };

/** What every workflow call needs from its host. */
export interface WorkflowEnvironment {
  workspace: string;
  provider: ModelProvider;
  signal: AbortSignal;
  onProgress?: (progress: SpecWorkflowProgress) => void;
  /** Token budget for the context sent with each request; default DEFAULT_CONTEXT_TOKENS. */
  contextTokens?: number;
  /** Where user-level steering lives (`<home>/.kiro/steering`); default the user's home. */
  steeringHome?: string;
  /** Where the files the workflow writes are recorded as Specwright's own (the host's checkpoint store). */
  ownWrites?: OwnWriteRecorder;
}

export interface PhaseOutcome {
  phase: PhaseName;
  action: PhaseAction;
  /** `.kiro/specs/<name>/<file>`. */
  file: string;
  /** Absolute path written. */
  path: string;
  repaired: boolean;
  /** What the lint reported about the model's first answer. */
  firstDiagnostics: Diagnostic[];
  /** What the lint still reports about the file as written. */
  diagnostics: Diagnostic[];
}

/**
 * One workflow call on one spec: its approval state and file texts, kept in step as phases are
 * written and approved. The state is saved after every write so a later failure loses nothing.
 */
export class WorkflowSession {
  readonly outcomes: PhaseOutcome[] = [];
  readonly approved: PhaseName[] = [];
  private steering: PromptContext['steering'] | null = null;
  private codebase: CodebaseSurvey | null = null;
  private propertyTests: PropertyTestLibrary | null | undefined;

  constructor(
    private readonly env: WorkflowEnvironment,
    readonly name: string,
    readonly state: SpecState,
    readonly texts: PhaseTexts,
  ) {}

  get order(): PhaseName[] {
    return phaseOrder(this.state.type, this.state.flow);
  }

  /** Marks each phase approved, in flow order; already approved ones are left as they were. */
  async approve(phases: PhaseName[]): Promise<void> {
    let changed = false;
    for (const phase of phases) {
      const recorded = this.state.phases[phase];
      if (!recorded || recorded.status === 'approved') continue;
      recorded.status = 'approved';
      recorded.approvedAt = new Date().toISOString();
      this.approved.push(phase);
      changed = true;
      this.env.onProgress?.({ type: 'phase_approved', phase, file: specFileLabel(this.name, phase) });
    }
    if (changed) await writeSpecState(this.env.workspace, this.name, this.state, this.env.ownWrites);
  }

  /**
   * Writes a phase with the model. Generating over an existing file is refused unless the file is
   * exactly what Specwright last wrote there, or `force` is set; refining starts from the file's
   * current text, edits included, so it never loses them.
   */
  async writePhase(phase: PhaseName, action: PhaseAction, options: { feedback?: string; force?: boolean } = {}): Promise<PhaseOutcome> {
    const existing = this.texts[phase];
    const file = specFileLabel(this.name, phase);
    if (action !== 'refine' && existing !== undefined && !options.force) {
      const generatedHash = this.state.phases[phase]?.generatedHash ?? null;
      if (generatedHash !== hashText(existing)) throw new PhaseFileEditedError(this.name, phaseFileName(phase), generatedHash !== null, phase);
    }
    const inputs = phaseInputs(this.order, phase);
    const missing = inputs.filter((p) => this.texts[p] === undefined);
    if (missing.length && action !== 'refine') {
      throw new SpecWorkflowInputError('phase', `Cannot write ${phaseFileName(phase)} for spec "${this.name}": ${missing.map(phaseFileName).join(' and ')} does not exist yet; the phases are written in order.`, { kind: 'nextPhase', spec: this.name });
    }
    if (inputs.length === 0 && action !== 'refine' && !this.state.idea?.trim()) {
      throw new SpecWorkflowInputError('idea', `Spec "${this.name}" has no recorded idea to write ${phaseFileName(phase)} from; revise the file instead.`, { kind: 'reviseWithFeedback', spec: this.name, phase });
    }

    this.env.onProgress?.({ type: 'phase_started', phase, file, action });
    const available = inputs.filter((p) => this.texts[p] !== undefined);
    const ctx = await this.promptContext(phase, available);
    const others: PhaseTexts = { ...this.texts };
    delete others[phase];
    const draft = await draftPhaseDocument({
      phase,
      ctx,
      others,
      provider: this.env.provider,
      signal: this.env.signal,
      ...(action === 'refine' ? { refine: { current: existing ?? '', feedback: options.feedback ?? '' } } : {}),
      onRepair: (diagnostics) => this.env.onProgress?.({ type: 'phase_repairing', phase, file, diagnostics }),
      onContinue: (round, of) => this.env.onProgress?.({ type: 'phase_continuing', phase, file, round, of }),
    });

    const path = await writePhaseFile(this.env.workspace, this.name, phase, draft.text, existing ?? null, this.env.ownWrites);
    this.texts[phase] = draft.text;
    this.state.phases[phase] = {
      status: 'draft',
      generatedHash: hashText(draft.text),
      generatedAt: new Date().toISOString(),
      basedOn: Object.fromEntries(available.map((p) => [p, hashText(this.texts[p]!)])),
    };
    await writeSpecState(this.env.workspace, this.name, this.state, this.env.ownWrites);

    const outcome: PhaseOutcome = { phase, action, file, path, repaired: draft.repaired, firstDiagnostics: draft.firstDiagnostics, diagnostics: draft.diagnostics };
    this.outcomes.push(outcome);
    this.env.onProgress?.({ type: 'phase_written', phase, file, path, diagnostics: draft.diagnostics, repaired: draft.repaired });
    return outcome;
  }

  private async promptContext(phase: PhaseName, inputs: PhaseName[]): Promise<PromptContext> {
    this.steering ??= await this.loadSteering();
    if (phase === 'design') this.codebase ??= await surveyCodebase(this.env.workspace);
    if (phase === 'tasks' && this.propertyTests === undefined) this.propertyTests = await detectPropertyTestLibrary(this.env.workspace);
    return {
      specName: this.name,
      type: this.state.type,
      ...(this.state.idea ? { idea: this.state.idea } : {}),
      steering: this.steering,
      ...(phase === 'design' && this.codebase ? { codebase: this.codebase } : {}),
      ...(phase === 'tasks' ? { propertyTests: this.propertyTests ?? null } : {}),
      earlier: inputs.map((p) => ({ phase: p, text: this.texts[p]! })),
      contextTokens: this.env.contextTokens ?? DEFAULT_CONTEXT_TOKENS,
    };
  }

  private async loadSteering(): Promise<PromptContext['steering']> {
    const { docs } = await loadSteering(this.env.workspace, this.env.steeringHome !== undefined ? { home: this.env.steeringHome } : {});
    return steeringForContext(docs).map((d) => ({ source: d.source, body: d.body }));
  }
}
