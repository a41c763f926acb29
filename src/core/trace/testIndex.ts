import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { WorkspaceGitignore } from '../fs';
import { isInsideRelative } from './records';
import { isTestFile, scanTestSource, type ScannedTestFile } from './testSource';

/** Never walked into: dependencies, VCS internals, build output, Specwright's run state. */
const SKIPPED = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', 'build', 'target', 'coverage', '.venv', 'venv', '__pycache__', '.next', '.specwright', '.kiro', 'vendor']);
const MAX_FILE_BYTES = 1_000_000;
const MAX_TEST_FILES = 5_000;

export interface TestIndexOptions {
  /** Parsed files by path, reused while a file's size and mtime stay the same (the language server keeps one). */
  cache?: Map<string, { key: string; scanned: ScannedTestFile }>;
  /** Files to scan even when their names do not look like tests (a task wrote them, a link names them). */
  extraFiles?: Iterable<string>;
}

/**
 * Every test file of the workspace (by name and folder conventions; `.gitignore`d paths, dependency
 * and build folders skipped), scanned for the criteria and properties its tests name. Files over
 * 1 MB are skipped, and the walk stops at 5,000 test files.
 */
export async function scanWorkspaceTests(workspace: string, options: TestIndexOptions = {}): Promise<ScannedTestFile[]> {
  const gitignore = new WorkspaceGitignore(workspace);
  const found = new Set<string>();
  const queue = [''];
  while (queue.length && found.size < MAX_TEST_FILES) {
    const folder = queue.shift()!;
    let entries;
    try {
      entries = await fs.readdir(path.join(workspace, folder), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const relative = folder ? `${folder}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (SKIPPED.has(entry.name) || gitignore.ignores(relative, true)) continue;
        queue.push(relative);
      } else if (entry.isFile() && isTestFile(relative) && !gitignore.ignores(relative, false)) {
        found.add(relative);
      }
    }
  }
  for (const extra of options.extraFiles ?? []) {
    const file = extra.replace(/\\/g, '/');
    if (isTestFile(file) && isInsideRelative(file)) found.add(file);
  }
  const scanned: ScannedTestFile[] = [];
  for (const relative of [...found].sort()) {
    const result = await scanFile(workspace, relative, options.cache);
    if (result) scanned.push(result);
  }
  return scanned;
}

async function scanFile(workspace: string, relative: string, cache: TestIndexOptions['cache']): Promise<ScannedTestFile | null> {
  const absolute = path.join(workspace, relative);
  let stat;
  try {
    stat = await fs.stat(absolute);
  } catch {
    cache?.delete(relative);
    return null;
  }
  if (!stat.isFile() || stat.size > MAX_FILE_BYTES) return null;
  const key = `${stat.mtimeMs}:${stat.size}`;
  const cached = cache?.get(relative);
  if (cached?.key === key) return cached.scanned;
  let text: string;
  try {
    text = await fs.readFile(absolute, 'utf8');
  } catch {
    return null;
  }
  const scanned = scanTestSource(relative, text);
  cache?.set(relative, { key, scanned });
  return scanned;
}
