import type { Diagnostic } from '../spec';
import { completeText, ModelError, type ModelProvider } from '../model';
import { extractDocument } from './documentText';
import { EmptyDocumentError, PhaseCutOffError } from './errors';
import { lintPhaseDocument, needsRepair, type PhaseTexts } from './phaseLint';
import { phaseFileName, type PhaseName } from './phases';
import { generationPrompt, refinementPrompt, repairPrompt, type PromptContext } from './promptBuilder';
import { SYSTEM_PROMPT } from './prompts';

export interface DraftRequest {
  phase: PhaseName;
  ctx: PromptContext;
  /** The spec's other files, to lint the draft against the spec as it would be. */
  others: PhaseTexts;
  /** Revise this text as the feedback asks, instead of writing the document afresh. */
  refine?: { current: string; feedback: string };
  provider: ModelProvider;
  signal: AbortSignal;
  /** Told before the repair round, with the problems being sent back. */
  onRepair?: (diagnostics: Diagnostic[]) => void;
  /** Told when the answer stopped at the output limit and the rest is being asked for. */
  onContinue?: (round: number, of: number) => void;
}

/** Requests for the rest of a document cut at the output limit, before giving up on it. */
export const MAX_CONTINUATIONS = 3;

export interface PhaseDraft {
  text: string;
  /** What the lint still reports about the final text. */
  diagnostics: Diagnostic[];
  /** True when the first answer failed the lint and a repair round was made. */
  repaired: boolean;
  /** What the lint reported about the model's first answer. */
  firstDiagnostics: Diagnostic[];
}

/**
 * Asks the model for a phase document, lints it, and when the lint finds errors or warnings sends
 * them back once for a corrected document. One round only: a second rarely helps and doubles the
 * wait, so whatever remains is shown to the user instead.
 */
export async function draftPhaseDocument(request: DraftRequest): Promise<PhaseDraft> {
  const { phase, ctx } = request;
  const prompt = request.refine ? refinementPrompt(phase, ctx, request.refine.current, request.refine.feedback) : generationPrompt(phase, ctx);
  const first = await ask(request, prompt);
  const firstDiagnostics = lintPhaseDocument(phase, first, request.others);
  if (!needsRepair(firstDiagnostics)) return { text: first, diagnostics: firstDiagnostics, repaired: false, firstDiagnostics };

  request.onRepair?.(firstDiagnostics);
  const repaired = await ask(request, repairPrompt(phase, ctx, first, firstDiagnostics));
  return { text: repaired, diagnostics: lintPhaseDocument(phase, repaired, request.others), repaired: true, firstDiagnostics };
}

async function ask(request: DraftRequest, prompt: string): Promise<string> {
  const { phase, provider, signal } = request;
  let reply: string;
  try {
    reply = await completeText(provider, {
      system: SYSTEM_PROMPT,
      prompt,
      signal,
      continuations: MAX_CONTINUATIONS,
      ...(request.onContinue ? { onContinuation: request.onContinue } : {}),
    });
  } catch (error) {
    if (error instanceof ModelError && error.code === 'output_truncated') throw new PhaseCutOffError(request.ctx.specName, phase, phaseFileName(phase), error.message);
    throw error;
  }
  const text = extractDocument(reply);
  if (!text) throw new EmptyDocumentError(phaseFileName(phase), request.ctx.specName, phase);
  return text;
}
