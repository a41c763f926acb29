import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, promises as fs, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach } from 'vitest';
import { CheckpointStore, type CheckpointStoreOptions } from '../../../src/core/checkpoints';

const made: string[] = [];

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, removed after the test. */
export function tempDir(prefix = 'sw-checkpoints-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Writes files (string or bytes) under root, creating folders; `mode` sets permission bits. */
export async function write(root: string, files: Record<string, string | Uint8Array>, mode?: number): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, content);
    if (mode !== undefined) await fs.chmod(file, mode);
  }
}

/**
 * Every file under root (symlinks as "-> target"), with content as base64 and the exec bit, so two
 * states compare byte for byte. Folders named in `skip` (relative) are left out.
 */
export function treeState(root: string, skip: string[] = []): Record<string, string> {
  const state: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      const rel = path.relative(root, full).split(path.sep).join('/');
      if (skip.includes(rel)) continue;
      const stat = lstatSync(full);
      if (stat.isSymbolicLink()) state[rel] = `-> ${readlinkSync(full)}`;
      else if (stat.isDirectory()) {
        state[`${rel}/`] = 'dir';
        walk(full);
      } else state[rel] = `${stat.mode & 0o111 ? 'x' : '-'} ${readFileSync(full).toString('base64')}`;
    }
  };
  walk(root);
  return state;
}

/** A workspace and a store whose shadow repository lives outside it (as in the extension). */
export function workspaceWithStore(options: Partial<CheckpointStoreOptions> = {}): { workspace: string; gitDir: string; store: CheckpointStore; notices: string[] } {
  const workspace = tempDir('sw-ws-');
  const gitDir = path.join(tempDir('sw-store-'), 'checkpoints');
  const notices: string[] = [];
  const store = new CheckpointStore({ workspace, gitDir, onNotice: (m) => notices.push(m), ...options });
  return { workspace, gitDir, store, notices };
}

/** Runs the real git in `cwd` as a user would (their identity, no shadow repository involved). */
export function userGit(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...cleanEnv(), GIT_AUTHOR_NAME: 'User', GIT_AUTHOR_EMAIL: 'user@example.com', GIT_COMMITTER_NAME: 'User', GIT_COMMITTER_EMAIL: 'user@example.com' },
  });
}

function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_')) env[k] = v;
  return env;
}

/** A user repository with one commit on `main`. */
export function initUserRepo(workspace: string, files: Record<string, string> = { 'README.md': '# project\n' }): void {
  userGit(workspace, 'init', '-q', '-b', 'main');
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(workspace, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  userGit(workspace, 'add', '-A');
  userGit(workspace, 'commit', '-q', '-m', 'initial');
}
