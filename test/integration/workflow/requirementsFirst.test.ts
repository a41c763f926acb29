import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { advance, createSpec, specStateSchema, status } from '../../../src/core/workflow';
import { DESIGN, REQUIREMENTS, TASKS } from './specDocuments';
import { reply, startWorkflowHarness, systemOf, type WorkflowHarness } from './workflowHarness';

const IDEA = 'A todo list for the terminal that keeps items in todos.json';
let harness: WorkflowHarness;
afterEach(() => harness?.close());

function stateOf(h: WorkflowHarness, name: string) {
  return specStateSchema.parse(JSON.parse(readFileSync(path.join(h.workspace, '.kiro', '.specwright', 'specs', `${name}.json`), 'utf8')));
}

describe('a requirements-first spec', () => {
  it('starts by writing requirements.md exactly as the model wrote it, and nothing else', async () => {
    harness = await startWorkflowHarness([reply(REQUIREMENTS)]);
    const result = await createSpec({ ...harness.env, name: 'todo-cli', idea: IDEA });
    expect(harness.specFile('todo-cli', 'requirements.md')).toBe(REQUIREMENTS);
    expect(harness.specFile('todo-cli', 'design.md')).toBeNull();
    expect(result.outcomes.map((o) => [o.phase, o.file])).toEqual([['requirements', '.kiro/specs/todo-cli/requirements.md']]);
    expect(result.status.next).toBe('design');
  });

  it('sends the idea and asks for EARS criteria under Kiro\'s headings', async () => {
    harness = await startWorkflowHarness([reply(REQUIREMENTS)]);
    await createSpec({ ...harness.env, name: 'todo-cli', idea: IDEA });
    const [prompt] = harness.prompts();
    expect(prompt).toContain(`<idea>\n${IDEA}\n</idea>`);
    expect(prompt).toContain('### Requirement 1: <Title>');
    expect(prompt).toContain('**User Story:** As a <role>, I want <capability>, so that <benefit>');
    expect(prompt).toContain('#### Acceptance Criteria');
    expect(prompt).toContain('WHEN <trigger>, THE <system> SHALL <response>');
    expect(systemOf(harness.fake.requests[0]!)).toContain('no code fence around the document');
  });

  it('keeps the approval state outside the spec folder and git-ignores it', async () => {
    harness = await startWorkflowHarness([reply(REQUIREMENTS)]);
    await createSpec({ ...harness.env, name: 'todo-cli', idea: IDEA });
    const state = stateOf(harness, 'todo-cli');
    expect(state).toMatchObject({ type: 'feature', flow: 'requirements-first', idea: IDEA, phases: { requirements: { status: 'draft' } } });
    expect(state.phases.requirements!.generatedHash).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(path.join(harness.workspace, '.kiro', '.specwright', '.gitignore'), 'utf8')).toBe('*\n');
    expect(harness.specFile('todo-cli', 'requirements.md')).not.toMatch(/specwright|generatedHash|approved/i);
  });

  it('approves requirements and writes design.md from them, with the codebase in view', async () => {
    harness = await startWorkflowHarness([reply(REQUIREMENTS), reply(DESIGN)]);
    writeFileSync(path.join(harness.workspace, 'package.json'), '{ "name": "todo-cli", "type": "module" }\n');
    await createSpec({ ...harness.env, name: 'todo-cli', idea: IDEA });
    const result = await advance({ ...harness.env, name: 'todo-cli' });

    expect(result.approved).toEqual(['requirements']);
    expect(harness.specFile('todo-cli', 'design.md')).toBe(DESIGN);
    const prompt = harness.prompts()[1]!;
    expect(prompt).toContain(`<spec-file name="requirements.md">\n${REQUIREMENTS.trimEnd()}\n</spec-file>`);
    expect(prompt).toContain('<file path="package.json">\n{ "name": "todo-cli", "type": "module" }\n</file>');
    expect(prompt).toMatch(/<file-tree>[\s\S]*package\.json[\s\S]*<\/file-tree>/);
    expect(stateOf(harness, 'todo-cli').phases.requirements).toMatchObject({ status: 'approved', approvedAt: expect.any(String) });
  });

  it('writes tasks.md from requirements and design, both sent verbatim', async () => {
    harness = await startWorkflowHarness([reply(REQUIREMENTS), reply(DESIGN), reply(TASKS)]);
    await createSpec({ ...harness.env, name: 'todo-cli', idea: IDEA });
    await advance({ ...harness.env, name: 'todo-cli' });
    await advance({ ...harness.env, name: 'todo-cli' });

    expect(harness.specFile('todo-cli', 'tasks.md')).toBe(TASKS);
    const prompt = harness.prompts()[2]!;
    expect(prompt).toContain(REQUIREMENTS.trimEnd());
    expect(prompt).toContain(DESIGN.trimEnd());
    expect(prompt).toContain('- [ ]* 1.2 Write tests for <what>');
    expect(prompt).toContain('_Requirements: 1.1, 1.2_');
  });

  it('marks the spec complete when the last phase is approved, without asking the model again', async () => {
    harness = await startWorkflowHarness([reply(REQUIREMENTS), reply(DESIGN), reply(TASKS)]);
    await createSpec({ ...harness.env, name: 'todo-cli', idea: IDEA, through: 'tasks' });
    const result = await advance({ ...harness.env, name: 'todo-cli' });
    expect(result.approved).toEqual(['tasks']);
    expect(result.status.complete).toBe(true);
    expect(harness.fake.requests).toHaveLength(3);
  });

  it('writes every phase up to --through, approving each one before the next', async () => {
    harness = await startWorkflowHarness([reply(REQUIREMENTS), reply(DESIGN)]);
    const result = await createSpec({ ...harness.env, name: 'todo-cli', idea: IDEA, through: 'design' });
    expect(result.outcomes.map((o) => o.phase)).toEqual(['requirements', 'design']);
    expect(result.status.phases.map((p) => `${p.file} ${p.status}`)).toEqual(['requirements.md approved', 'design.md draft', 'tasks.md missing']);
  });

  it('takes the document out of a code fence and drops the model\'s remarks around it', async () => {
    harness = await startWorkflowHarness([reply(`Here is the requirements document:\n\n\`\`\`markdown\n${REQUIREMENTS}\`\`\`\n\nLet me know if you want changes.`)]);
    await createSpec({ ...harness.env, name: 'todo-cli', idea: IDEA });
    expect(harness.specFile('todo-cli', 'requirements.md')).toBe(REQUIREMENTS);
  });

  it('reports the spec\'s phases through status without calling the model', async () => {
    harness = await startWorkflowHarness([reply(REQUIREMENTS)]);
    await createSpec({ ...harness.env, name: 'todo-cli', idea: IDEA });
    const spec = await status(harness.workspace, 'todo-cli');
    expect(spec).toMatchObject({ name: 'todo-cli', type: 'feature', flow: 'requirements-first', tracked: true, current: 'requirements', next: 'design', complete: false, notices: [] });
    expect(harness.fake.requests).toHaveLength(1);
  });
});
