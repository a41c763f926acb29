import { describe, expect, it } from 'vitest';
import { parseDesign, parseRequirements, parseTasks } from '../../../src/core/spec';
import { buildTrace, testedCriteria, type TraceInputs } from '../../../src/core/trace/matrix';
import { scanTestSource } from '../../../src/core/trace/testSource';

const REQUIREMENTS = `# Requirements

## Requirements

### Requirement 1: Add

#### Acceptance Criteria

1. WHEN a todo is added, THE cli SHALL store it.
2. IF the text is blank, THEN THE cli SHALL refuse it.

### Requirement 2: List

#### Acceptance Criteria

1. WHEN todos are listed, THE cli SHALL print them in id order.
`;

const DESIGN = '# Design\n\n## Correctness Properties\n\n### Property 1: Ids increase\n\n*For any* list…\n\n**Validates: Requirements 1.1**\n';

const TASKS = `# Plan

- [x] 1. Add todos
  - _Requirements: 1.1, 1.2_
- [x] 2. List todos by hand
  - _Requirements: 2_
  - _Files: src/list.js_
- [ ] 3. Polish
  - _Requirements: 2.1_
`;

const spec = { name: 'todo', requirements: parseRequirements(REQUIREMENTS), design: parseDesign(DESIGN), tasks: parseTasks(TASKS) };

function inputs(over: Partial<TraceInputs> = {}): TraceInputs {
  return {
    runs: new Map([['todo', new Map([['1', { files: ['src/add.js', 'test/add.test.js'], verified: true, testCommands: ['npm test'] }]])]]),
    records: [],
    tests: [],
    specNames: ['todo'],
    ...over,
  };
}

describe('the trace of a spec', () => {
  it('links each criterion to the tasks citing it, their files, the tests naming it, and gives its status', () => {
    const tests = [scanTestSource('test/list.test.js', "// Requirement 2.1\nit('lists in order', () => {});\n"), scanTestSource('test/ids.test.js', "it('ids increase (Property 1)', () => {});\n")];
    const trace = buildTrace(spec, inputs({ tests, runs: new Map() }));
    expect(trace.criteria.map((c) => ({ id: c.id, tasks: c.tasks.map((t) => t.id), files: c.files.map((f) => `${f.path}/${f.source}`), tests: c.tests.map((t) => `${t.file}:${t.line}${t.via ? ` via ${t.via}` : ''}`), status: c.status }))).toEqual([
      { id: '1.1', tasks: ['1'], files: [], tests: ['test/ids.test.js:1 via Property 1'], status: 'covered' },
      { id: '1.2', tasks: ['1'], files: [], tests: [], status: 'untested' },
      { id: '2.1', tasks: ['2', '3'], files: ['src/list.js/link'], tests: ['test/list.test.js:2'], status: 'covered' },
    ]);
  });

  it('counts the test files a done task wrote and its passing verification ran', () => {
    const trace = buildTrace(spec, inputs());
    expect(trace.criteria[1]).toMatchObject({ id: '1.2', files: [{ path: 'src/add.js', tasks: ['1'], source: 'run' }, { path: 'test/add.test.js', tasks: ['1'], source: 'run' }], tests: [{ file: 'test/add.test.js', line: 1, name: 'add.test.js', source: 'verification' }], status: 'covered' });
    const unverified = buildTrace(spec, inputs({ runs: new Map([['todo', new Map([['1', { files: ['test/add.test.js'], verified: false, testCommands: [] }]])]]) }));
    expect(unverified.criteria[1]!.tests).toEqual([]);
  });

  it('lists every task citing a criterion in task order, whether it names the criterion, its requirement or All', () => {
    const tasks = parseTasks(`${TASKS}- [ ] 4. Review everything\n  - _Requirements: All_\n- [ ] 5. Harden adding\n  - _Requirements: 1_\n`);
    const trace = buildTrace({ ...spec, tasks }, inputs({ runs: new Map() }));
    expect(trace.criteria.map((c) => [c.id, c.tasks.map((t) => t.id)])).toEqual([
      ['1.1', ['1', '4', '5']],
      ['1.2', ['1', '4', '5']],
      ['2.1', ['2', '3', '4']],
    ]);
  });

  it('takes the files a task record names, the first record of the task in this spec', () => {
    const record = (spec: string, path: string) => ({ version: 1 as const, spec, taskId: '3', title: 'Polish', runId: null, finishedAt: '2026-01-01T00:00:00.000Z', criteria: [], files: [{ path, blob: 'b'.repeat(40), lines: null, source: 'run' as const }] });
    const trace = buildTrace(spec, inputs({ runs: new Map(), records: [record('other', 'src/other.js'), record('todo', 'src/polish.js'), record('todo', 'src/later.js')] }));
    expect(trace.criteria[2]!.files.map((f) => `${f.path} ${f.tasks.join(',')}`)).toEqual(['src/list.js 2', 'src/polish.js 3']);
  });

  it('names the criteria tests cover as the whole trace does, for the lint', () => {
    const tests = [scanTestSource('test/list.test.js', "// Requirement 2.1\nit('lists in order', () => {});\n"), scanTestSource('test/ids.test.js', "it('ids increase (Property 1)', () => {});\n")];
    for (const given of [inputs({ tests, runs: new Map() }), inputs(), inputs({ runs: new Map() })]) {
      const fromTrace = buildTrace(spec, given).criteria.filter((c) => c.tests.length > 0).map((c) => c.id);
      expect([...testedCriteria(spec, given)]).toEqual(fromTrace);
    }
    expect([...testedCriteria(spec, inputs({ tests, runs: new Map() }))]).toEqual(['1.1', '2.1']);
  });

  it('calls a criterion unimplemented while no task citing it is done and no file is linked', () => {
    const open = { ...spec, tasks: parseTasks(TASKS.replace(/\[x\]/g, '[ ]').replace('  - _Files: src/list.js_\n', '')) };
    expect(buildTrace(open, inputs({ runs: new Map() })).criteria.map((c) => c.status)).toEqual(['unimplemented', 'unimplemented', 'unimplemented']);
  });

  it('with several specs, counts a test only when its file names the spec or belongs to its tasks', () => {
    const anonymous = scanTestSource('test/other.test.js', "// Requirement 1.2\nit('refuses blank text', () => {});\n");
    const named = scanTestSource('test/todo.test.js', "describe('todo', () => {\n  // Requirement 1.2\n  it('refuses blank text', () => {});\n});\n");
    const one = buildTrace(spec, inputs({ tests: [anonymous], runs: new Map() }));
    expect(one.criteria[1]!.tests.map((t) => t.file)).toEqual(['test/other.test.js']);
    const several = buildTrace(spec, inputs({ tests: [anonymous, named], runs: new Map(), specNames: ['todo', 'billing'] }));
    expect(several.criteria[1]!.tests.map((t) => t.file)).toEqual(['test/todo.test.js']);
  });

  it('never takes an id the spec does not define', () => {
    const tests = [scanTestSource('test/x.test.js', "it('9.9: something else', () => {});\n// Requirement 7\nit('y', () => {});\n")];
    expect(buildTrace(spec, inputs({ tests, runs: new Map() })).criteria.flatMap((c) => c.tests)).toEqual([]);
  });
});
