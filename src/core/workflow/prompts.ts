/**
 * Every text the spec workflow sends to the model, in one place so the wording can be reviewed and
 * tuned together. The formats mirror what Kiro writes (see the corpus of real Kiro specs), because
 * Kiro must be able to read the result and Specwright's parsers recognise exactly these headings.
 */
import type { PropertyTestLibrary } from './codebaseSurvey';
import type { PhaseName, SpecType } from './phases';

export const SYSTEM_PROMPT = [
  'You write spec documents for software projects in the format of Kiro\'s .kiro/specs/ folder.',
  'Reply with the complete Markdown document and nothing else: no preamble, no closing remarks, no code fence around the document.',
  'Be specific and testable: name the components, limits and behaviours; never use vague words such as fast, easy, intuitive, appropriate, robust or etc.',
].join('\n');

const EARS_RULES = `Write every acceptance criterion as one EARS sentence with SHALL, in one of these forms:
- THE <system> SHALL <response>
- WHEN <trigger>, THE <system> SHALL <response>
- WHILE <state>, THE <system> SHALL <response>
- IF <unwanted condition>, THEN THE <system> SHALL <response>
- WHERE <feature is included>, THE <system> SHALL <response>`;

const REQUIREMENTS_FORMAT = `Use exactly this structure and these headings:

# Requirements Document

## Introduction

<one or two paragraphs: what the feature is, for whom, and its scope>

## Glossary

- **Term_Name**: <definition; name here the systems the criteria talk about>

## Requirements

### Requirement 1: <Title>

**User Story:** As a <role>, I want <capability>, so that <benefit>

#### Acceptance Criteria

1. WHEN <trigger>, THE <System> SHALL <response>
2. IF <unwanted condition>, THEN THE <System> SHALL <response>

Number the requirements 1, 2, 3… and the criteria 1, 2, 3… within each requirement. The Glossary is optional.
Cover error cases and edge cases with their own criteria.
${EARS_RULES}`;

const BUGFIX_FORMAT = `Use exactly this structure and these headings:

# Bugfix Requirements Document

## Introduction

<the bug in one paragraph: the symptom, where it happens, who is affected>

## Bug Analysis

### Current Behavior (Defect)

1.1 WHEN <condition> THEN the system <does the wrong thing>

### Expected Behavior (Correct)

2.1 WHEN <condition> THEN the system SHALL <correct behaviour>

### Unchanged Behavior (Regression Prevention)

3.1 WHEN <condition> THEN the system SHALL CONTINUE TO <behaviour that must not change>

Number the statements 1.1, 1.2… under Current, 2.1, 2.2… under Expected and 3.1, 3.2… under Unchanged.
Give every current behaviour a matching expected behaviour; Expected and Unchanged statements use SHALL.`;

function designFormat(type: SpecType, hasRequirements: boolean): string {
  const validates = hasRequirements
    ? '\n**Validates: Requirements 1.1, 2.3**\n\nEvery "Validates" line names only ids that exist in the spec files above.'
    : '\nThere are no requirements yet, so write no "Validates" lines.';
  const middle = type === 'bugfix'
    ? `## Root Cause Analysis

<where the defect comes from, with file and function names>

## Fix Design

<the smallest change that produces the expected behaviour and keeps the unchanged behaviour>`
    : `## Architecture

<the structure, with a \`\`\`mermaid diagram where it helps>

## Components and Interfaces

<each component: its file path, its responsibility, its interface as code in the project's language>

## Data Models`;
  return `Use these headings (add sub-sections where useful):

# ${type === 'bugfix' ? 'Bugfix Design' : 'Design Document'}: <Title>

## Overview

<the approach in a few paragraphs, with the key design decisions and why>

${middle}

## Correctness Properties

### Property 1: <Title>

*For any* <inputs>, <what SHALL hold>
${validates}

Write a property for each behaviour that must hold for every input (round trips, invariants, ordering, idempotence, rejected inputs), each under its own "### Property N: <Title>" heading.

## Error Handling

## Testing Strategy

Base the design on the codebase shown above: its language, frameworks, folders and conventions.`;
}

/** Every Correctness Property gets a task that writes its property-based test, with the project's library. */
function propertyTestRule(library: PropertyTestLibrary | null | undefined): string {
  const using = library ? `with ${library.name} (the project is ${library.language})` : "with the property-based testing library of the project's language (fast-check for JavaScript/TypeScript, Hypothesis for Python)";
  return `For every "### Property N" in design.md, add an optional sub-task, next to the task that implements what it validates, that writes its property-based test ${using}:
  - [ ]* 2.3 Write a property-based test for Property N: <its title>
    - **Property N: <its title>**
    - <the generators: which inputs, including edge cases; the assertion; at least 100 runs>
    - _Requirements: <the ids its Validates line names>_`;
}

function tasksFormat(type: SpecType, library?: PropertyTestLibrary | null): string {
  const coverage = type === 'bugfix'
    ? 'Every Expected (2.x) and Unchanged (3.x) statement id must appear in at least one "_Requirements:" line. Start with a task that writes a test reproducing the defect.'
    : 'Every acceptance criterion id (N.M) must appear in at least one "_Requirements:" line.';
  return `Use exactly this structure:

# Implementation Plan: <Title>

## Overview

<one paragraph: the order of the work and why>

## Tasks

- [ ] 1. <Task title>
  - [ ] 1.1 <Sub-task title>
    - <detail: the files, functions and behaviour to write>
    - _Requirements: 1.1, 1.2_
  - [ ]* 1.2 Write tests for <what>
    - <detail>
    - _Requirements: 1.1_
- [ ] 2. Checkpoint - Ensure all tests pass
  - Ensure all tests pass, ask the user if questions arise.

## Notes

- Tasks marked with \`*\` are optional and can be skipped for a faster MVP

Number top-level tasks 1, 2, 3… and sub-tasks 1.1, 1.2… under their task. Each task is a coding step an agent can do in one go.
Mark optional test tasks "- [ ]*". ${coverage} Reference only ids that exist in the spec files above.
${propertyTestRule(library)}`;
}

/** The format to follow for a phase's document. */
export function formatGuide(phase: PhaseName, type: SpecType, hasRequirements: boolean, propertyTests?: PropertyTestLibrary | null): string {
  switch (phase) {
    case 'requirements':
      return REQUIREMENTS_FORMAT;
    case 'bugfix':
      return BUGFIX_FORMAT;
    case 'design':
      return designFormat(type, hasRequirements);
    case 'tasks':
      return tasksFormat(type, propertyTests);
  }
}

/** What to write, given which earlier phases the prompt holds. */
export function generationInstruction(phase: PhaseName, file: string, earlierFiles: string[]): string {
  if (earlierFiles.length === 0) {
    return phase === 'bugfix'
      ? `Write ${file} for the bug described in <idea> above.`
      : `Write ${file} for the idea described in <idea> above.`;
  }
  const from = earlierFiles.join(' and ');
  if (phase === 'requirements') return `Write ${file} by deriving the requirements from the approved ${from} above: one requirement for each capability it describes, keeping its names.`;
  return `Write ${file} from the approved ${from} above.`;
}

export function refinementInstruction(file: string): string {
  return `Revise ${file}, shown in <current-document> above, as <feedback> asks. Keep everything the feedback does not ask to change, including edits the user made by hand. Reply with the complete revised ${file}.`;
}

export function repairInstruction(file: string): string {
  return `${file}, shown in <document> above, fails Specwright's spec lint with the problems in <lint>. Fix every problem and reply with the complete corrected ${file}. Change nothing else.`;
}

export const CODEBASE_TREE_NOTE = 'Files (breadth-first; node_modules, .git and build output skipped):';
