import { describe, expect, it } from 'vitest';
import { parseRequirements } from '../../../src/core/spec';
import { readFixture } from './fixtures';

describe('parseRequirements on the current Kiro style', () => {
  const text = readFixture('requirements/current.md');
  const doc = parseRequirements(text);

  it('reads each "### Requirement N: Title" heading as a requirement', () => {
    expect(doc.requirements.map((r) => [r.id, r.title])).toEqual([
      ['1', 'Store notes'],
      ['2', 'Read notes'],
    ]);
  });

  it('reads the user story without its label, joining wrapped lines', () => {
    expect(doc.requirements[0]!.userStory).toBe('As a writer, I want to save a note, so that I can read it later.');
  });

  it('addresses criteria as N.M and classifies each by EARS pattern', () => {
    expect(doc.requirements[0]!.criteria.map((c) => [c.id, c.ears.pattern])).toEqual([
      ['1.1', 'ubiquitous'],
      ['1.2', 'event-driven'],
      ['1.3', 'state-driven'],
      ['1.4', 'unwanted-behaviour'],
      ['1.5', 'optional-feature'],
      ['1.6', 'complex'],
    ]);
  });

  it('joins a criterion wrapped over lines and its nested bullets into one text', () => {
    expect(doc.requirements[1]!.criteria[0]!.text).toBe("WHEN a writer requests a note by id, THE Note_Service SHALL return the note's title and body - as JSON - with status 200");
    expect(doc.requirements[1]!.criteria.map((c) => c.id)).toEqual(['2.1', '2.2']);
  });

  it('keeps the source range of each criterion, from its number to its last line', () => {
    const c = doc.requirements[1]!.criteria[0]!;
    expect(c).toMatchObject({ line: 35, column: 1 });
    expect(text.slice(c.range.start.offset, c.range.end.offset)).toMatch(/^1\. WHEN a writer[\s\S]*with status 200$/);
  });

  it('reads the introduction and the glossary terms, bold or not', () => {
    expect(doc.introduction).toBe('A small service that stores notes.');
    expect(doc.glossary.map((g) => [g.term, g.definition])).toEqual([
      ['Note_Service', 'The HTTP service that stores notes.'],
      ['Note', 'A title and a body.'],
      ['Plain_Term', 'A term written without bold.'],
    ]);
  });
});

describe('parseRequirements on legacy and hand-edited styles', () => {
  const doc = parseRequirements(readFixture('requirements/legacy.md'));

  it('accepts "## Requirement N" without a title, an em dash, a dot, and a plain numbered heading', () => {
    expect(doc.requirements.map((r) => [r.id, r.title])).toEqual([
      ['1', ''],
      ['2', 'Sessions expire'],
      ['3', 'Audit'],
      ['4', 'Export'],
    ]);
  });

  it('classifies "WHEN … THEN … SHALL" criteria as the legacy pattern, which conforms', () => {
    expect(doc.requirements[0]!.criteria.map((c) => c.ears)).toEqual([
      { pattern: 'legacy', conforming: true },
      { pattern: 'legacy', conforming: true },
    ]);
  });

  it('accepts "**Acceptance Criteria:**" and "**Acceptance Criteria**" as the criteria header', () => {
    expect(doc.requirements[1]!.criteria.map((c) => c.id)).toEqual(['2.1']);
    expect(doc.requirements[2]!.criteria.map((c) => c.id)).toEqual(['3.1']);
  });
});

describe('parseRequirements on numbered section headings', () => {
  const doc = parseRequirements(readFixture('requirements/numbered-headings.md'));

  it('reads numbered headings holding a story or criteria as requirements, and not plain sections', () => {
    expect(doc.requirements.map((r) => r.id)).toEqual(['2.1', '2.1a']);
  });

  it('numbers bulleted criteria by position under the requirement id', () => {
    expect(doc.requirements.flatMap((r) => r.criteria.map((c) => c.id))).toEqual(['2.1.1', '2.1.2', '2.1a.1']);
  });

  it('reads "**US-2.1.1**" as the user story', () => {
    expect(doc.requirements[0]!.userStory).toBe('As an administrator, I want the sync page under Admin so that I can manage rules.');
  });

  it('ends a requirement before a trailing horizontal rule', () => {
    expect(doc.requirements[0]!.range.end.line).toBe(16);
  });
});

describe('parseRequirements on malformed input', () => {
  it('reports a requirement heading without a number', () => {
    const doc = parseRequirements('# R\n\n### Requirement: Login\n\n1. THE system SHALL work.\n');
    expect(doc.requirements).toEqual([]);
    expect(doc.diagnostics).toMatchObject([{ code: 'malformed-requirement-id', severity: 'error', line: 3 }]);
  });

  it('ignores a requirement template parked in an HTML comment', () => {
    const doc = parseRequirements('## Requirements\n\n<!--\n### Requirement 1: Template\n#### Acceptance Criteria\n1. WHEN x, THE y SHALL z.\n-->\n');
    expect([doc.requirements, doc.diagnostics]).toEqual([[], []]);
  });

  it('does not read a heading inside a code fence as a requirement', () => {
    const doc = parseRequirements('```\n### Requirement 1: Not real\n#### Acceptance Criteria\n1. THE x SHALL y.\n```\n');
    expect(doc.requirements).toEqual([]);
  });
});

describe('parseRequirements on criteria outside any requirement', () => {
  it('warns about an "Acceptance Criteria" list that no requirement heading owns', () => {
    const doc = parseRequirements('# Requirements\n\n#### Acceptance Criteria\n\n1. THE system SHALL work.\n\n### Requirement 1: Real\n\n#### Acceptance Criteria\n\n1. THE system SHALL log.\n');
    expect(doc.diagnostics).toMatchObject([{ code: 'orphan-acceptance-criteria', severity: 'warning', line: 3 }]);
    expect(doc.requirements.map((r) => r.criteria.map((c) => c.id))).toEqual([['1.1']]);
  });
});

describe('parseRequirements on user stories', () => {
  it('keeps a story that runs straight into a sub-heading, and every story of a requirement', () => {
    const doc = parseRequirements('### 5.1 Access\n\n**US-5.1.1** As an admin, I want A\nso that B.\n#### Acceptance Criteria\n- THE SYSTEM SHALL a.\n\n**US-5.1.2** As an admin, I want C.\n\n#### Acceptance Criteria\n- THE SYSTEM SHALL c.\n');
    expect(doc.requirements[0]!.userStories).toEqual(['As an admin, I want A so that B.', 'As an admin, I want C.']);
    expect(doc.requirements[0]!.criteria.map((c) => c.id)).toEqual(['5.1.1', '5.1.2']);
  });
});
