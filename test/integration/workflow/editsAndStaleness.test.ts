import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { advance, createSpec, PhaseFileEditedError, status } from '../../../src/core/workflow';
import { DESIGN, DESIGN_REVISED, REQUIREMENTS, REQUIREMENTS_EDITED, TASKS } from './specDocuments';
import { reply, startWorkflowHarness, type WorkflowHarness } from './workflowHarness';

const IDEA = 'A todo list for the terminal';
let harness: WorkflowHarness;
afterEach(() => harness?.close());

function editSpecFile(file: string, text: string): void {
  writeFileSync(path.join(harness.workspace, '.kiro', 'specs', 'todo-cli', file), text);
}

async function specThroughDesign(extraTurns: string[] = []): Promise<void> {
  harness = await startWorkflowHarness([REQUIREMENTS, DESIGN, ...extraTurns].map(reply));
  await createSpec({ ...harness.env, name: 'todo-cli', idea: IDEA, through: 'design' });
}

describe('a later phase after an earlier one changed', () => {
  it('is reported as possibly stale, with the remedy that would rewrite it', async () => {
    await specThroughDesign();
    editSpecFile('requirements.md', REQUIREMENTS_EDITED);
    const spec = await status(harness.workspace, 'todo-cli');
    expect(spec.phases.find((p) => p.phase === 'design')!.staleBecause).toEqual(['requirements']);
    expect(spec.notices).toEqual([
      { message: 'design.md may be stale: requirements.md changed after it was generated.', remedy: { kind: 'regeneratePhase', spec: 'todo-cli', phase: 'design' } },
    ]);
  });

  it('is not rewritten by approving: the next phase is written and the stale one left as it is', async () => {
    await specThroughDesign([TASKS]);
    editSpecFile('requirements.md', REQUIREMENTS_EDITED);
    const result = await advance({ ...harness.env, name: 'todo-cli' });
    expect(result.outcomes.map((o) => o.phase)).toEqual(['tasks']);
    expect(harness.specFile('todo-cli', 'design.md')).toBe(DESIGN);
    expect(result.status.notices[0]!.message).toContain('design.md may be stale');
  });

  it('is rewritten from the changed phase when regeneration is asked for, which clears the notice', async () => {
    await specThroughDesign([DESIGN_REVISED]);
    editSpecFile('requirements.md', REQUIREMENTS_EDITED);
    const result = await advance({ ...harness.env, name: 'todo-cli', regenerate: 'design' });
    expect(harness.prompts()[2]).toContain(REQUIREMENTS_EDITED.trimEnd());
    expect(harness.specFile('todo-cli', 'design.md')).toBe(DESIGN_REVISED);
    expect(result.status.notices).toEqual([]);
    expect(result.status.phases.find((p) => p.phase === 'design')!.status).toBe('draft');
  });
});

describe('a phase file the user edited', () => {
  it('is not regenerated over: the call is refused before the model is asked and the file is kept', async () => {
    await specThroughDesign([DESIGN_REVISED]);
    editSpecFile('design.md', `${DESIGN}\nMy own note.\n`);
    const refusal = advance({ ...harness.env, name: 'todo-cli', regenerate: 'design' });
    await expect(refusal).rejects.toBeInstanceOf(PhaseFileEditedError);
    await expect(refusal).rejects.toThrow('.kiro/specs/todo-cli/design.md was edited after Specwright generated it');
    expect(harness.fake.requests).toHaveLength(2);
    expect(harness.specFile('todo-cli', 'design.md')).toBe(`${DESIGN}\nMy own note.\n`);
  });

  it('is regenerated over when forced', async () => {
    await specThroughDesign([DESIGN_REVISED]);
    editSpecFile('design.md', `${DESIGN}\nMy own note.\n`);
    await advance({ ...harness.env, name: 'todo-cli', regenerate: 'design', force: true });
    expect(harness.specFile('todo-cli', 'design.md')).toBe(DESIGN_REVISED);
  });

  it('is kept when the user edits it while the model is writing its replacement', async () => {
    const turns = [REQUIREMENTS, DESIGN, DESIGN_REVISED].map(reply);
    harness = await startWorkflowHarness((_request, index) => {
      if (index === 2) editSpecFile('design.md', 'Typed while waiting.\n');
      return turns[index]!;
    });
    await createSpec({ ...harness.env, name: 'todo-cli', idea: IDEA, through: 'design' });
    await expect(advance({ ...harness.env, name: 'todo-cli', regenerate: 'design' })).rejects.toThrow('changed on disk since it was read');
    expect(harness.specFile('todo-cli', 'design.md')).toBe('Typed while waiting.\n');
  });

  it('is shown as edited in the status', async () => {
    await specThroughDesign();
    editSpecFile('design.md', `${DESIGN}\nMy own note.\n`);
    const spec = await status(harness.workspace, 'todo-cli');
    expect(spec.phases.map((p) => `${p.file} edited=${p.edited}`)).toEqual(['requirements.md edited=false', 'design.md edited=true', 'tasks.md edited=false']);
  });
});

describe('refining a phase with feedback', () => {
  it('sends the current text (hand edits included) and the feedback, and writes the revision as a new draft', async () => {
    await specThroughDesign([DESIGN_REVISED]);
    editSpecFile('design.md', `${DESIGN}\nMy own note.\n`);
    const result = await advance({ ...harness.env, name: 'todo-cli', feedback: 'Say which Node.js version' });

    const prompt = harness.prompts()[2]!;
    expect(prompt).toContain(`<current-document name="design.md">\n${DESIGN}\nMy own note.\n</current-document>`);
    expect(prompt).toContain('<feedback>\nSay which Node.js version\n</feedback>');
    expect(prompt).toContain(REQUIREMENTS.trimEnd());
    expect(harness.specFile('todo-cli', 'design.md')).toBe(DESIGN_REVISED);
    expect(result.approved).toEqual([]);
    expect(result.status.phases.find((p) => p.phase === 'design')).toMatchObject({ status: 'draft', edited: false });
  });

  it('revises the phase named by regenerate instead of the current one', async () => {
    await specThroughDesign([REQUIREMENTS_EDITED]);
    await advance({ ...harness.env, name: 'todo-cli', feedback: 'Number the list newest last', regenerate: 'requirements' });
    expect(harness.prompts()[2]).toContain('<current-document name="requirements.md">');
    expect(harness.specFile('todo-cli', 'requirements.md')).toBe(REQUIREMENTS_EDITED);
    expect(harness.specFile('todo-cli', 'design.md')).toBe(DESIGN);
  });
});
