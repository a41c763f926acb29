/** The maths project the agent integration tests and the VS Code end-to-end tests both work on. */

export const REQUIREMENTS = `# Requirements Document

## Introduction

A tiny maths library.

## Requirements

### Requirement 1: Sum

**User Story:** As a developer, I want to add two numbers, so that I can total things.

#### Acceptance Criteria

1. WHEN sum is called with two numbers, THE library SHALL return their sum.
`;

export const TASKS = `# Implementation Plan

- [ ] 1. Implement sum
  - Export sum(a, b) from src/sum.js
  - _Requirements: 1.1_

- [ ] 2. Document sum
  - _Requirements: 1.1_
`;

/** A small Node project whose `npm test` really runs (`node --test`), with the spec `maths`: task 1 asks for `sum`. */
export function mathsFiles(extra: Record<string, string> = {}): Record<string, string> {
  return {
      'package.json': JSON.stringify({ name: 'maths', version: '1.0.0', private: true, scripts: { test: 'node --test test/' } }, null, 2) + '\n',
      'src/sum.js': 'module.exports = {};\n',
      'test/sum.test.js': "const test = require('node:test');\nconst assert = require('node:assert');\nconst { sum } = require('../src/sum');\ntest('adds', () => assert.strictEqual(sum(1, 2), 3));\n",
      '.gitignore': 'node_modules/\n',
      '.kiro/specs/maths/requirements.md': REQUIREMENTS,
      '.kiro/specs/maths/tasks.md': TASKS,
      ...extra,
  };
}

export const WORKING_SUM = 'function sum(a, b) {\n  return a + b;\n}\n\nmodule.exports = { sum };\n';
export const BROKEN_SUM = 'function sum(a, b) {\n  return a - b;\n}\n\nmodule.exports = { sum };\n';
