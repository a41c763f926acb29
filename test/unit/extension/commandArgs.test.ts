import { describe, expect, it } from 'vitest';
import { checkpointIdOf, runIdOf, specTargetOf, taskTargetOf, workspaceRootOfSpecFile } from '../../../src/extension/commands/commandArgs';

describe('command arguments', () => {
  it('reads a task from lens arguments, with the tasks.md path', () => {
    expect(taskTargetOf({ specName: 'todo', taskId: '2.1', uri: 'file:///w/a%20b/.kiro/specs/todo/tasks.md' })).toEqual({ spec: 'todo', taskId: '2.1', fsPath: '/w/a b/.kiro/specs/todo/tasks.md' });
  });

  it('reads a task from a tree node', () => {
    expect(taskTargetOf({ kind: 'task', specName: 'todo', taskId: '3', fsPath: '/w/.kiro/specs/todo/tasks.md' })?.fsPath).toBe('/w/.kiro/specs/todo/tasks.md');
  });

  it('ignores what does not name a task', () => {
    expect(taskTargetOf(undefined)).toBeNull();
    expect(taskTargetOf({ specName: 'todo' })).toBeNull();
  });

  it('reads specs, runs and checkpoints', () => {
    expect(specTargetOf({ specName: 'todo', uri: 'file:///w/.kiro/specs/todo/design.md', phase: 'design' })).toEqual({ spec: 'todo', fsPath: '/w/.kiro/specs/todo/design.md', phase: 'design' });
    expect(runIdOf({ runId: 'r1' })).toBe('r1');
    expect(checkpointIdOf({ checkpointId: 'abc' })).toBe('abc');
  });

  it('finds the workspace root of a spec file', () => {
    expect(workspaceRootOfSpecFile('/w/proj/.kiro/specs/todo/tasks.md')).toBe('/w/proj');
    expect(workspaceRootOfSpecFile('/w/proj/README.md')).toBeNull();
  });
});
