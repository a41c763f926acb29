import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTINUE_PROMPT } from '../../../src/core/model';
import { advance, createSpec, PhaseCutOffError, type SpecWorkflowProgress } from '../../../src/core/workflow';
import { startFakeAnthropic, type ScriptedReply } from '../../support/fakeAnthropic';
import { runSpecwright } from '../../support/workspace';
import { DESIGN, REQUIREMENTS } from './specDocuments';
import { reply, startWorkflowHarness, type WorkflowHarness } from './workflowHarness';

const IDEA = 'A todo list for the terminal that keeps items in todos.json';
let harness: WorkflowHarness;
afterEach(() => harness?.close());

const cut = (text: string): ScriptedReply => ({ content: [{ type: 'text', text }], stopReason: 'max_tokens' });

/** Splits a document at `at` (mid-line), as an answer cut by the output limit would be. */
function cutAt(text: string, needle: string): [string, string] {
  const at = text.indexOf(needle) + Math.floor(needle.length / 2);
  return [text.slice(0, at), text.slice(at)];
}

describe('a phase document cut off at max_tokens', () => {
  it('is continued: the model gets its cut answer back and the request for the rest, and the file is the whole document', async () => {
    const [first, rest] = cutAt(REQUIREMENTS, '### Requirement 2');
    harness = await startWorkflowHarness([cut(first), reply(rest)]);
    const progress: SpecWorkflowProgress[] = [];
    await createSpec({ ...harness.env, name: 'todo-cli', idea: IDEA, onProgress: (p) => progress.push(p) });

    expect(harness.specFile('todo-cli', 'requirements.md')).toBe(REQUIREMENTS);
    const second = harness.fake.requests[1]!.body!.messages;
    expect(second).toHaveLength(3);
    const text = (m: (typeof second)[number]) => (typeof m.content === 'string' ? m.content : m.content.map((b) => (b.type === 'text' ? b.text : '')).join(''));
    expect(second.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(text(second[1]!)).toBe(first.trimEnd());
    expect(text(second[2]!)).toBe(CONTINUE_PROMPT);
    expect(progress.find((p) => p.type === 'phase_continuing')).toEqual({ type: 'phase_continuing', phase: 'requirements', file: '.kiro/specs/todo-cli/requirements.md', round: 1, of: 3 });
  });

  it('keeps a line break that fell exactly at the cut, and drops a cut line the model started over', async () => {
    const atBreak = REQUIREMENTS.indexOf('### Requirement 2');
    harness = await startWorkflowHarness([cut(REQUIREMENTS.slice(0, atBreak)), reply(REQUIREMENTS.slice(atBreak))]);
    await createSpec({ ...harness.env, name: 'todo-cli', idea: IDEA });
    expect(harness.specFile('todo-cli', 'requirements.md')).toBe(REQUIREMENTS);
    await harness.close();

    const [first] = cutAt(REQUIREMENTS, 'SHALL exit with status 2');
    const lineStart = first.lastIndexOf('\n') + 1;
    harness = await startWorkflowHarness([cut(first), reply(`\n${REQUIREMENTS.slice(lineStart)}`)]);
    await createSpec({ ...harness.env, name: 'todo-cli', idea: IDEA });
    expect(harness.specFile('todo-cli', 'requirements.md')).toBe(REQUIREMENTS);
  });

  it('fails after the last continuation with an error naming the phase and the file, and writes nothing', async () => {
    harness = await startWorkflowHarness([reply(REQUIREMENTS), cut('# Design Document\n\n## Overview\n\nThe'), cut(' design'), cut(' goes'), cut(' on')]);
    await createSpec({ ...harness.env, name: 'todo-cli', idea: IDEA });
    const error = await advance({ ...harness.env, name: 'todo-cli' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PhaseCutOffError);
    expect((error as Error).message).toMatch(/^The design document \.kiro\/specs\/todo-cli\/design\.md could not be written: the model's answer was cut off\./);
    expect((error as Error).message).toContain('after 3 continuations');
    expect((error as Error).message).toContain('model.maxTokens');
    expect(harness.specFile('todo-cli', 'design.md')).toBeNull();
    expect(harness.fake.requests).toHaveLength(5);
  });

  it('from the CLI: says it is asking for the rest, then writes the whole file; a hopeless cut exits 1 naming the file', async () => {
    const [first, rest] = cutAt(DESIGN, '## Components');
    const fake = await startFakeAnthropic([reply(REQUIREMENTS), cut(first), reply(rest), cut('# Tasks\n\n- [ ] 1.'), cut(' Set'), cut(' up'), cut(' the')]);
    try {
      const workspace = mkdtempSync(path.join(tmpdir(), 'specwright-cut-'));
      const env = { ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: fake.url };
      const created = await runSpecwright(['--workspace', workspace, 'spec', 'new', 'todo-cli', '--idea', IDEA, '--through', 'design'], { env });
      expect(created.stderr).toBe('');
      expect(created.stdout).toContain('design.md stopped at the output limit; asking the model for the rest (1 of 3)');
      expect(created.code).toBe(0);
      const next = await runSpecwright(['--workspace', workspace, 'spec', 'next', 'todo-cli'], { env });
      expect(next.code).toBe(1);
      expect(next.stderr).toMatch(/^specwright: The tasks document \.kiro\/specs\/todo-cli\/tasks\.md could not be written/);
      expect(existsSync(path.join(workspace, '.kiro/specs/todo-cli/tasks.md'))).toBe(false);
    } finally {
      await fake.close();
    }
  });
});
