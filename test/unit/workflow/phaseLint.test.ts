import { describe, expect, it } from 'vitest';
import { lintPhaseDocument, summariseDiagnostics } from '../../../src/core/workflow';
import { needsRepair } from '../../../src/core/workflow/phaseLint';
import { BUGFIX, BUGFIX_DESIGN, BUGFIX_TASKS, DESIGN, REQUIREMENTS, REQUIREMENTS_NOT_EARS, TASKS, TASKS_DANGLING } from '../../integration/workflow/specDocuments';

describe('linting a phase document', () => {
  it('finds nothing at all in the clean documents the workflow tests use', () => {
    expect(lintPhaseDocument('requirements', REQUIREMENTS, {})).toEqual([]);
    expect(lintPhaseDocument('design', DESIGN, { requirements: REQUIREMENTS })).toEqual([]);
    expect(lintPhaseDocument('tasks', TASKS, { requirements: REQUIREMENTS, design: DESIGN })).toEqual([]);
    expect(lintPhaseDocument('bugfix', BUGFIX, {})).toEqual([]);
    expect(lintPhaseDocument('tasks', BUGFIX_TASKS, { bugfix: BUGFIX, design: BUGFIX_DESIGN })).toEqual([]);
  });

  it('reports a criterion that is not in EARS form as a warning that earns a repair', () => {
    const diagnostics = lintPhaseDocument('requirements', REQUIREMENTS_NOT_EARS, {});
    expect(diagnostics.map((d) => `${d.file}:${d.line} ${d.code}`)).toEqual(['requirements.md:20 non-ears-criterion']);
    expect(needsRepair(diagnostics)).toBe(true);
  });

  it('holds tasks answerable for dangling references and for criteria no task covers', () => {
    const codes = lintPhaseDocument('tasks', TASKS_DANGLING, { requirements: REQUIREMENTS }).map((d) => `${d.file} ${d.code}`);
    expect(codes).toEqual(['requirements.md uncovered-criterion', 'tasks.md unknown-reference']);
  });

  it('does not hold requirements answerable for what the existing tasks fail to cover', () => {
    expect(lintPhaseDocument('requirements', REQUIREMENTS, { tasks: TASKS_DANGLING })).toEqual([]);
  });

  it('does not repair for info alone', () => {
    expect(needsRepair([{ file: 'tasks.md', line: 1, column: 1, severity: 'info', code: 'vague-term', message: '' }])).toBe(false);
  });

  it('summarises diagnostics by severity, or says clean', () => {
    const at = (severity: 'error' | 'warning' | 'info') => ({ file: 'a.md', line: 1, column: 1, severity, code: 'x', message: '' });
    expect(summariseDiagnostics([])).toBe('clean');
    expect(summariseDiagnostics([at('warning'), at('warning')])).toBe('2 warnings');
    expect(summariseDiagnostics([at('error'), at('info'), at('warning')])).toBe('1 error, 1 warning, 1 info');
  });
});
