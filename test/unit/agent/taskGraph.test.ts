import { describe, expect, it } from 'vitest';
import { planTaskGroups } from '../../../src/core/agent/taskGraph';
import { selectUnits, TaskSelectionError } from '../../../src/core/agent/taskSelection';
import { declaredDependencies, dependencyIdsOf, lintSpec, parseTasks } from '../../../src/core/spec';

/** The runner's tasks from tasks.md text, as the spec access builds them. */
function tasksOf(text: string) {
  return parseTasks(text).allTasks.map((t) => ({ id: t.id, title: t.title, status: t.status, optional: t.optional, parentId: t.parentId, text: '', requirements: t.requirements, dependsOn: declaredDependencies(t.details) }));
}

function plan(text: string) {
  const tasks = tasksOf(text);
  return Object.fromEntries(planTaskGroups(tasks, selectUnits(tasks, { kind: 'all' })).map((g) => [g.top.id, { units: g.units.map((u) => u.id), after: g.after }]));
}

describe('_Depends:_ lines', () => {
  it('reads the ways people write them', () => {
    expect(dependencyIdsOf('- _Depends: 1, 2.1_')).toEqual(['1', '2.1']);
    expect(dependencyIdsOf('- **Depends on:** Task 1 and task 3.2')).toEqual(['1', '3.2']);
    expect(dependencyIdsOf('- Dependencies: 4; 5.')).toEqual(['4', '5']);
    expect(dependencyIdsOf('- _Depends: none_')).toEqual([]);
    expect(dependencyIdsOf('- _Requirements: 1.1_')).toBeNull();
    expect(dependencyIdsOf('- Implement the parser that depends on nothing')).toBeNull();
  });

  it('plans groups: declared dependencies (a sub-task standing for its task), else the task before', () => {
    const text = `- [ ] 1. A
- [ ] 2. B
  - _Depends: none_
- [ ] 3. C
  - [ ] 3.1 C one
    - _Depends: 2.1_
  - [ ] 3.2 C two
- [ ] 4. D
- [x] 5. E
- [ ] 6. F
  - _Depends: 5_
`;
    expect(plan(text.replace('_Depends: 2.1_', '_Depends: 1_'))).toEqual({
      '1': { units: ['1'], after: [] },
      '2': { units: ['2'], after: [] },
      '3': { units: ['3.1', '3.2'], after: ['1'] },
      '4': { units: ['4'], after: ['3'] },
      // Task 5 is done: nothing to wait for.
      '6': { units: ['6'], after: [] },
    });
    expect(() => plan(text)).toThrow(/Task 3\.1 depends on task 2\.1, which is not in tasks\.md/);
  });

  it('refuses a circle, naming it', () => {
    const text = '- [ ] 1. A\n  - _Depends: 2_\n- [ ] 2. B\n  - _Depends: 1_\n';
    expect(() => plan(text)).toThrow(TaskSelectionError);
    expect(() => plan(text)).toThrow(/1 → 2 → 1/);
  });

  it('lints them as the language server shows them: an unknown id and a circle are errors on the tasks concerned', () => {
    const text = '- [ ] 1. A\n  - _Depends: 3_\n- [ ] 2. B\n  - [ ] 2.1 B one\n    - _Depends: 1, 9_\n- [ ] 3. C\n  - _Depends: 2.1_\n';
    const found = lintSpec({ tasks: parseTasks(text) }).filter((d) => d.code.includes('dependency'));
    expect(found.map((d) => [d.code, d.line])).toEqual([
      ['task-dependency-cycle', 1],
      ['unknown-task-dependency', 4],
      ['task-dependency-cycle', 4],
      ['task-dependency-cycle', 6],
    ]);
    expect(found.find((d) => d.code === 'unknown-task-dependency')!.message).toBe('Task 2.1 depends on task 9, which is not in tasks.md; correct its _Depends:_ line.');
    expect(found[0]!.message).toMatch(/circle \(1 → 3 → 2 → 1\)/);
    // Without such lines nothing is said.
    expect(lintSpec({ tasks: parseTasks('- [ ] 1. A\n- [ ] 2. B\n') }).filter((d) => d.code.includes('dependency'))).toEqual([]);
  });
});
