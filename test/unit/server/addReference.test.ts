import { describe, expect, it } from 'vitest';
import type { TextEdit } from 'vscode-languageserver';
import { parseRequirements, parseTasks, type TasksDocument } from '../../../src/core/spec';
import { addReferenceEdit, referenceCandidates } from '../../../src/server/addReference';
import type { SpecSnapshot } from '../../../src/server/specIndex';
import { uncoveredTargets } from '../../../src/server/traceLinks';

function insert(text: string, edit: TextEdit): string {
  const lines = text.split('\n');
  const at = lines.slice(0, edit.range.start.line).reduce((n, l) => n + l.length + 1, 0) + edit.range.start.character;
  return text.slice(0, at) + edit.newText + text.slice(at);
}

function snapshotOf(requirements: string, tasks: string): SpecSnapshot {
  const requirementsDoc = parseRequirements(requirements);
  const tasksDoc = parseTasks(tasks);
  return {
    dir: '/w/.kiro/specs/s',
    specName: 's',
    requirements: requirementsDoc,
    tasks: tasksDoc,
    files: [
      { kind: 'requirements', path: '/w/.kiro/specs/s/requirements.md', uri: 'file:///w/.kiro/specs/s/requirements.md', version: null, doc: requirementsDoc },
      { kind: 'tasks', path: '/w/.kiro/specs/s/tasks.md', uri: 'file:///w/.kiro/specs/s/tasks.md', version: null, doc: tasksDoc },
    ],
  };
}

const requirements = [
  '### Requirement 1: Notes',
  '#### Acceptance Criteria',
  '1. THE Service SHALL store notes.',
  '2. THE Service SHALL export notes as CSV files.',
  '3. THE Service SHALL log every request.',
  '',
].join('\n');

describe('adding a _Requirements:_ line to a task', () => {
  it('offers uncovered criteria, those sharing words with the task first', () => {
    const snapshot = snapshotOf(requirements, '- [ ] 1. Store\n  - _Requirements: 1.1_\n- [ ] 2. Export CSV files\n');
    const task = snapshot.tasks!.allTasks[1]!;
    expect(referenceCandidates(task, uncoveredTargets(snapshot)).map((t) => t.id)).toEqual(['1.2', '1.3']);
  });

  it('writes the line after the task’s details and before its sub-tasks, indented like the details', () => {
    const text = '- [ ] 1. A\n  - detail\n\n  - [ ] 1.1 Sub\n';
    const doc: TasksDocument = parseTasks(text);
    expect(insert(text, addReferenceEdit(doc, doc.tasks[0]!, ['1.2', '1.3']))).toBe('- [ ] 1. A\n  - detail\n  - _Requirements: 1.2, 1.3_\n\n  - [ ] 1.1 Sub\n');
  });

  it('indents the line two spaces under a task without details', () => {
    const text = '  - [ ] 2.1 Sub\n';
    const doc = parseTasks(text);
    expect(insert(text, addReferenceEdit(doc, doc.allTasks[0]!, ['1.1']))).toBe('  - [ ] 2.1 Sub\n    - _Requirements: 1.1_\n');
  });

  it('adds the line break itself when the task ends the file without one, in the file’s own line ending', () => {
    const text = '- [ ] 1. A\r\n- [ ] 2. B';
    const doc = parseTasks(text);
    expect(insert(text, addReferenceEdit(doc, doc.tasks[1]!, ['1.1']))).toBe('- [ ] 1. A\r\n- [ ] 2. B\r\n  - _Requirements: 1.1_');
  });
});
