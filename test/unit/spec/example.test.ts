import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findTask, lintSpec, loadSpec } from '../../../src/core/spec';

const example = path.resolve(__dirname, '../../../examples/todo-app');

describe('the bundled todo-app example', async () => {
  const spec = await loadSpec(example, 'todo-cli');

  it('has requirements, design and tasks', () => {
    expect(Object.keys(spec.files).sort()).toEqual(['design', 'requirements', 'tasks']);
  });

  it('lints without errors or warnings', () => {
    expect(lintSpec(spec).filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('writes every criterion in EARS form', () => {
    const criteria = spec.requirements!.requirements.flatMap((r) => r.criteria);
    expect(criteria.length).toBeGreaterThanOrEqual(8);
    expect(criteria.filter((c) => !c.ears.conforming)).toEqual([]);
  });

  it('starts with a small, concrete first task and has an optional property-test task for each correctness property', () => {
    expect(findTask(spec.tasks!, '1')).toMatchObject({ title: 'Implement `addTodo` in `src/todo.js` with tests', status: 'todo', children: [] });
    expect(spec.tasks!.allTasks.filter((t) => t.optional).map((t) => t.id)).toEqual(['2.3', '3.3']);
  });

  it('links its correctness properties to existing criteria', () => {
    expect(spec.design!.properties.map((p) => p.validates.map((r) => r.id))).toEqual([['1.2'], ['4.1']]);
  });
});
