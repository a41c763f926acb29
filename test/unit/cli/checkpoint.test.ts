import { existsSync, mkdtempSync, promises as fs, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/cli';
import { openWorkspaceCheckpointStore, type CheckpointStore } from '../../../src/core/checkpoints';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function workspaceWith(files: Record<string, string>): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sw-cli-cp-'));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await fs.writeFile(path.join(dir, name), content);
  }
  return dir;
}

/** Runs `specwright --workspace <workspace> checkpoint …` in-process. */
async function checkpointCli(workspace: string, ...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['--workspace', workspace, 'checkpoint', ...args], {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    isTTY: false,
    env: {},
    signal: new AbortController().signal,
  });
  return { code, stdout, stderr };
}

/** A workspace with one checkpoint (taken the way a CLI run takes it), then an agent edit. */
async function afterOneTask(): Promise<{ workspace: string; store: CheckpointStore; id: string }> {
  const workspace = await workspaceWith({ 'src/app.ts': 'v1\n', 'README.md': 'readme\n' });
  const store = await openWorkspaceCheckpointStore(workspace);
  const { id } = await store.create({ task: 'Task 1: bump the version', reason: 'before-task' });
  await fs.writeFile(path.join(workspace, 'src/app.ts'), 'v2\n');
  await fs.writeFile(path.join(workspace, 'src/new.ts'), 'new\n');
  await store.recordAgentStep();
  return { workspace, store, id };
}

describe('specwright checkpoint list', () => {
  it('prints the checkpoints as JSON with id, task, createdAt and files', async () => {
    const { workspace, id } = await afterOneTask();

    const { code, stdout } = await checkpointCli(workspace, 'list', '--json');

    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as { checkpoints: Record<string, unknown>[] };
    expect(parsed.checkpoints).toEqual([{ id, task: 'Task 1: bump the version', createdAt: expect.any(String), files: 2 }]);
  });

  it('prints a table for people', async () => {
    const { workspace, id } = await afterOneTask();

    const { code, stdout } = await checkpointCli(workspace, 'list');

    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toMatch(/^ID\s+CREATED\s+FILES\s+TASK$/);
    expect(stdout).toMatch(new RegExp(`^${id}\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+2\\s+Task 1: bump the version$`, 'm'));
  });

  it('prints an empty list, and creates nothing, in a workspace without checkpoints', async () => {
    const workspace = await workspaceWith({ 'a.txt': 'a' });

    const { code, stdout } = await checkpointCli(workspace, 'list', '--json');

    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ checkpoints: [] });
    expect(existsSync(path.join(workspace, '.kiro'))).toBe(false);
  });

  it('keeps run state out of the user’s commits with a .gitignore of *', async () => {
    const { workspace } = await afterOneTask();

    expect(readFileSync(path.join(workspace, '.kiro/.specwright/.gitignore'), 'utf8')).toBe('*\n');
    expect(existsSync(path.join(workspace, '.kiro/.specwright/checkpoints/HEAD'))).toBe(true);
  });
});

describe('specwright checkpoint diff', () => {
  it('prints the unified diff of every file changed since the checkpoint', async () => {
    const { workspace, id } = await afterOneTask();

    const { code, stdout } = await checkpointCli(workspace, 'diff', id);

    expect(code).toBe(0);
    expect(stdout).toContain('--- a/src/app.ts\n+++ b/src/app.ts\n@@ -1 +1 @@\n-v1\n+v2\n');
    expect(stdout).toContain('+++ b/src/new.ts');
  });

  it('exits 2 with one line on stderr for an unknown id', async () => {
    const { workspace } = await afterOneTask();

    const { code, stderr } = await checkpointCli(workspace, 'diff', 'ffffffff');

    expect(code).toBe(2);
    expect(stderr).toBe('specwright: no checkpoint matches "ffffffff"; list the checkpoints to see their ids (specwright checkpoint list)\n');
  });
});

describe('specwright checkpoint restore', () => {
  it('restores the files and says how to undo it', async () => {
    const { workspace, id } = await afterOneTask();

    const { code, stdout } = await checkpointCli(workspace, 'restore', id);

    expect(code).toBe(0);
    expect(stdout).toMatch(/^\s+modify\s+src\/app\.ts\s+\+1 -1$/m);
    expect(stdout).toMatch(/^\s+delete\s+src\/new\.ts/m);
    expect(stdout).toMatch(/Restored 2 file\(s\) from checkpoint [0-9a-f]{12}\. To undo: specwright checkpoint restore [0-9a-f]{12}\n$/);
    expect(readFileSync(path.join(workspace, 'src/app.ts'), 'utf8')).toBe('v1\n');
    expect(existsSync(path.join(workspace, 'src/new.ts'))).toBe(false);
  });

  it('shows the plan and changes nothing with --dry-run', async () => {
    const { workspace, id } = await afterOneTask();

    const { code, stdout } = await checkpointCli(workspace, 'restore', id, '--dry-run');

    expect(code).toBe(0);
    expect(stdout).toContain('Restore would change');
    expect(stdout).toContain('Dry run: nothing was changed.');
    expect(readFileSync(path.join(workspace, 'src/app.ts'), 'utf8')).toBe('v2\n');
  });

  it('exits 1 and changes nothing when a file has edits the agent did not make', async () => {
    const { workspace, id } = await afterOneTask();
    await fs.writeFile(path.join(workspace, 'src/app.ts'), 'v2 plus my edit\n');

    const { code, stdout, stderr } = await checkpointCli(workspace, 'restore', id);

    expect(code).toBe(1);
    expect(stdout).toMatch(/src\/app\.ts .*conflict: changed since the last checkpoint/);
    expect(stderr).toMatch(/^specwright: restore of checkpoint [0-9a-f]{12} refused, nothing was changed: .*or restore anyway to overwrite it\. Restore with --force to overwrite those changes \(they stay in the safety checkpoint\)\.\n$/);
    expect(readFileSync(path.join(workspace, 'src/app.ts'), 'utf8')).toBe('v2 plus my edit\n');
  });

  it('overwrites those edits with --force', async () => {
    const { workspace, id } = await afterOneTask();
    await fs.writeFile(path.join(workspace, 'src/app.ts'), 'v2 plus my edit\n');

    const { code } = await checkpointCli(workspace, 'restore', id, '--force');

    expect(code).toBe(0);
    expect(readFileSync(path.join(workspace, 'src/app.ts'), 'utf8')).toBe('v1\n');
  });

  it('exits 2 when the workspace has no checkpoints', async () => {
    const workspace = await workspaceWith({ 'a.txt': 'a' });

    const { code, stderr } = await checkpointCli(workspace, 'restore', 'abcd1234');

    expect(code).toBe(2);
    expect(stderr).toBe('specwright: no checkpoint "abcd1234": this workspace has no checkpoints yet\n');
  });
});

describe('specwright checkpoint usage errors', () => {
  it.each([
    [['restore'], 'expected one checkpoint ID; run "specwright checkpoint list" to see them'],
    [['restore', 'abcd', '--hard'], 'unknown option --hard (expected --force, --dry-run)'],
    [['list', 'extra'], 'unexpected argument extra'],
    [['prune'], 'unknown checkpoint command "prune"; use list, diff or restore'],
    [[], 'checkpoint needs a command: list, diff or restore'],
  ])('exits 2 for %j with a one-line message', async (args, message) => {
    const workspace = await workspaceWith({});

    const { code, stderr } = await checkpointCli(workspace, ...args);

    expect(code).toBe(2);
    expect(stderr).toBe(`specwright: ${message}\n`);
  });
});
