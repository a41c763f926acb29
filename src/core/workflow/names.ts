import { SpecWorkflowInputError } from './errors';
import { SPEC_FLOWS, SPEC_TYPES, type SpecFlow, type SpecType } from './phases';

const KEBAB_CASE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_NAME_LENGTH = 80;

/**
 * A new spec's name becomes a folder under .kiro/specs/, so it must be kebab-case: nothing that
 * could climb out of the folder, and the same spelling Kiro gives its specs.
 */
export function validateNewSpecName(name: string): string {
  validateExistingSpecName(name);
  if (!KEBAB_CASE.test(name) || name.length > MAX_NAME_LENGTH) {
    throw new SpecWorkflowInputError('name',
      `Spec name "${name}" is not valid: name must be kebab-case (lower-case letters and digits joined by single hyphens, e.g. "user-login"), at most ${MAX_NAME_LENGTH} characters.`);
  }
  return name;
}

/**
 * An existing spec may have been named by hand or by Kiro, so only what makes it unsafe as one
 * folder name is refused.
 */
export function validateExistingSpecName(name: string): string {
  if (name.trim() === '') throw new SpecWorkflowInputError('name', 'Spec name is empty: name must be the spec\'s folder name under .kiro/specs/, e.g. "user-login".');
  if (/[\\/]/.test(name) || name === '.' || name === '..' || name.includes('\0')) {
    throw new SpecWorkflowInputError('name', `Spec name "${name}" is not valid: name must be one folder name under .kiro/specs/, without "/" or "\\".`);
  }
  return name;
}

export function validateSpecType(value: string): SpecType {
  if ((SPEC_TYPES as readonly string[]).includes(value)) return value as SpecType;
  throw new SpecWorkflowInputError('type', `Spec type "${value}" is not valid: type must be one of ${SPEC_TYPES.join(', ')}.`);
}

export function validateSpecFlow(value: string): SpecFlow {
  if ((SPEC_FLOWS as readonly string[]).includes(value)) return value as SpecFlow;
  throw new SpecWorkflowInputError('flow', `Spec flow "${value}" is not valid: flow must be one of ${SPEC_FLOWS.join(', ')}.`);
}
