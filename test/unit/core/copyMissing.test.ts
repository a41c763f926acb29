import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyMissingFiles } from '../../../src/core/fs';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'specwright-copy-'));
  made.push(dir);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

describe('copyMissingFiles (Open Example)', () => {
  it('copies the tree into an empty folder', async () => {
    const from = folder({ 'package.json': '{}', '.kiro/specs/todo-cli/tasks.md': '- [ ] 1. x\n', 'src/todo.js': 'x' });
    const to = folder({});
    expect(await copyMissingFiles(from, to)).toEqual({ copied: ['.kiro/specs/todo-cli/tasks.md', 'package.json', 'src/todo.js'], kept: [] });
    expect(readFileSync(path.join(to, '.kiro/specs/todo-cli/tasks.md'), 'utf8')).toBe('- [ ] 1. x\n');
  });

  it('never replaces a file the folder already has', async () => {
    const from = folder({ 'package.json': '{"name":"example"}', 'src/todo.js': 'example' });
    const to = folder({ 'package.json': '{"name":"mine"}' });
    expect(await copyMissingFiles(from, to)).toEqual({ copied: ['src/todo.js'], kept: ['package.json'] });
    expect(readFileSync(path.join(to, 'package.json'), 'utf8')).toBe('{"name":"mine"}');
  });
});
