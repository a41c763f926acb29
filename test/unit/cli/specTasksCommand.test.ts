import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runSpecwright as run } from '../spec/cliRun';

const fixtureWorkspace = path.resolve(__dirname, '../../fixtures/specs/workspace');
const example = path.resolve(__dirname, '../../../examples/todo-app');

let workspace: string;
const tasksFile = () => path.join(workspace, '.kiro', 'specs', 'notes', 'tasks.md');
beforeEach(() => {
  workspace = mkdtempSync(path.join(tmpdir(), 'specwright-tasks-'));
  cpSync(fixtureWorkspace, workspace, { recursive: true });
});
afterEach(() => rmSync(workspace, { recursive: true, force: true }));

describe('specwright tasks list', () => {
  it('prints the documented JSON in document order', async () => {
    const { code, stdout } = await run(['--workspace', workspace, 'tasks', 'list', 'notes', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      spec: 'notes',
      tasks: [
        { id: '1', title: 'Store notes', status: 'done', optional: false, requirements: ['1.1', '1.3'], line: 3, parent: null },
        { id: '2', title: 'Read notes', status: 'in_progress', optional: false, requirements: ['3.1', '7.7'], line: 5, parent: null },
        { id: '2', title: 'Document the API', status: 'todo', optional: false, requirements: [], line: 7, parent: null },
        { id: '4', title: 'Property tests', status: 'todo', optional: true, requirements: ['1.1'], line: 8, parent: null },
      ],
    });
  });

  it('names the parent of each sub-task', async () => {
    const { stdout } = await run(['--workspace', example, 'tasks', 'list', 'todo-cli', '--json']);
    const parents = JSON.parse(stdout).tasks.map((t: { id: string; parent: string | null }) => `${t.id}<${t.parent}`);
    expect(parents).toEqual(['1<null', '2<null', '2.1<2', '2.2<2', '2.3<2', '3<null', '3.1<3', '3.2<3', '3.3<3', '4<null', '5<null']);
  });

  it('prints an aligned table for people with sub-tasks indented', async () => {
    const { stdout } = await run(['--workspace', example, 'tasks', 'list', 'todo-cli']);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('[ ]  1    Implement `addTodo` in `src/todo.js` with tests                               1.1, 1.2, 1.3');
    expect(lines[2]).toBe('[ ]  2.1    Implement `formatList(todos)` in `src/todo.js`                              2.1, 2.2');
    expect(lines[4]).toContain('Write a property test for unique, increasing ids (optional)');
    expect(lines.at(-2)).toBe('0/11 done');
  });

  it('exits 2 when the spec name is missing', async () => {
    const { code, stderr } = await run(['--workspace', workspace, 'tasks', 'list']);
    expect([code, stderr]).toEqual([2, 'specwright: tasks list needs a spec name; run "specwright spec list" to see them\n']);
  });

  it('exits 2 naming the existing specs when the spec does not exist', async () => {
    const { code, stderr } = await run(['--workspace', example, 'tasks', 'list', 'nope']);
    expect([code, stderr]).toEqual([2, 'specwright: There is no spec "nope" in .kiro/specs/; the specs are: todo-cli.\n']);
  });

  it('exits 2 when the spec has no tasks.md', async () => {
    mkdirSync(path.join(workspace, '.kiro', 'specs', 'draft'));
    writeFileSync(path.join(workspace, '.kiro', 'specs', 'draft', 'requirements.md'), '# Requirements\n');
    const { code, stderr } = await run(['--workspace', workspace, 'tasks', 'list', 'draft']);
    expect([code, stderr]).toEqual([2, 'specwright: Spec "draft" has no tasks.md; create .kiro/specs/draft/tasks.md first.\n']);
  });
});

describe('specwright tasks set', () => {
  it('sets one checkbox, changing only that character, and says what changed', async () => {
    const before = readFileSync(tasksFile(), 'utf8');
    const { code, stdout } = await run(['--workspace', workspace, 'tasks', 'set', 'notes', '4', 'in_progress']);
    expect([code, stdout]).toEqual([0, 'notes 4 Property tests: todo → in_progress\n']);
    expect(readFileSync(tasksFile(), 'utf8')).toBe(before.replace('- [ ]* 4.', '- [-]* 4.'));
  });

  it('reports a task that already has the status without writing', async () => {
    const { code, stdout } = await run(['--workspace', workspace, 'tasks', 'set', 'notes', '1', 'done']);
    expect([code, stdout]).toEqual([0, 'notes 1 Store notes: already done\n']);
  });

  it('exits 2 for a status that is not one of the four', async () => {
    const { code, stderr } = await run(['--workspace', workspace, 'tasks', 'set', 'notes', '1', 'finished']);
    expect([code, stderr]).toEqual([2, 'specwright: "finished" is not a task status; use one of todo, in_progress, queued, done\n']);
  });

  it('exits 2 naming the duplicated lines for an ambiguous id, and writes nothing', async () => {
    const before = readFileSync(tasksFile(), 'utf8');
    const { code, stderr } = await run(['--workspace', workspace, 'tasks', 'set', 'notes', '2', 'done']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^specwright: Task id "2" is used by several tasks in .*tasks\.md \(lines 5, 7\); renumber them/);
    expect(readFileSync(tasksFile(), 'utf8')).toBe(before);
  });

  it('exits 2 for an unknown task id, listing the ids that exist', async () => {
    const { code, stderr } = await run(['--workspace', workspace, 'tasks', 'set', 'notes', '9.9', 'done']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/There is no task "9\.9" in .*tasks\.md; its task ids run 1, 2, 2, 4\.\n$/);
  });

  it('exits 2 when arguments are missing or extra', async () => {
    expect((await run(['--workspace', workspace, 'tasks', 'set', 'notes', '1'])).code).toBe(2);
    expect((await run(['--workspace', workspace, 'tasks', 'set', 'notes', '1', 'done', 'extra'])).code).toBe(2);
  });
});
