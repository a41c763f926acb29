import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { onTestFinished } from 'vitest';
import { mathsFiles, REQUIREMENTS, TASKS } from '../../support/mathsProject';

export { TASKS as MATHS_TASKS, WORKING_SUM } from '../../support/mathsProject';

/** Workspaces the tests open: fresh temp folders, never the repository's own files. */

export function makeWorkspace(files: Record<string, string>, { git = false } = {}): string {
  const root = mkdtempSync(path.join(tmpdir(), 'specwright-e2e-ws-'));
  removeWhenTestEnds(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  if (git) {
    const run = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', ...args], { cwd: root, stdio: 'pipe' });
    run('init', '-q', '-b', 'main');
    run('add', '-A');
    run('commit', '-q', '-m', 'initial');
  }
  return root;
}

/** The maths project (a Node project with the spec `maths`) in a fresh git repository. */
export function mathsProject(extra: Record<string, string> = {}): string {
  return makeWorkspace(mathsFiles(extra), { git: true });
}

/** The smallest spec workspace: `.kiro/specs/demo` with requirements and tasks. */
export function demoSpecWorkspace(): string {
  return makeWorkspace({
    '.kiro/specs/demo/requirements.md': REQUIREMENTS.replace('A tiny maths library.', 'A demo spec.'),
    '.kiro/specs/demo/tasks.md': TASKS,
  });
}

/** Deleted after the test that made it (after setup.ts has stopped VS Code); kept with SPECWRIGHT_E2E_KEEP=1. */
function removeWhenTestEnds(root: string): void {
  if (process.env.SPECWRIGHT_E2E_KEEP) return;
  try {
    onTestFinished(() => rmSync(root, { recursive: true, force: true, maxRetries: 3 }));
  } catch {
    // made outside a test: the caller owns the folder
  }
}
