import { lintSpec, parseBugfix, parseDesign, parseRequirements, parseTasks, type Diagnostic, type SpecDocuments } from '../spec';
import { phaseFileName, type PhaseName } from './phases';

export type PhaseTexts = Partial<Record<PhaseName, string>>;

/**
 * The diagnostics a newly written phase document is answerable for, linting the spec as it would
 * be with that document in place. Problems in the other files are left out (they are not this
 * document's to fix), except that criteria no task covers and properties no task writes a test
 * for are the tasks document's doing.
 */
export function lintPhaseDocument(phase: PhaseName, text: string, others: PhaseTexts): Diagnostic[] {
  const texts: PhaseTexts = { ...others, [phase]: text };
  const file = phaseFileName(phase);
  return lintSpec(parseAll(texts)).filter((d) => {
    if (d.code === 'uncovered-criterion' || d.code === 'property-without-test-task') return phase === 'tasks';
    return d.file === file;
  });
}

/** Errors and warnings (EARS form, dangling references, uncovered criteria, numbering) earn a repair round; info does not. */
export function needsRepair(diagnostics: Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error' || d.severity === 'warning');
}

/** "clean", "2 warnings", "1 error, 3 info". */
export function summariseDiagnostics(diagnostics: Diagnostic[]): string {
  const count = (severity: Diagnostic['severity']) => diagnostics.filter((d) => d.severity === severity).length;
  const parts: string[] = [];
  const errors = count('error');
  const warnings = count('warning');
  const info = count('info');
  if (errors) parts.push(`${errors} error${errors === 1 ? '' : 's'}`);
  if (warnings) parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
  if (info) parts.push(`${info} info`);
  return parts.length ? parts.join(', ') : 'clean';
}

function parseAll(texts: PhaseTexts): SpecDocuments {
  const docs: SpecDocuments = {};
  if (texts.requirements !== undefined) docs.requirements = parseRequirements(texts.requirements, { file: phaseFileName('requirements') });
  if (texts.bugfix !== undefined) docs.bugfix = parseBugfix(texts.bugfix, { file: phaseFileName('bugfix') });
  if (texts.design !== undefined) docs.design = parseDesign(texts.design, { file: phaseFileName('design') });
  if (texts.tasks !== undefined) docs.tasks = parseTasks(texts.tasks, { file: phaseFileName('tasks') });
  return docs;
}
