import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SpecWorkflowSubcommand } from '../../../src/cli/commands/specWorkflow';
import { NO_API_KEY_MESSAGE } from '../../../src/core/model';
import { startFakeAnthropic, type FakeAnthropic } from '../../support/fakeAnthropic';
import { runSpecwright } from '../../support/workspace';
import { DESIGN, REQUIREMENTS, REQUIREMENTS_NOT_EARS } from './specDocuments';
import { readOrNull, reply } from './workflowHarness';

let workspace: string;
let home: string;
let fake: FakeAnthropic | undefined;
beforeEach(() => {
  workspace = mkdtempSync(path.join(tmpdir(), 'specwright-cli-workflow-'));
  home = mkdtempSync(path.join(tmpdir(), 'specwright-home-'));
});
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  rmSync(workspace, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

async function run(sub: SpecWorkflowSubcommand, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  // Through the real CLI entry, so the `spec` command's routing is exercised too.
  return runSpecwright(['--workspace', workspace, 'spec', sub, ...args], { env: { HOME: home, ...env } });
}

async function withModel(texts: string[]): Promise<NodeJS.ProcessEnv> {
  fake = await startFakeAnthropic(texts.map(reply));
  return { ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: fake.url };
}

describe('specwright spec new', () => {
  it('exits 2 with the provider\'s message when there is no API key, writing nothing', async () => {
    const { code, stdout, stderr } = await run('new', ['todo-cli', '--idea', 'A todo list']);
    expect([code, stdout, stderr]).toEqual([2, '', `specwright: ${NO_API_KEY_MESSAGE} Set ANTHROPIC_API_KEY (in VS Code: run "Specwright: Set API Key").\n`]);
    expect(readOrNull(path.join(workspace, '.kiro', 'specs', 'todo-cli', 'requirements.md'))).toBeNull();
  });

  it('prints its progress, the lint result and where the file was written', async () => {
    const { code, stdout } = await run('new', ['todo-cli', '--idea', 'A todo list'], await withModel([REQUIREMENTS]));
    expect(code).toBe(0);
    expect(stdout).toBe([
      'Writing requirements.md…',
      'Lint: clean',
      'Wrote .kiro/specs/todo-cli/requirements.md',
      'Review requirements.md, then run `specwright spec next todo-cli` to approve it and write design.md, or `specwright spec next todo-cli --feedback "…"` to revise it.',
      '',
    ].join('\n'));
    expect(readOrNull(path.join(workspace, '.kiro', 'specs', 'todo-cli', 'requirements.md'))).toBe(REQUIREMENTS);
  });

  it('says when a repair was needed and lists what the lint still finds', async () => {
    const { code, stdout } = await run('new', ['todo-cli', '--idea', 'A todo list'], await withModel([REQUIREMENTS_NOT_EARS, REQUIREMENTS_NOT_EARS]));
    expect(code).toBe(0);
    expect(stdout).toContain('Lint: 1 warning in requirements.md; asking the model for a corrected document…\n');
    expect(stdout).toContain('Lint: 1 warning after repair\n');
    expect(stdout).toMatch(/ {2}requirements\.md:20:1 {2}warning {2}non-ears-criterion {2}Criterion 1\.2 does not follow an EARS pattern/);
  });

  it('exits 2 naming the field when the name is not kebab-case, before looking for a key', async () => {
    const { code, stderr } = await run('new', ['Todo CLI', '--idea', 'A todo list']);
    expect(code).toBe(2);
    expect(stderr).toContain('name must be kebab-case');
  });

  it('exits 2 when --idea is missing', async () => {
    const { code, stderr } = await run('new', ['todo-cli']);
    expect([code, stderr]).toEqual([2, 'specwright: spec new needs --idea "…": describe the feature (or the bug) to write the spec for\n']);
  });

  it('exits 2 for an unknown flow, listing the flows', async () => {
    const { code, stderr } = await run('new', ['todo-cli', '--idea', 'x', '--flow', 'fast']);
    expect([code, stderr]).toEqual([2, 'specwright: Spec flow "fast" is not valid: flow must be one of requirements-first, design-first, quick.\n']);
  });
});

describe('specwright spec next and status', () => {
  it('approves the current phase and writes the next one', async () => {
    const env = await withModel([REQUIREMENTS, DESIGN]);
    await run('new', ['todo-cli', '--idea', 'A todo list'], env);
    const { code, stdout } = await run('next', ['todo-cli'], env);
    expect(code).toBe(0);
    expect(stdout.split('\n').slice(0, 4)).toEqual(['Approved requirements.md', 'Writing design.md…', 'Lint: clean', 'Wrote .kiro/specs/todo-cli/design.md']);
  });

  it('prints each phase\'s state as JSON', async () => {
    const env = await withModel([REQUIREMENTS]);
    await run('new', ['todo-cli', '--idea', 'A todo list'], env);
    const { code, stdout } = await run('status', ['todo-cli', '--json']);
    expect(code).toBe(0);
    const spec = JSON.parse(stdout);
    expect(spec).toMatchObject({ name: 'todo-cli', type: 'feature', flow: 'requirements-first', current: 'requirements', next: 'design' });
    expect(spec.phases.map((p: { file: string; status: string }) => `${p.file} ${p.status}`)).toEqual(['requirements.md draft', 'design.md missing', 'tasks.md missing']);
  });

  it('prints a readable status with the next step', async () => {
    const env = await withModel([REQUIREMENTS]);
    await run('new', ['todo-cli', '--idea', 'A todo list'], env);
    const { stdout } = await run('status', ['todo-cli']);
    expect(stdout).toContain('todo-cli  feature spec, requirements-first\n');
    expect(stdout).toMatch(/ {2}requirements\.md {2}draft/);
    expect(stdout).toContain('run `specwright spec next todo-cli` to approve it and write design.md');
  });

  it('exits 2 for a regenerate phase the spec does not have', async () => {
    const env = await withModel([REQUIREMENTS]);
    await run('new', ['todo-cli', '--idea', 'A todo list'], env);
    const { code, stderr } = await run('next', ['todo-cli', '--regenerate', 'bugfix'], env);
    expect([code, stderr]).toEqual([2, 'specwright: regenerate "bugfix" is not a phase of this feature spec: regenerate must be one of requirements, design, tasks.\n']);
  });
});
