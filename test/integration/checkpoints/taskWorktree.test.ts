import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TaskWorktree } from '../../../src/core/checkpoints';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'sw-worktree-'));
  made.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

const read = (root: string, file: string) => readFileSync(path.join(root, file), 'utf8');
const copyDir = (ws: string, name: string) => path.join(ws, '.kiro/.specwright/worktrees', name);

describe('TaskWorktree: a task’s own copy of the workspace', () => {
  it('copies what a checkpoint keeps (not ignored files, not run state), links node_modules, and is a git repository of its own', async () => {
    const ws = workspace({ 'src/a.js': 'a\n', '.gitignore': 'secret-build/\n', 'secret-build/out.js': 'x', 'node_modules/dep/index.js': 'dep', '.kiro/.specwright/runs/r.jsonl': '{}' });
    const copy = await TaskWorktree.create(ws, copyDir(ws, 't1'));
    expect(read(copy.dir, 'src/a.js')).toBe('a\n');
    expect(existsSync(path.join(copy.dir, 'secret-build'))).toBe(false);
    expect(existsSync(path.join(copy.dir, '.kiro/.specwright/runs'))).toBe(false);
    expect(lstatSync(path.join(copy.dir, 'node_modules')).isSymbolicLink()).toBe(true);
    expect(read(copy.dir, 'node_modules/dep/index.js')).toBe('dep');
    expect(statSync(path.join(copy.dir, '.git')).isDirectory()).toBe(true);
  });

  it('merges each copy’s changes (new, changed, deleted, executable, symlink) into a workspace others changed meanwhile', async () => {
    const ws = workspace({ 'a.txt': 'a\n', 'b.txt': 'b\n', 'gone.txt': 'bye\n', 'shared.txt': 'one\ntwo\nthree\nfour\nfive\n' });
    const first = await TaskWorktree.create(ws, copyDir(ws, 'first'));
    const second = await TaskWorktree.create(ws, copyDir(ws, 'second'));
    writeFileSync(path.join(first.dir, 'a.txt'), 'A\n');
    writeFileSync(path.join(first.dir, 'run.sh'), '#!/bin/sh\necho hi\n', { mode: 0o755 });
    symlinkSync('a.txt', path.join(first.dir, 'link'));
    writeFileSync(path.join(first.dir, 'shared.txt'), 'ONE\ntwo\nthree\nfour\nfive\n');
    unlinkSync(path.join(second.dir, 'gone.txt'));
    writeFileSync(path.join(second.dir, 'shared.txt'), 'one\ntwo\nthree\nfour\nFIVE\n');

    const one = await first.mergeInto();
    expect(one.kind).toBe('merged');
    const two = await second.mergeInto();
    // Both edited shared.txt, in lines far apart: a clean three-way merge.
    expect(two).toEqual({ kind: 'merged', files: [{ path: 'gone.txt', content: null }, { path: 'shared.txt', content: Buffer.from('ONE\ntwo\nthree\nfour\nFIVE\n') }] });
    expect(read(ws, 'a.txt')).toBe('A\n');
    expect(read(ws, 'shared.txt')).toBe('ONE\ntwo\nthree\nfour\nFIVE\n');
    expect(existsSync(path.join(ws, 'gone.txt'))).toBe(false);
    expect(statSync(path.join(ws, 'run.sh')).mode & 0o111).not.toBe(0);
    expect(readlinkSync(path.join(ws, 'link'))).toBe('a.txt');
  });

  it('on a conflict writes nothing at all and names the files; kept paths always keep the workspace’s version', async () => {
    const ws = workspace({ 'x.txt': 'x\n', 'y.txt': 'y\n', 'tasks.md': '- [ ] 1. A\n' });
    const first = await TaskWorktree.create(ws, copyDir(ws, 'first'));
    const second = await TaskWorktree.create(ws, copyDir(ws, 'second'));
    writeFileSync(path.join(first.dir, 'x.txt'), 'first\n');
    writeFileSync(path.join(second.dir, 'x.txt'), 'second\n');
    writeFileSync(path.join(second.dir, 'y.txt'), 'second y\n');
    writeFileSync(path.join(first.dir, 'tasks.md'), '- [x] 1. A\n');
    writeFileSync(path.join(ws, 'tasks.md'), '- [-] 1. A\n');
    expect((await first.mergeInto(['tasks.md'])).kind).toBe('merged');
    expect(read(ws, 'tasks.md')).toBe('- [-] 1. A\n');
    expect(await second.mergeInto(['tasks.md'])).toEqual({ kind: 'conflict', files: ['x.txt'] });
    // y.txt merged cleanly on its own, yet nothing of the conflicting task was written.
    expect(read(ws, 'x.txt')).toBe('first\n');
    expect(read(ws, 'y.txt')).toBe('y\n');
  });
});
