import { describe, expect, it } from 'vitest';
import { lintSpec, parseDesign, parseRequirements, parseTasks, type SpecEvidence } from '../../../src/core/spec';

const requirements = parseRequirements('# R\n\n## Requirements\n\n### Requirement 1: Add\n\n#### Acceptance Criteria\n\n1. WHEN a todo is added, THE cli SHALL store it.\n2. WHEN a todo is listed, THE cli SHALL print it.\n');
const design = parseDesign('# D\n\n## Correctness Properties\n\n### Property 1: Ids increase\n\n**Validates: Requirements 1.1**\n\n### Property 2: Round trip\n\n**Validates: Requirements 1.2**\n');

const codes = (tasks: string, evidence?: SpecEvidence) =>
  lintSpec({ requirements, design, tasks: parseTasks(tasks) }, evidence).filter((d) => d.severity !== 'info').map((d) => `${d.file}:${d.line} ${d.code}`);

describe('a correctness property without a test task', () => {
  it('is reported on the property, unless a task about tests names it', () => {
    const tasks = '- [ ] 1. Add\n  - _Requirements: 1.1, 1.2_\n- [ ]* 2. Write a property-based test\n  - **Property 1: Ids increase**\n';
    expect(codes(tasks)).toEqual(['design.md:9 property-without-test-task']);
    const message = lintSpec({ requirements, design, tasks: parseTasks(tasks) }).find((d) => d.code === 'property-without-test-task')!.message;
    expect(message).toBe('Property 2 (Round trip) has no task that writes its test; add a task to tasks.md such as "Write a property-based test for Property 2" with "_Requirements: 1.2_".');
  });

  it('is reported when a task only mentions the property without writing a test for it', () => {
    expect(codes('- [ ] 1. Add, keeping Property 1 and Property 2 in mind\n  - _Requirements: 1.1, 1.2_\n')).toEqual(['design.md:5 property-without-test-task', 'design.md:9 property-without-test-task']);
  });

  it('reads the plural form and ranges: "Validates: Properties 1, 2" or "Properties 1-2"', () => {
    expect(codes('- [ ] 1. Add\n  - _Requirements: 1.1, 1.2_\n- [ ]* 2. Write the generator tests\n  - _Validates: Properties 1, 2_\n')).toEqual([]);
    expect(codes('- [ ] 1. Add\n  - _Requirements: 1.1, 1.2_\n- [ ]* 2. Tests for Properties 1-2\n')).toEqual([]);
    expect(codes('- [ ] 1. Add\n  - _Requirements: 1.1, 1.2_\n- [ ]* 2. Tests for Properties 2 and 3\n')).toEqual(['design.md:5 property-without-test-task']);
  });

  it('is satisfied by a property-test task that names no property at all', () => {
    expect(codes('- [ ] 1. Add\n  - _Requirements: 1.1, 1.2_\n- [ ]* 2. Property tests\n')).toEqual([]);
  });
});

describe('evidence from the workspace', () => {
  const tasks = '- [x] 1. Add\n  - _Requirements: 1_\n- [x] 2. Checkpoint - all tests pass\n  - _Requirements: 1.2_\n- [ ] 3. Write property tests\n';

  it('reports a done task whose criteria no test covers, naming the untested ones', () => {
    const evidence: SpecEvidence = { spec: 'todo', testedCriteria: new Set(['1.1']), drift: new Map() };
    const found = lintSpec({ requirements, design, tasks: parseTasks(tasks) }, evidence).filter((d) => d.code === 'done-task-untested');
    expect(found.map((d) => [d.line, d.message])).toEqual([[1, 'Task 1 is done but no test covers criterion 1.2; name the criterion in a test (a test called "1.2: …" or a comment "Requirement 1.2" above it).']]);
  });

  it('reports a drifting task on its line with why and what to do', () => {
    const evidence: SpecEvidence = { spec: 'todo', testedCriteria: new Set(['1.1', '1.2']), drift: new Map([['1', ['src/add.js line 3 changed after the task was done (it wrote line 3)']]]) };
    const [drift] = lintSpec({ requirements, design, tasks: parseTasks(tasks) }, evidence).filter((d) => d.code === 'task-drifting');
    expect(drift).toMatchObject({ file: 'tasks.md', line: 1, severity: 'warning' });
    expect(drift!.message).toBe('Task 1 is drifting: src/add.js line 3 changed after the task was done (it wrote line 3).');
    expect(drift!.remedy).toEqual({ kind: 'acceptDrift', spec: 'todo', taskId: '1' });
  });

  it('adds nothing without evidence', () => {
    expect(codes(tasks)).toEqual([]);
  });
});
