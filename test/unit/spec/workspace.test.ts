import { cpSync, mkdirSync, mkdtempSync, promises as fsPromises, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FileChangedOnDiskError } from '../../../src/core/fs';
import { listSpecs, loadSpec, NotUtf8Error, SpecFileMissingError, SpecNotFoundError, TaskNotFoundError, updateTaskStatus } from '../../../src/core/spec';
import { fixturesRoot } from './fixtures';

let workspace: string;
const tasksFile = (spec = 'notes') => path.join(workspace, '.kiro', 'specs', spec, 'tasks.md');

beforeEach(() => {
  workspace = mkdtempSync(path.join(tmpdir(), 'specwright-spec-'));
  cpSync(path.join(fixturesRoot, 'workspace'), workspace, { recursive: true });
});

afterEach(() => {
  vi.restoreAllMocks();
  rmSync(workspace, { recursive: true, force: true });
});

describe('listSpecs', () => {
  it('lists every folder under .kiro/specs by name with the spec files it holds', async () => {
    writeFileSync(path.join(workspace, '.kiro', 'specs', 'README.md'), 'not a spec');
    const specs = await listSpecs(workspace);
    expect(specs.map((s) => [s.name, s.type, s.files])).toEqual([
      ['emoji-title', 'bugfix', ['bugfix.md', 'tasks.md']],
      ['notes', 'feature', ['requirements.md', 'design.md', 'tasks.md']],
    ]);
  });

  it('returns no specs for a workspace without .kiro/specs', async () => {
    expect(await listSpecs(mkdtempSync(path.join(tmpdir(), 'specwright-empty-')))).toEqual([]);
  });
});

describe('loadSpec', () => {
  it('reads and parses the files that exist and leaves the others out', async () => {
    const spec = await loadSpec(workspace, 'emoji-title');
    expect(Object.keys(spec.files).sort()).toEqual(['bugfix', 'tasks']);
    expect(spec.bugfix!.statements.map((s) => s.id)).toEqual(['1.1', '2.1', '3.1']);
    expect(spec.tasks!.allTasks).toHaveLength(2);
    expect(spec.requirements).toBeUndefined();
  });

  it('names the specs that do exist when asked for one that does not', async () => {
    await expect(loadSpec(workspace, 'nope')).rejects.toThrow(SpecNotFoundError);
    await expect(loadSpec(workspace, 'nope')).rejects.toThrow('There is no spec "nope" in .kiro/specs/; the specs are: emoji-title, notes.');
  });

  it('refuses a name that would leave .kiro/specs', async () => {
    await expect(loadSpec(workspace, '../specs/notes')).rejects.toThrow(SpecNotFoundError);
  });
});

describe('updateTaskStatus', () => {
  it('changes only the checkbox character of the task in tasks.md', async () => {
    const before = readFileSync(tasksFile(), 'utf8');
    const update = await updateTaskStatus(workspace, 'notes', '4', 'done');
    const after = readFileSync(tasksFile(), 'utf8');
    expect(update).toMatchObject({ taskId: '4', previous: 'todo', status: 'done', changed: true, text: after });
    expect(after).toBe(before.replace('- [ ]* 4.', '- [x]* 4.'));
  });

  it('writes nothing when the task already has the status', async () => {
    const update = await updateTaskStatus(workspace, 'notes', '1', 'done');
    expect(update.changed).toBe(false);
  });

  it('refuses to write when the file differs from the text the caller read', async () => {
    const before = readFileSync(tasksFile(), 'utf8');
    await expect(updateTaskStatus(workspace, 'notes', '4', 'done', { expectedContent: before + '\n' })).rejects.toThrow(FileChangedOnDiskError);
    expect(readFileSync(tasksFile(), 'utf8')).toBe(before);
  });

  it('refuses to write when the file changes on disk between reading and writing', async () => {
    const realReadFile = fsPromises.readFile;
    let reads = 0;
    vi.spyOn(fsPromises, 'readFile').mockImplementation((async (...args: Parameters<typeof realReadFile>) => {
      const bytes = await realReadFile(...args);
      // Someone saves the file right after our first read of it.
      if (String(args[0]) === tasksFile() && reads++ === 0) writeFileSync(tasksFile(), bytes.toString() + '- [ ] 5. Added meanwhile\n');
      return bytes;
    }) as typeof realReadFile);
    await expect(updateTaskStatus(workspace, 'notes', '4', 'done')).rejects.toThrow(/changed on disk since it was read/);
    expect(readFileSync(tasksFile(), 'utf8')).toContain('- [ ]* 4. Property tests\n  - _Requirements: 1.1_\n- [ ] 5. Added meanwhile');
  });

  it('says which task ids exist when the id is unknown', async () => {
    await expect(updateTaskStatus(workspace, 'notes', '9', 'done')).rejects.toThrow(TaskNotFoundError);
  });

  it('says the spec has no tasks.md when it is missing', async () => {
    mkdirSync(path.join(workspace, '.kiro', 'specs', 'empty'));
    await expect(updateTaskStatus(workspace, 'empty', '1', 'done')).rejects.toThrow(SpecFileMissingError);
  });

  it('refuses to rewrite a file that is not valid UTF-8, which would corrupt it', async () => {
    writeFileSync(tasksFile(), Buffer.concat([Buffer.from('- [ ] 1. Caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    await expect(updateTaskStatus(workspace, 'notes', '1', 'done')).rejects.toThrow(NotUtf8Error);
  });
});
