import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { gitErrorText, userRepoGit } from './gitEnvironment';
import type { UserHead } from './types';

/**
 * The user's HEAD and branch, read-only; undefined when the workspace is not in a git repository.
 * Used only to warn at restore time that the repository moved since the checkpoint. Read from the
 * files git keeps where the layout is the usual one (every checkpoint asks, and a git process costs
 * more than the rest of a small checkpoint's reads); git itself answers for any other layout.
 */
export async function readUserHead(workspace: string, timeoutMs = 30_000): Promise<UserHead | undefined> {
  const fromFiles = await readHeadFiles(workspace).catch(() => null);
  if (fromFiles !== null) return fromFiles;
  const git = userRepoGit(workspace, timeoutMs);
  try {
    // One command for the usual case (a commit on a branch, or detached): the commit, then the ref
    // HEAD points at, or `HEAD` itself when detached.
    const [commit, ref] = (await git.raw(['rev-parse', 'HEAD', '--symbolic-full-name', 'HEAD'])).split('\n').map((l) => l.trim());
    if (commit && ref) return { commit, branch: ref === 'HEAD' ? null : ref.replace(/^refs\/heads\//, '') };
  } catch (error) {
    if (/not a git repository/i.test(gitErrorText(error))) return undefined;
    // A branch with no commits yet: asked below, the slow way.
  }
  try {
    // Both exit 1 quietly when there is no answer (unborn branch, detached HEAD); outside a repository they fail.
    const [commit, branch] = await Promise.all([git.raw(['rev-parse', '-q', '--verify', 'HEAD']), git.raw(['symbolic-ref', '-q', '--short', 'HEAD'])]);
    return { commit: commit.trim() || null, branch: branch.trim() || null };
  } catch {
    return undefined;
  }
}

const objectId = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/**
 * HEAD from a `.git` folder found upwards of the workspace, with loose or packed refs; undefined when
 * there is no `.git` anywhere above; null for anything else (a `.git` file of a worktree or
 * submodule, reftable, a symbolic ref to a symbolic ref), which git is then asked about.
 */
async function readHeadFiles(workspace: string): Promise<UserHead | undefined | null> {
  let gitDir: string | undefined;
  for (let dir = path.resolve(workspace); ; dir = path.dirname(dir)) {
    const stat = await fs.lstat(path.join(dir, '.git')).catch(() => null);
    if (stat?.isDirectory()) {
      gitDir = path.join(dir, '.git');
      break;
    }
    if (stat) return null;
    if (path.dirname(dir) === dir) return undefined;
  }
  if (await fs.lstat(path.join(gitDir, 'reftable')).then(() => true, () => false)) return null;
  const head = (await fs.readFile(path.join(gitDir, 'HEAD'), 'utf8')).trim();
  if (objectId.test(head)) return { commit: head, branch: null };
  const ref = /^ref: (refs\/\S+)$/.exec(head)?.[1];
  if (!ref) return null;
  const branch = ref.replace(/^refs\/heads\//, '');
  const loose = await fs.readFile(path.join(gitDir, ...ref.split('/')), 'utf8').then((text) => text.trim(), () => undefined);
  if (loose !== undefined) return objectId.test(loose) ? { commit: loose, branch } : null;
  const packed = await fs.readFile(path.join(gitDir, 'packed-refs'), 'utf8').catch(() => '');
  const line = packed.split('\n').find((l) => l.endsWith(` ${ref}`));
  const commit = line?.slice(0, line.indexOf(' '));
  return { commit: commit && objectId.test(commit) ? commit : null, branch };
}

/** The user's staged changes as a unified diff (read-only: no optional locks, no external diff tools). */
export async function readStagedDiff(workspace: string, timeoutMs = 30_000): Promise<string> {
  const git = userRepoGit(workspace, timeoutMs);
  try {
    // Outside a repository `git diff` silently turns into `git diff --no-index`: ask first.
    await git.raw(['rev-parse', '--git-dir']);
  } catch {
    throw new Error(`${workspace} is not in a git repository, so there are no staged changes to describe`);
  }
  try {
    return await git.raw(['diff', '--cached', '--no-color', '--no-ext-diff', '--no-textconv', '--find-renames']);
  } catch (error) {
    throw new Error(`could not read the staged changes in ${workspace}: ${gitErrorText(error).split('\n')[0]}`);
  }
}

/** Describes a HEAD for people: "main @ 1a2b3c4", "detached @ 1a2b3c4", "main (no commits)". */
export function describeHead(head: UserHead): string {
  const where = head.branch ?? 'detached HEAD';
  return head.commit ? `${where} @ ${head.commit.slice(0, 7)}` : `${where} (no commits)`;
}

/** A warning when the user's repository moved between the checkpoint and now, or undefined. */
export function headMovedWarning(then: UserHead | undefined, now: UserHead | undefined): string | undefined {
  if (!then || !now || (then.commit === now.commit && then.branch === now.branch)) return undefined;
  return (
    `your repository's HEAD moved since this checkpoint (${describeHead(then)} → ${describeHead(now)}); ` +
    'restoring puts files back as they were but does not move HEAD or any branch'
  );
}
