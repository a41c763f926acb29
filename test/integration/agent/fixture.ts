import { mathsFiles } from '../../support/mathsProject';
import { makeWorkspace } from '../../support/workspace';

export { BROKEN_SUM, REQUIREMENTS, TASKS, WORKING_SUM } from '../../support/mathsProject';

/** The maths project in a fresh git repository. */
export function mathsWorkspace(extra: Record<string, string> = {}): string {
  return makeWorkspace(mathsFiles(extra), { git: true });
}
