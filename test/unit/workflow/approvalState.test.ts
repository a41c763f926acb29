import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkflowStateError } from '../../../src/core/workflow';
import { ensureStateFolder, readSpecState, writeSpecState } from '../../../src/core/workflow/approvalState';

let workspace: string;
beforeEach(() => {
  workspace = mkdtempSync(path.join(tmpdir(), 'specwright-state-'));
});
afterEach(() => rmSync(workspace, { recursive: true, force: true }));

const stateFile = () => path.join(workspace, '.kiro', '.specwright', 'specs', 'todo.json');

describe('the approval state file', () => {
  it('round-trips through .kiro/.specwright/specs/<name>.json', async () => {
    const state = { version: 1 as const, type: 'feature' as const, flow: 'quick' as const, idea: 'x', phases: { tasks: { status: 'approved' as const, generatedHash: 'a'.repeat(64), approvedAt: '2025-01-01T00:00:00.000Z', basedOn: {} } } };
    await writeSpecState(workspace, 'todo', state);
    expect(await readSpecState(workspace, 'todo')).toEqual(state);
  });

  it('is null for a spec Specwright has not tracked', async () => {
    expect(await readSpecState(workspace, 'todo')).toBeNull();
  });

  it('names the file and the field when it holds something unusable', async () => {
    mkdirSync(path.dirname(stateFile()), { recursive: true });
    writeFileSync(stateFile(), JSON.stringify({ version: 1, type: 'feature', flow: 'quick', phases: { design: { status: 'done', generatedHash: null } } }));
    const error = await readSpecState(workspace, 'todo').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowStateError);
    expect((error as Error).message).toMatch(/^\.kiro\/\.specwright\/specs\/todo\.json: phases\.design\.status: .*delete it to let Specwright rebuild it/);
  });

  it('leaves a .gitignore the user already has alone', async () => {
    mkdirSync(path.join(workspace, '.kiro', '.specwright'), { recursive: true });
    writeFileSync(path.join(workspace, '.kiro', '.specwright', '.gitignore'), 'runs/\n');
    await ensureStateFolder(workspace);
    expect(readFileSync(path.join(workspace, '.kiro', '.specwright', '.gitignore'), 'utf8')).toBe('runs/\n');
  });
});
