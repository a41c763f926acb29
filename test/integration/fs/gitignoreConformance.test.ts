import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CheckpointStore } from '../../../src/core/checkpoints';
import { WorkspaceGitignore } from '../../../src/core/fs';
import { makeWorkspace } from '../../support/workspace';

/**
 * One workspace, three readers of its .gitignore files: git itself, WorkspaceGitignore (the hooks
 * watcher and the agent's glob/grep tools) and the checkpoint store's snapshot (git through a shadow
 * repository). They must agree on every file.
 */
const FILES: Record<string, string> = {
  '.gitignore': ['*.log', '!keep.log', '/root-only.txt', 'generated-out/', 'docs/**/*.tmp', 'cache', 'tmp/*', '!tmp/.keep', 'vendor/', '\\#hash.txt', '*.bak'].join('\n'),
  'pkg/.gitignore': ['!debug.log', '/generated', '*.cache', '!vendor/', 'sub/private/', '# comment', '', '!*.bak'].join('\n'),
  'pkg/sub/.gitignore': ['*.txt', '!notes.txt', 'deeper/*.md', '!/keep.bak'].join('\r\n'),
  'ignored-dir/.gitignore': '!*\n',
  'a.log': '',
  'keep.log': '',
  'src/app.ts': '',
  'src/deep/b.log': '',
  'src/deep/keep.log': '',
  'root-only.txt': '',
  'src/root-only.txt': '',
  'generated-out/bundle.js': '',
  'src/generated-out/bundle.js': '',
  'docs/a.tmp': '',
  'docs/x/y/b.tmp': '',
  'docs/readme.md': '',
  'src/docs/c.tmp': '',
  'cache': '',
  'src/cache/data.bin': '',
  'tmp/junk': '',
  'tmp/.keep': '',
  'vendor/lib.js': '',
  '#hash.txt': '',
  'x.bak': '',
  'pkg/debug.log': '',
  'pkg/deep/debug.log': '',
  'pkg/other.log': '',
  'pkg/generated/x.js': '',
  'pkg/sub/generated/x.js': '',
  'pkg/a/b.cache': '',
  'pkg/vendor/lib.js': '',
  'pkg/sub/private/key': '',
  'pkg/y.bak': '',
  'pkg/sub/a.txt': '',
  'pkg/sub/notes.txt': '',
  'pkg/sub/deeper/readme.md': '',
  'pkg/sub/deeper/more/readme.md': '',
  'pkg/sub/keep.bak': '',
  'pkg/sub/other.bak': '',
  'pkg/sub/inner/a.txt': '',
  'ignored-dir.log/inside.ts': '',
};

function allFiles(root: string, dir = ''): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.name === '.git') return [];
    return entry.isDirectory() ? allFiles(root, relative) : [relative];
  });
}

function gitList(cwd: string, args: string[], env: NodeJS.ProcessEnv = process.env): string[] {
  return execFileSync('git', ['-c', 'core.excludesFile=/dev/null', ...args], { cwd, env, encoding: 'utf8' }).split('\0').filter(Boolean).sort();
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('.gitignore: git, WorkspaceGitignore and the checkpoint store agree', () => {
  const workspace = makeWorkspace(FILES);
  const files = allFiles(workspace);
  const rules = new WorkspaceGitignore(workspace);
  const ours = files.filter((file) => !rules.ignores(file, false)).sort();

  it('keeps exactly the files git keeps', () => {
    const repo = makeWorkspace(FILES);
    execFileSync('git', ['init', '-q'], { cwd: repo });
    expect(ours).toEqual(gitList(repo, ['ls-files', '-z', '--others', '--exclude-standard']));
    // The fixture does exercise both sides.
    expect(ours.length).toBeGreaterThan(10);
    expect(files.length - ours.length).toBeGreaterThan(10);
  });

  it('keeps exactly the files a checkpoint snapshots, whatever the user’s global git excludes file says', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'sw-home-'));
    mkdirSync(path.join(home, '.config', 'git'), { recursive: true });
    writeFileSync(path.join(home, '.config', 'git', 'ignore'), 'src/\n*.md\n');
    vi.stubEnv('HOME', home);
    vi.stubEnv('XDG_CONFIG_HOME', path.join(home, '.config'));
    const gitDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'sw-cp-')), 'shadow');
    // No extra excludes: the workspace's .gitignore files alone decide.
    const store = new CheckpointStore({ workspace, gitDir, excludes: [] });
    const checkpoint = await store.create({ task: null, reason: 'manual' });
    const env = { ...process.env, GIT_DIR: gitDir };
    const snapshotted = gitList(workspace, ['ls-tree', '-r', '-z', '--name-only', `refs/specwright/checkpoints/${checkpoint.id}`], env);
    expect(snapshotted).toEqual(ours);
  });
});
