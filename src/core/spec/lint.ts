import { compareDiagnostics, diagnosticAt } from './diagnostics';
import { dependencyDiagnostics } from './dependencies';
import { earsTemplate } from './ears';
import { checkNumbering } from './numbering';
import { taskLikeLineDiagnostics } from './taskLikeLines';
import type { SourceText } from './sourceText';
import { checkEvidence, checkPropertyReferences, checkPropertyTestTasks, checkTaskTraceability, collectTargets } from './traceability';
import type { BugfixDocument, DesignDocument, Diagnostic, EarsClassification, RequirementsDocument, SourceRange, SpecEvidence, TasksDocument } from './types';

/** The parsed files of one spec; any of them may be missing. */
export interface SpecDocuments {
  requirements?: RequirementsDocument | null;
  design?: DesignDocument | null;
  tasks?: TasksDocument | null;
  bugfix?: BugfixDocument | null;
}

/**
 * Every diagnostic for a spec, sorted by file and position: what the parsers could not place,
 * numbering, EARS form, vague wording, lines meant as tasks that are not checkboxes, traceability
 * between tasks, criteria and properties, and properties without a test task. With `evidence`
 * (src/core/trace), also done tasks whose criteria no test covers and tasks that are drifting.
 * The CLI, the Lint Specs command and the language server all lint through here.
 */
export function lintSpec(spec: SpecDocuments, evidence?: SpecEvidence): Diagnostic[] {
  const requirements = spec.requirements ?? null;
  const design = spec.design ?? null;
  const tasks = spec.tasks ?? null;
  const bugfix = spec.bugfix ?? null;
  const out: Diagnostic[] = [];
  for (const doc of [requirements, design, tasks, bugfix]) if (doc) out.push(...doc.diagnostics);
  if (requirements) out.push(...lintRequirements(requirements));
  if (bugfix) out.push(...lintBugfix(bugfix));
  if (tasks) {
    // A task's diagnostics point at its first line: from its bullet to the end of its title.
    out.push(...checkNumbering(tasks.file, tasks.allTasks, { noun: 'task', fix: 'renumber the tasks' }, (t) => ({ start: t.range.start, end: t.titleRange.end })));
    out.push(...taskLikeLineDiagnostics(tasks));
    out.push(...dependencyDiagnostics(tasks));
  }

  const targets = collectTargets(requirements, bugfix);
  const checkable = targets.ids.size > 0;
  if (!checkable && requirements && (tasks?.allTasks.some((t) => t.references.length) || design?.properties.some((p) => p.validates.length))) {
    out.push(diagnosticAt(requirements.file, requirements.source.linesRange(0, 0), 'info', 'no-requirements-found',
      `${requirements.file} has no "### Requirement N" sections Specwright recognises, so references to it are not checked; give each requirement a numbered heading and an "Acceptance Criteria" list.`));
  }
  if (checkable && tasks) out.push(...checkTaskTraceability(tasks, targets));
  if (checkable && design) out.push(...checkPropertyReferences(design, targets));
  if (design && tasks) out.push(...checkPropertyTestTasks(design, tasks));
  if (tasks && evidence) out.push(...checkEvidence(tasks, targets, evidence));
  return out.sort(compareDiagnostics);
}

function lintRequirements(doc: RequirementsDocument): Diagnostic[] {
  const out: Diagnostic[] = [];
  out.push(...checkNumbering(doc.file, doc.requirements, { noun: 'requirement', fix: 'renumber the requirements' }, (r) => r.headingRange));
  out.push(...checkNumbering(doc.file, doc.requirements.flatMap((r) => r.criteria), { noun: 'criterion', fix: 'renumber the criteria' }));
  for (const r of doc.requirements) {
    if (r.criteria.length === 0) {
      out.push(diagnosticAt(doc.file, r.headingRange, 'warning', 'missing-acceptance-criteria',
        `Requirement ${r.id} has no acceptance criteria; add a "#### Acceptance Criteria" list of EARS statements under it.`));
    }
    for (const c of r.criteria) {
      const ears = earsProblem(doc.file, `Criterion ${c.id}`, c.ears, c.range);
      if (ears) out.push(ears);
      out.push(...vagueTerms(doc.file, doc.source, `Criterion ${c.id}`, c.range));
    }
  }
  return out;
}

function lintBugfix(doc: BugfixDocument): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const s of doc.statements) {
    // The current (defective) behaviour describes what happens today; it has no SHALL to check.
    if (s.section === 'current') continue;
    const ears = earsProblem(doc.file, `Statement ${s.id}`, s.ears, s.range);
    if (ears) out.push(ears);
    out.push(...vagueTerms(doc.file, doc.source, `Statement ${s.id}`, s.range));
  }
  return out;
}

function earsProblem(file: string, what: string, ears: EarsClassification, range: SourceRange): Diagnostic | null {
  if (ears.conforming || !ears.nearest) return null;
  return diagnosticAt(file, range, 'warning', 'non-ears-criterion',
    `${what} does not follow an EARS pattern (${ears.problem}); it nearly matches ${ears.nearest}: rewrite it as "${earsTemplate(ears.nearest)}".`);
}

/** Words that make a requirement untestable. Hyphenated compounds such as fast-check are not vague. */
const vagueWords = /(?<![\w-])(fast|faster|quick|quickly|user-friendly|easy|easily|intuitive|appropriate|appropriately|adequate|reasonable|robust|seamless|seamlessly|efficient|efficiently|flexible|sufficient|as needed|if possible|etc)(?![\w-])/gi;

function vagueTerms(file: string, source: SourceText, what: string, range: SourceRange): Diagnostic[] {
  const out: Diagnostic[] = [];
  // Code spans are blanked (same length) so offsets stay true and `fast_path()` is not prose.
  const raw = source.text.slice(range.start.offset, range.end.offset);
  const text = raw.includes('`') ? raw.replace(/`[^`\n]*`/g, (m) => ' '.repeat(m.length)) : raw;
  vagueWords.lastIndex = 0;
  for (let m = vagueWords.exec(text); m; m = vagueWords.exec(text)) {
    const start = source.position(range.start.offset + m.index);
    const end = source.position(range.start.offset + m.index + m[0].length);
    out.push(diagnosticAt(file, { start, end }, 'info', 'vague-term',
      `${what} says "${m[0]}", which cannot be tested; replace it with something measurable (a number, a limit, a named behaviour).`));
  }
  return out;
}
