import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { onTestFinished } from 'vitest';

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

export const MATHS_REQUIREMENTS = `# Requirements Document

## Introduction

A tiny maths library.

## Requirements

### Requirement 1: Sum

**User Story:** As a developer, I want to add two numbers, so that I can total things.

#### Acceptance Criteria

1. WHEN sum is called with two numbers, THE library SHALL return their sum.
`;

export const MATHS_TASKS = `# Implementation Plan

- [ ] 1. Implement sum
  - Export sum(a, b) from src/sum.js
  - _Requirements: 1.1_

- [ ] 2. Document sum
  - _Requirements: 1.1_
`;

export const WORKING_SUM = 'function sum(a, b) {\n  return a + b;\n}\n\nmodule.exports = { sum };\n';

/** A small Node project (its `npm test` runs `node --test`) with the spec `maths`: task 1 asks for sum. */
export function mathsProject(extra: Record<string, string> = {}): string {
  return makeWorkspace(
    {
      'package.json': JSON.stringify({ name: 'maths', version: '1.0.0', private: true, scripts: { test: 'node --test test/' } }, null, 2) + '\n',
      'src/sum.js': 'module.exports = {};\n',
      'test/sum.test.js': "const test = require('node:test');\nconst assert = require('node:assert');\nconst { sum } = require('../src/sum');\ntest('adds', () => assert.strictEqual(sum(1, 2), 3));\n",
      '.gitignore': 'node_modules/\n',
      '.kiro/specs/maths/requirements.md': MATHS_REQUIREMENTS,
      '.kiro/specs/maths/tasks.md': MATHS_TASKS,
      ...extra,
    },
    { git: true },
  );
}

/** The smallest spec workspace: `.kiro/specs/demo` with requirements and tasks. */
export function demoSpecWorkspace(): string {
  return makeWorkspace({
    '.kiro/specs/demo/requirements.md': MATHS_REQUIREMENTS.replace('A tiny maths library.', 'A demo spec.'),
    '.kiro/specs/demo/tasks.md': MATHS_TASKS,
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
