import { execFile } from 'node:child_process';
import { promises as fs, existsSync } from 'node:fs';
import * as path from 'node:path';
import { shadowGitEnv } from './gitEnvironment';
import { defaultExcludes } from './shadowRepository';

/** What bringing a task's work into the workspace did: the files it changed, or the files that conflict (then nothing changed). */
export type WorktreeMerge = { kind: 'merged'; files: Array<{ path: string; content: Buffer | null }> } | { kind: 'conflict'; files: string[] };

/** Folders a task's copy links to rather than copies: its tests need the workspace's installed dependencies. */
const LINKED_FOLDERS = ['node_modules'];

/**
 * A task's own copy of the workspace, for tasks that run side by side: a git repository of its own
 * (its `.git` stops git from walking up to the user's), filled from the workspace as it is now, with
 * the same files a checkpoint keeps (the workspace's .gitignore, the checkpoint excludes). Its work
 * comes back through a three-way merge against the workspace as it is then (`mergeInto`): the files
 * the task changed where the workspace did not are written, a file both changed differently is a
 * conflict and then nothing is written at all. Merges of one workspace must not overlap (the caller
 * queues them).
 */
export class TaskWorktree {
  /** The commit the next merge compares against: the copy at the start, then what was last merged. */
  private base = '';

  private constructor(
    readonly dir: string,
    private readonly workspace: string,
    private readonly timeoutMs: number,
  ) {}

  /** Creates the copy in `dir` (which must not exist) from `workspace` as it is now. */
  static async create(workspace: string, dir: string, timeoutMs = 120_000): Promise<TaskWorktree> {
    await fs.mkdir(path.dirname(dir), { recursive: true });
    await fs.mkdir(dir);
    const tree = new TaskWorktree(dir, workspace, timeoutMs);
    await tree.git(['init', '-q', '--initial-branch=task'], dir);
    await fs.writeFile(path.join(tree.gitDir, 'info', 'exclude'), [...defaultExcludes, ...LINKED_FOLDERS].join('\n') + '\n');
    // No hooks, signing or line-ending filters on the copy's commits (written at once: one process less per key).
    await fs.appendFile(path.join(tree.gitDir, 'config'), '[core]\n\thooksPath =\n\tautocrlf = false\n[commit]\n\tgpgSign = false\n[user]\n\tname = Specwright\n\temail = checkpoints@specwright.invalid\n');
    // Staged from the workspace itself, then written out here: exactly the files a checkpoint keeps.
    await tree.git(['add', '-A', '.'], workspace);
    tree.base = (await tree.git(['commit-tree', (await tree.git(['write-tree'], workspace)).trim(), '-m', 'task start'], workspace)).trim();
    await tree.git(['update-ref', 'HEAD', tree.base], dir);
    await tree.git(['reset', '-q', '--hard', 'HEAD'], dir);
    for (const name of LINKED_FOLDERS) {
      const source = path.join(workspace, name);
      if (existsSync(source)) await fs.symlink(source, path.join(dir, name)).catch(() => undefined);
    }
    return tree;
  }

  private get gitDir(): string {
    return path.join(this.dir, '.git');
  }

  /**
   * Brings what the task changed since the last merge into the workspace. `keep` lists paths whose
   * workspace version always stays (the spec's tasks.md: its status marks are the runner's alone).
   */
  async mergeInto(keep: readonly string[] = []): Promise<WorktreeMerge> {
    // The task's side: everything in its copy now, the kept paths as they were at the base.
    await this.git(['add', '-A', '.'], this.dir);
    for (const file of keep) await this.git(['reset', '-q', this.base, '--', file], this.dir);
    const result = await this.commit(await this.git(['write-tree'], this.dir), 'task work');
    // The workspace's side: staged into an index of its own, so the task's index stays as it is.
    const workspaceIndex = path.join(this.gitDir, 'workspace-index');
    await fs.rm(workspaceIndex, { force: true });
    await this.git(['add', '-A', '.'], this.workspace, workspaceIndex);
    const currentTree = (await this.git(['write-tree'], this.workspace, workspaceIndex)).trim();
    const current = await this.commit(currentTree, 'workspace now');

    const merged = await this.git(['merge-tree', '--write-tree', '--name-only', '--no-messages', current, result], this.dir, undefined, [0, 1]);
    const [mergedTree, ...rest] = merged.split('\n');
    const conflicts = rest.map((line) => line.trim()).filter(Boolean);
    if (conflicts.length) return { kind: 'conflict', files: [...new Set(conflicts)] };

    const changes = await this.changesBetween(currentTree, mergedTree!.trim());
    // Read everything before writing anything, and check the workspace still holds what was merged
    // against: a failure here leaves the workspace untouched.
    const planned: Array<{ path: string; mode: string; content: Buffer | null }> = [];
    const changedMeanwhile: string[] = [];
    for (const change of changes) {
      const onDisk = await this.blobIdOnDisk(change.path);
      if (onDisk !== change.oldId) changedMeanwhile.push(change.path);
      planned.push({ path: change.path, mode: change.newMode, content: change.newId === null ? null : await this.blob(change.newId) });
    }
    if (changedMeanwhile.length) return { kind: 'conflict', files: changedMeanwhile };
    for (const change of planned) await writeWorkspaceFile(this.workspace, change.path, change.mode, change.content);
    this.base = result;
    return { kind: 'merged', files: planned.map(({ path: file, content }) => ({ path: file, content })) };
  }

  /** Deletes the copy. */
  async remove(): Promise<void> {
    await fs.rm(this.dir, { recursive: true, force: true });
  }

  private async commit(tree: string, message: string): Promise<string> {
    return (await this.git(['commit-tree', tree.trim(), '-p', this.base, '-m', message], this.dir)).trim();
  }

  private async changesBetween(from: string, to: string): Promise<Array<{ path: string; oldId: string | null; newId: string | null; newMode: string }>> {
    const out = await this.git(['diff-tree', '-r', '-z', '--no-renames', from, to], this.dir);
    const fields = out.split('\0');
    const changes = [];
    for (let i = 0; i + 1 < fields.length; i += 2) {
      // ":100644 100644 <old> <new> M" then the path.
      const [, newMode, oldId, newId, status] = fields[i]!.slice(1).split(' ');
      const isGitlink = newMode === '160000';
      if (isGitlink) continue;
      changes.push({ path: fields[i + 1]!, oldId: status === 'A' ? null : oldId!, newId: status === 'D' ? null : newId!, newMode: newMode! });
    }
    return changes;
  }

  private async blobIdOnDisk(file: string): Promise<string | null> {
    const absolute = path.join(this.workspace, file);
    try {
      const stat = await fs.lstat(absolute);
      if (stat.isSymbolicLink()) return (await this.git(['hash-object', '--stdin'], this.dir, undefined, [0], await fs.readlink(absolute))).trim();
      return (await this.git(['hash-object', '--no-filters', '--', absolute], this.dir)).trim();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  private blob(id: string): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      execFile('git', ['cat-file', 'blob', id], { env: this.env(this.dir), cwd: this.dir, encoding: 'buffer', maxBuffer: 1 << 30, timeout: this.timeoutMs }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
    });
  }

  private env(workTree: string, index?: string): NodeJS.ProcessEnv {
    return { ...shadowGitEnv({ gitDir: this.gitDir, workTree }), ...(index ? { GIT_INDEX_FILE: index } : {}) };
  }

  /** Runs git on this copy's repository with `workTree` as its work tree; exit codes beyond `ok` fail with git's stderr. */
  private git(args: string[], workTree: string, index?: string, ok: number[] = [0], input?: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = execFile('git', args, { env: this.env(workTree, index), cwd: workTree, maxBuffer: 1 << 28, timeout: this.timeoutMs }, (error, stdout, stderr) => {
        const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : -1) : 0;
        if (ok.includes(code)) resolve(stdout);
        else reject(new Error(`git ${args[0]} failed in a task's copy of the workspace: ${(stderr || error?.message || '').trim()}`));
      });
      if (input !== undefined) child.stdin?.end(input);
    });
  }
}

/** Writes one merged file into the workspace with its mode (a symlink, an executable), or deletes it. */
async function writeWorkspaceFile(workspace: string, file: string, mode: string, content: Buffer | null): Promise<void> {
  const target = path.join(workspace, file);
  if (content === null) {
    await fs.rm(target, { force: true });
    return;
  }
  await fs.mkdir(path.dirname(target), { recursive: true });
  const temporary = `${target}.specwright-merge-${process.pid}`;
  if (mode === '120000') {
    await fs.rm(target, { force: true });
    await fs.symlink(content.toString('utf8'), target);
    return;
  }
  await fs.writeFile(temporary, content, { mode: mode === '100755' ? 0o755 : 0o644 });
  await fs.rename(temporary, target);
}
