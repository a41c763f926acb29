import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { advance, createSpec, SpecAlreadyExistsError, SpecWorkflowInputError, status } from '../../../src/core/workflow';
import { BUGFIX, BUGFIX_DESIGN, BUGFIX_TASKS, DESIGN, REQUIREMENTS, TASKS } from './specDocuments';
import { reply, startWorkflowHarness, type WorkflowHarness } from './workflowHarness';

let harness: WorkflowHarness;
afterEach(() => harness?.close());

describe('a bugfix spec', () => {
  it('starts with bugfix.md in current / expected / unchanged form instead of requirements.md', async () => {
    harness = await startWorkflowHarness([reply(BUGFIX)]);
    const result = await createSpec({ ...harness.env, name: 'emoji-title', idea: 'Saving a note with an emoji title returns 500', type: 'bugfix' });
    expect(harness.specFile('emoji-title', 'bugfix.md')).toBe(BUGFIX);
    expect(harness.specFile('emoji-title', 'requirements.md')).toBeNull();
    const prompt = harness.prompts()[0]!;
    for (const heading of ['### Current Behavior (Defect)', '### Expected Behavior (Correct)', '### Unchanged Behavior (Regression Prevention)']) expect(prompt).toContain(heading);
    expect(prompt).toContain('3.1 WHEN <condition> THEN the system SHALL CONTINUE TO');
    expect(result.status.phases.map((p) => p.phase)).toEqual(['bugfix', 'design', 'tasks']);
  });

  it('goes on to a fix design and tasks that cover the expected and unchanged behaviour', async () => {
    harness = await startWorkflowHarness([BUGFIX, BUGFIX_DESIGN, BUGFIX_TASKS].map(reply));
    await createSpec({ ...harness.env, name: 'emoji-title', idea: 'Emoji titles fail', type: 'bugfix' });
    await advance({ ...harness.env, name: 'emoji-title' });
    const result = await advance({ ...harness.env, name: 'emoji-title' });
    expect(harness.prompts()[1]).toContain('## Root Cause Analysis');
    expect(harness.prompts()[2]).toContain(BUGFIX.trimEnd());
    expect(harness.prompts()[2]).toContain('Every Expected (2.x) and Unchanged (3.x) statement id');
    expect(result.outcomes[0]).toMatchObject({ phase: 'tasks', repaired: false, diagnostics: [] });
  });

  it('takes "requirements" as its bugfix phase when regenerating', async () => {
    harness = await startWorkflowHarness([BUGFIX, BUGFIX].map(reply));
    await createSpec({ ...harness.env, name: 'emoji-title', idea: 'Emoji titles fail', type: 'bugfix' });
    const result = await advance({ ...harness.env, name: 'emoji-title', regenerate: 'requirements' });
    expect(result.outcomes.map((o) => o.file)).toEqual(['.kiro/specs/emoji-title/bugfix.md']);
  });

  it('cannot be design-first', async () => {
    harness = await startWorkflowHarness([]);
    await expect(createSpec({ ...harness.env, name: 'emoji-title', idea: 'x', type: 'bugfix', flow: 'design-first' })).rejects.toMatchObject({ field: 'flow' });
  });
});

describe('a quick spec', () => {
  it('writes requirements, design and tasks in one call and approves them all', async () => {
    harness = await startWorkflowHarness([REQUIREMENTS, DESIGN, TASKS].map(reply));
    const result = await createSpec({ ...harness.env, name: 'todo-cli', idea: 'A todo list', flow: 'quick' });
    expect([harness.specFile('todo-cli', 'requirements.md'), harness.specFile('todo-cli', 'design.md'), harness.specFile('todo-cli', 'tasks.md')]).toEqual([REQUIREMENTS, DESIGN, TASKS]);
    expect(result.status.phases.map((p) => p.status)).toEqual(['approved', 'approved', 'approved']);
    expect(result.status.complete).toBe(true);
  });

  it('refuses to stop early, pointing at the gated flows', async () => {
    harness = await startWorkflowHarness([]);
    await expect(createSpec({ ...harness.env, name: 'todo-cli', idea: 'A todo list', flow: 'quick', through: 'design' })).rejects.toMatchObject({ field: 'through' });
  });
});

describe('a design-first spec', () => {
  it('writes design.md from the idea first, then derives requirements.md from the design, then tasks', async () => {
    harness = await startWorkflowHarness([DESIGN, REQUIREMENTS, TASKS].map(reply));
    const first = await createSpec({ ...harness.env, name: 'todo-cli', idea: 'A todo list', flow: 'design-first' });
    expect(first.outcomes.map((o) => o.phase)).toEqual(['design']);
    expect(harness.prompts()[0]).toContain('There are no requirements yet, so write no "Validates" lines.');

    const second = await advance({ ...harness.env, name: 'todo-cli' });
    expect(second).toMatchObject({ approved: ['design'], outcomes: [{ phase: 'requirements' }] });
    expect(harness.prompts()[1]).toContain(`<spec-file name="design.md">\n${DESIGN.trimEnd()}\n</spec-file>`);
    expect(harness.prompts()[1]).toContain('deriving the requirements from the approved design.md');

    await advance({ ...harness.env, name: 'todo-cli' });
    expect(harness.specFile('todo-cli', 'tasks.md')).toBe(TASKS);
    expect(harness.prompts()[2]).toContain('Write tasks.md from the approved design.md and requirements.md above.');
  });
});

describe('naming and starting specs', () => {
  it.each([
    ['My Spec', 'must be kebab-case'],
    ['../escape', 'without "/" or "\\"'],
    ['a/b', 'without "/" or "\\"'],
    ['', 'is empty'],
  ])('refuses the name %j, naming the field, before anything is written', async (name, reason) => {
    harness = await startWorkflowHarness([reply(REQUIREMENTS)]);
    const attempt = createSpec({ ...harness.env, name, idea: 'A todo list' });
    await expect(attempt).rejects.toBeInstanceOf(SpecWorkflowInputError);
    await expect(attempt).rejects.toMatchObject({ field: 'name', message: expect.stringContaining(reason) });
    expect(harness.fake.requests).toHaveLength(0);
    expect(existsSync(path.join(harness.workspace, '.kiro'))).toBe(false);
  });

  it('refuses an empty idea', async () => {
    harness = await startWorkflowHarness([]);
    await expect(createSpec({ ...harness.env, name: 'todo-cli', idea: '  ' })).rejects.toMatchObject({ field: 'idea' });
  });

  it('refuses to start a spec whose folder already holds spec files', async () => {
    harness = await startWorkflowHarness([reply(REQUIREMENTS)]);
    mkdirSync(path.join(harness.workspace, '.kiro', 'specs', 'todo-cli'), { recursive: true });
    writeFileSync(path.join(harness.workspace, '.kiro', 'specs', 'todo-cli', 'requirements.md'), 'mine\n');
    await expect(createSpec({ ...harness.env, name: 'todo-cli', idea: 'A todo list' })).rejects.toBeInstanceOf(SpecAlreadyExistsError);
    expect(harness.specFile('todo-cli', 'requirements.md')).toBe('mine\n');
  });

  it('continues a spec Kiro wrote: its requirements are approved and design.md is written from them', async () => {
    harness = await startWorkflowHarness([reply(DESIGN)]);
    mkdirSync(path.join(harness.workspace, '.kiro', 'specs', 'from-kiro'), { recursive: true });
    writeFileSync(path.join(harness.workspace, '.kiro', 'specs', 'from-kiro', 'requirements.md'), REQUIREMENTS);
    expect(await status(harness.workspace, 'from-kiro')).toMatchObject({ tracked: false, current: 'requirements', next: 'design' });

    const result = await advance({ ...harness.env, name: 'from-kiro' });
    expect(result.approved).toEqual(['requirements']);
    expect(harness.specFile('from-kiro', 'design.md')).toBe(DESIGN);
    expect(result.status.tracked).toBe(true);
  });

  it('treats a file Kiro wrote as the user\'s own when asked to regenerate it', async () => {
    harness = await startWorkflowHarness([reply(REQUIREMENTS)]);
    mkdirSync(path.join(harness.workspace, '.kiro', 'specs', 'from-kiro'), { recursive: true });
    writeFileSync(path.join(harness.workspace, '.kiro', 'specs', 'from-kiro', 'requirements.md'), REQUIREMENTS);
    await expect(advance({ ...harness.env, name: 'from-kiro', regenerate: 'requirements' })).rejects.toThrow('was not written by Specwright');
  });

  it('names the existing specs when asked about one that does not exist', async () => {
    harness = await startWorkflowHarness([]);
    await expect(status(harness.workspace, 'nope')).rejects.toThrow('There is no spec "nope" in .kiro/specs/');
  });
});
