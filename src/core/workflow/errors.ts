import type { Remedy } from '../remedy';

/**
 * Errors meant for people: each says what happened and where; what to do next is a typed remedy
 * that the CLI words as a command to type and VS Code as a button or a command.
 */

/** A value given to the workflow (name, idea, type, flow, phase) cannot be used. */
export class SpecWorkflowInputError extends Error {
  constructor(
    /** The option at fault, e.g. "name" or "through". */
    readonly field: string,
    message: string,
    readonly remedy?: Remedy,
  ) {
    super(message);
    this.name = 'SpecWorkflowInputError';
  }
}

/** `createSpec` for a name whose folder already holds spec files. */
export class SpecAlreadyExistsError extends Error {
  readonly remedy: Remedy;

  constructor(
    readonly spec: string,
    readonly files: string[],
  ) {
    super(`Spec "${spec}" already exists in .kiro/specs/${spec}/ (${files.join(', ')}): continue it, or choose another name.`);
    this.name = 'SpecAlreadyExistsError';
    this.remedy = { kind: 'nextPhase', spec };
  }
}

/**
 * Generating a phase would replace a file the user changed after Specwright wrote it (or that
 * Specwright never wrote). Nothing was written.
 */
export class PhaseFileEditedError extends Error {
  readonly remedy: Remedy;

  constructor(
    readonly spec: string,
    readonly file: string,
    readonly writtenBySpecwright: boolean,
    phase: string,
  ) {
    const why = writtenBySpecwright ? 'was edited after Specwright generated it' : 'was not written by Specwright';
    super(`.kiro/specs/${spec}/${file} ${why}, so regenerating it would overwrite that text; nothing was written.`);
    this.name = 'PhaseFileEditedError';
    this.remedy = { kind: 'replaceEditedPhase', spec, phase };
  }
}

/** The spec's approval state file exists but cannot be used as written. */
export class WorkflowStateError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}; fix the file, or delete it to let Specwright rebuild it from the spec files.`);
    this.name = 'WorkflowStateError';
  }
}

/** The model's answer held no document. */
export class EmptyDocumentError extends Error {
  readonly remedy: Remedy;

  constructor(
    readonly file: string,
    spec: string,
    phase: string,
  ) {
    super(`The model returned no text for ${file}; nothing was written. Try again, or refine the request.`);
    this.name = 'EmptyDocumentError';
    this.remedy = { kind: 'reviseWithFeedback', spec, phase };
  }
}

/** The model's document stopped at the output limit even after asking for the rest. Nothing was written. */
export class PhaseCutOffError extends Error {
  readonly remedy: Remedy;

  constructor(
    readonly spec: string,
    readonly phase: string,
    readonly file: string,
    detail: string,
  ) {
    super(
      `The ${phase} document .kiro/specs/${spec}/${file} could not be written: the model's answer was cut off. ${detail} Nothing was written. ` +
        'Raise model.maxTokens in .kiro/settings.json, or ask for a shorter document (a narrower idea, or feedback asking for less).',
    );
    this.name = 'PhaseCutOffError';
    this.remedy = { kind: 'reviseWithFeedback', spec, phase };
  }
}
