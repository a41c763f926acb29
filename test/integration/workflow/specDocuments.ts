/** Spec documents in Kiro's format, as a model would answer them: clean ones and ones the lint rejects. */

export const REQUIREMENTS = `# Requirements Document

## Introduction

A command-line todo list that keeps its items in a JSON file in the current folder.

## Glossary

- **Todo_CLI**: the \`todo\` command-line program

## Requirements

### Requirement 1: Add items

**User Story:** As a developer, I want to add a todo item from the terminal, so that I remember it.

#### Acceptance Criteria

1. WHEN the user runs \`todo add <text>\`, THE Todo_CLI SHALL append an item with that text to todos.json
2. IF the text is empty, THEN THE Todo_CLI SHALL exit with status 2 and print "text is required"

### Requirement 2: List items

**User Story:** As a developer, I want to list my items, so that I see what is left to do.

#### Acceptance Criteria

1. WHEN the user runs \`todo list\`, THE Todo_CLI SHALL print each item on its own line, numbered from 1
`;

/** Criterion 1.2 is not EARS (no SHALL). */
export const REQUIREMENTS_NOT_EARS = REQUIREMENTS.replace(
  '2. IF the text is empty, THEN THE Todo_CLI SHALL exit with status 2 and print "text is required"',
  '2. The program must refuse empty text',
);

export const REQUIREMENTS_EDITED = REQUIREMENTS.replace('numbered from 1', 'numbered from 1, newest last');

export const DESIGN = `# Design Document: Todo CLI

## Overview

One Node.js script with a small store module that reads and writes todos.json.

## Architecture

\`\`\`mermaid
flowchart TD
    CLI[src/cli.ts] --> Store[src/store.ts]
    Store --> File[(todos.json)]
\`\`\`

## Components and Interfaces

\`\`\`typescript
export function addTodo(text: string): void;
export function listTodos(): string[];
\`\`\`

## Data Models

A JSON array of strings.

## Correctness Properties

### Property 1: Added items are listed

*For any* non-empty text, adding it and then listing SHALL print it on the last line.

**Validates: Requirements 1.1, 2.1**

## Error Handling

Empty text exits with status 2.

## Testing Strategy

Unit tests for the store, a property test for Property 1.
`;

export const DESIGN_REVISED = DESIGN.replace('One Node.js script', 'One Node.js 20 script');

export const TASKS = `# Implementation Plan: Todo CLI

## Overview

Build the store first, then the two commands on top of it.

## Tasks

- [ ] 1. Implement the store
  - [ ] 1.1 Write \`addTodo\` in \`src/store.ts\`
    - Append the text to todos.json, creating the file when missing
    - _Requirements: 1.1, 1.2_
  - [ ]* 1.2 Write a property test for Property 1
    - _Requirements: 1.1_
- [ ] 2. Implement \`todo list\` in \`src/cli.ts\`
  - Print the items numbered from 1
  - _Requirements: 2.1_

## Notes

- Tasks marked with \`*\` are optional and can be skipped for a faster MVP
`;

/** References 9.9, which does not exist, and leaves criterion 2.1 uncovered. */
export const TASKS_DANGLING = TASKS.replace('  - _Requirements: 2.1_', '  - _Requirements: 9.9_');

export const BUGFIX = `# Bugfix Requirements Document

## Introduction

Saving a note whose title holds an emoji fails with status 500.

## Bug Analysis

### Current Behavior (Defect)

1.1 WHEN a note title contains an emoji THEN the system returns status 500

### Expected Behavior (Correct)

2.1 WHEN a note title contains an emoji THEN the system SHALL store the note and return its id

### Unchanged Behavior (Regression Prevention)

3.1 WHEN a note title is plain ASCII THEN the system SHALL CONTINUE TO store it as before
`;

export const BUGFIX_DESIGN = `# Bugfix Design: Emoji titles

## Overview

Titles are encoded as Latin-1 before they are stored; store them as UTF-8 instead.

## Root Cause Analysis

\`saveNote\` in \`src/notes.ts\` calls \`Buffer.from(title, 'latin1')\`.

## Fix Design

Encode titles as UTF-8.

## Correctness Properties

### Property 1: Titles round-trip

*For any* title, saving and reading the note SHALL return the same title.

**Validates: Requirements 2.1, 3.1**

## Error Handling

Unchanged.

## Testing Strategy

A failing test with an emoji title first, then the fix.
`;

export const BUGFIX_TASKS = `# Implementation Plan: Emoji titles

## Tasks

- [ ] 1. Write a failing test that saves a note with an emoji title
  - _Requirements: 2.1_
- [ ] 2. Encode titles as UTF-8 in \`saveNote\`
  - _Requirements: 2.1, 3.1_
  - [ ]* 2.1 Write a property-based test for Property 1: Titles round-trip
    - _Requirements: 2.1, 3.1_
`;

/** TASKS without its property-test sub-task: Property 1 of DESIGN has no task that writes its test. */
export const TASKS_WITHOUT_PROPERTY_TEST = TASKS.replace('  - [ ]* 1.2 Write a property test for Property 1\n    - _Requirements: 1.1_\n', '');
