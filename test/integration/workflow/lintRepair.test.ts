import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { advance, createSpec, EmptyDocumentError, type SpecWorkflowProgress } from '../../../src/core/workflow';
import { DESIGN, REQUIREMENTS, REQUIREMENTS_NOT_EARS, TASKS, TASKS_DANGLING, TASKS_WITHOUT_PROPERTY_TEST } from './specDocuments';
import { reply, startWorkflowHarness, type WorkflowHarness } from './workflowHarness';

const IDEA = 'A todo list for the terminal';
let harness: WorkflowHarness;
afterEach(() => harness?.close());

describe('the lint-repair round', () => {
  it('sends a non-EARS document back with its diagnostics and writes the corrected one', async () => {
    harness = await startWorkflowHarness([reply(REQUIREMENTS_NOT_EARS), reply(REQUIREMENTS)]);
    const result = await createSpec({ ...harness.env, name: 'todo-cli', idea: IDEA });

    expect(harness.fake.requests).toHaveLength(2);
    const repair = harness.prompts()[1]!;
    expect(repair).toContain(`<document name="requirements.md">\n${REQUIREMENTS_NOT_EARS.trimEnd()}\n</document>`);
    expect(repair).toContain('requirements.md:20:1 warning non-ears-criterion: Criterion 1.2 does not follow an EARS pattern');
    expect(harness.specFile('todo-cli', 'requirements.md')).toBe(REQUIREMENTS);
    expect(result.outcomes[0]).toMatchObject({ repaired: true, diagnostics: [] });
    expect(result.outcomes[0]!.firstDiagnostics.map((d) => d.code)).toEqual(['non-ears-criterion']);
  });

  it('makes no repair request when the first document is clean', async () => {
    harness = await startWorkflowHarness([reply(REQUIREMENTS)]);
    const result = await createSpec({ ...harness.env, name: 'todo-cli', idea: IDEA });
    expect(harness.fake.requests).toHaveLength(1);
    expect(result.outcomes[0]!.repaired).toBe(false);
  });

  it('repairs only once and hands back what is still wrong', async () => {
    harness = await startWorkflowHarness([reply(REQUIREMENTS_NOT_EARS), reply(REQUIREMENTS_NOT_EARS), reply('never asked for')]);
    const result = await createSpec({ ...harness.env, name: 'todo-cli', idea: IDEA });
    expect(harness.fake.requests).toHaveLength(2);
    expect(harness.specFile('todo-cli', 'requirements.md')).toBe(REQUIREMENTS_NOT_EARS);
    expect(result.outcomes[0]!.diagnostics.map((d) => `${d.file}:${d.line} ${d.code}`)).toEqual(['requirements.md:20 non-ears-criterion']);
  });

  it('sends tasks back for a dangling reference and an uncovered criterion, with the earlier phases to check against', async () => {
    harness = await startWorkflowHarness([reply(REQUIREMENTS), reply(DESIGN), reply(TASKS_DANGLING), reply(TASKS)]);
    await createSpec({ ...harness.env, name: 'todo-cli', idea: IDEA, through: 'design' });
    await advance({ ...harness.env, name: 'todo-cli' });

    const repair = harness.prompts()[3]!;
    expect(repair).toContain('tasks.md:17:20 error unknown-reference: Task 2 references 9.9');
    expect(repair).toContain('requirements.md:28:1 warning uncovered-criterion: Criterion 2.1 is not covered by any task');
    expect(repair).toContain(`<spec-file name="requirements.md">\n${REQUIREMENTS.trimEnd()}\n</spec-file>`);
    expect(harness.specFile('todo-cli', 'tasks.md')).toBe(TASKS);
  });

  it('asks the tasks phase for a property-based test of each correctness property with the project\'s library, and sends back tasks that leave one out', async () => {
    harness = await startWorkflowHarness([reply(REQUIREMENTS), reply(DESIGN), reply(TASKS_WITHOUT_PROPERTY_TEST), reply(TASKS)]);
    writeFileSync(path.join(harness.workspace, 'pyproject.toml'), '[project]\nname = "todo"\n');
    writeFileSync(path.join(harness.workspace, 'package.json'), '{"devDependencies": {"prettier": "3"}}\n');
    await createSpec({ ...harness.env, name: 'todo-cli', idea: IDEA, through: 'design' });
    await advance({ ...harness.env, name: 'todo-cli' });

    // package.json comes first, but neither manifest names a library: the first one decides.
    const tasksPrompt = harness.prompts()[2]!;
    expect(tasksPrompt).toContain('For every "### Property N" in design.md, add an optional sub-task');
    expect(tasksPrompt).toContain('with fast-check (the project is JavaScript/TypeScript)');
    const repair = harness.prompts()[3]!;
    expect(repair).toMatch(/design\.md:\d+:\d+ warning property-without-test-task: Property 1 \(Added items are listed\) has no task that writes its test/);
    expect(harness.specFile('todo-cli', 'tasks.md')).toBe(TASKS);
  });

  it('names the library the project already depends on: Hypothesis for a Python project with a Node tool', async () => {
    harness = await startWorkflowHarness([reply(REQUIREMENTS), reply(DESIGN), reply(TASKS)]);
    writeFileSync(path.join(harness.workspace, 'package.json'), '{"devDependencies": {"prettier": "3"}}\n');
    writeFileSync(path.join(harness.workspace, 'requirements-dev.txt'), 'pytest\nhypothesis>=6\n');
    await createSpec({ ...harness.env, name: 'todo-cli', idea: IDEA, through: 'tasks' });
    expect(harness.prompts()[2]).toContain('with Hypothesis (the project is Python)');
    expect(harness.fake.requests).toHaveLength(3);
  });

  it('tells the host before it asks for a repair, and what remains after', async () => {
    harness = await startWorkflowHarness([reply(REQUIREMENTS_NOT_EARS), reply(REQUIREMENTS)]);
    const seen: SpecWorkflowProgress[] = [];
    await createSpec({ ...harness.env, name: 'todo-cli', idea: IDEA, onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => p.type)).toEqual(['phase_started', 'phase_repairing', 'phase_written']);
    expect(seen[2]).toMatchObject({ repaired: true, diagnostics: [], file: '.kiro/specs/todo-cli/requirements.md' });
  });

  it('writes nothing when the model answers with no document', async () => {
    harness = await startWorkflowHarness([reply('  \n')]);
    await expect(createSpec({ ...harness.env, name: 'todo-cli', idea: IDEA })).rejects.toBeInstanceOf(EmptyDocumentError);
    expect(harness.specFile('todo-cli', 'requirements.md')).toBeNull();
  });
});
