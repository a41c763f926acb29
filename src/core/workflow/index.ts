/**
 * The spec workflow: an idea becomes requirements.md (or bugfix.md) → design.md → tasks.md in
 * Kiro's format, written by the model, linted (with one repair round), and approved phase by phase.
 * Approval state lives in `.kiro/.specwright/specs/<name>.json`, never in the spec files.
 */
export { createSpec, advance, status, type CreateSpecOptions, type AdvanceOptions, type SpecWorkflowResult } from './specWorkflow';
export type { WorkflowEnvironment, SpecWorkflowProgress, PhaseOutcome, PhaseAction } from './workflowSession';
export type { SpecStatus, PhaseStatus, SpecNotice } from './specStatus';
export { PHASES, SPEC_TYPES, SPEC_FLOWS, phaseOrder, phaseFileName, isPhaseName, type PhaseName, type SpecType, type SpecFlow } from './phases';
export { validateNewSpecName, validateExistingSpecName, validateSpecType, validateSpecFlow } from './names';
export { SpecWorkflowInputError, SpecAlreadyExistsError, PhaseFileEditedError, PhaseCutOffError, WorkflowStateError, EmptyDocumentError } from './errors';
export { specStateSchema, stateFilePath, STATE_FOLDER, type SpecState, type PhaseState } from './approvalState';
export { extractDocument } from './documentText';
export { surveyCodebase, detectPropertyTestLibrary, DEFAULT_TREE_ENTRIES, type CodebaseSurvey, type PropertyTestLibrary } from './codebaseSurvey';
export { DEFAULT_CONTEXT_TOKENS, estimateTokens } from './contextBudget';
export { lintPhaseDocument, summariseDiagnostics } from './phaseLint';

import { advance, createSpec, status } from './specWorkflow';

/** The workflow as one object, for hosts that take it as a port (and tests that pass their own). */
export const SpecWorkflow = { createSpec, advance, status } as const;
export type SpecWorkflowApi = typeof SpecWorkflow;
