import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintSpec, loadSpec, parseRequirements, parseTasks, type Diagnostic } from '../../../src/core/spec';
import { fixturesRoot, readFixture } from './fixtures';

const workspace = path.join(fixturesRoot, 'workspace');
const brief = (d: Diagnostic) => `${d.severity} ${d.code} ${d.file}:${d.line}:${d.column}`;

describe('lintSpec on a spec with known problems', async () => {
  const diagnostics = lintSpec(await loadSpec(workspace, 'notes'));
  const codes = diagnostics.map(brief);

  it('reports a task reference to a criterion that does not exist as an error at the id', () => {
    expect(codes).toContain('error unknown-reference tasks.md:6:25');
  });

  it('reports a property validating an unknown requirement as an error in design.md', () => {
    expect(codes).toContain('error unknown-property-reference design.md:13:27');
  });

  it('reports a duplicate task id as an error and a skipped number as a warning', () => {
    expect(codes).toContain('error duplicate-task-id tasks.md:7:1');
    expect(codes).toContain('warning task-numbering-gap tasks.md:8:1');
  });

  it('warns about criteria no task covers', () => {
    expect(codes.filter((c) => c.includes('uncovered-criterion'))).toEqual([
      'warning uncovered-criterion requirements.md:12:1',
      'warning uncovered-criterion requirements.md:22:1',
    ]);
  });

  it('warns about a gap in requirement numbering', () => {
    expect(codes).toContain('warning requirement-numbering-gap requirements.md:15:1');
  });

  it('warns about a criterion not written in EARS form, naming the pattern it nearly matches', () => {
    const ears = diagnostics.find((d) => d.code === 'non-ears-criterion')!;
    expect(brief(ears)).toBe('warning non-ears-criterion requirements.md:22:1');
    expect(ears.message).toContain('nearly matches ubiquitous: rewrite it as "THE <system> SHALL <response>"');
  });

  it('notes a vague word at its exact position', () => {
    expect(codes).toContain('info vague-term requirements.md:12:35');
  });

  it('notes a task with no reference', () => {
    expect(codes).toContain('info task-without-reference tasks.md:7:1');
  });

  it('sorts diagnostics by file, then line, then column', () => {
    const keys = diagnostics.map((d) => [d.file, d.line, d.column]);
    const sorted = [...keys].sort((a, b) => String(a[0]).localeCompare(String(b[0])) || Number(a[1]) - Number(b[1]) || Number(a[2]) - Number(b[2]));
    expect(keys).toEqual(sorted);
  });

  it('words every message so that it says what to do next', () => {
    for (const d of diagnostics) expect(d.message).toMatch(/; .*\b(add|correct|renumber|rewrite|replace)\b/);
  });
});

describe('lintSpec on other inputs', () => {
  it('finds nothing to report in a bugfix spec whose tasks cover the expected and unchanged behaviour', async () => {
    expect(lintSpec(await loadSpec(workspace, 'emoji-title'))).toEqual([]);
  });

  it('treats "_Requirements: All_" as covering every criterion', () => {
    const requirements = parseRequirements('### Requirement 1: A\n#### Acceptance Criteria\n1. THE x SHALL y.\n2. THE x SHALL z.\n');
    const tasks = parseTasks('- [ ] 1. Everything\n  - _Requirements: All_\n');
    expect(lintSpec({ requirements, tasks })).toEqual([]);
  });

  it('lets a reference to a whole requirement cover all its criteria', () => {
    const requirements = parseRequirements('### Requirement 1: A\n#### Acceptance Criteria\n1. THE x SHALL y.\n2. THE x SHALL z.\n');
    const tasks = parseTasks('- [ ] 1. Everything\n  - _Requirements: 1_\n');
    expect(lintSpec({ requirements, tasks })).toEqual([]);
  });

  it('does not check references against a requirements file it cannot read, and says so once', () => {
    const requirements = parseRequirements('# Notes\n\nFree-form text only.\n');
    const tasks = parseTasks('- [ ] 1. Something\n  - _Requirements: 1.1_\n');
    expect(lintSpec({ requirements, tasks }).map((d) => d.code)).toEqual(['no-requirements-found']);
  });

  it('warns about a requirement with no criteria and reports the non-EARS hints of the fixture', () => {
    const codes = lintSpec({ requirements: parseRequirements(readFixture('requirements/non-ears.md')) }).map((d) => `${d.code}@${d.line}`);
    expect(codes).toEqual(expect.arrayContaining([
      'non-ears-criterion@9', 'vague-term@9', 'non-ears-criterion@10', 'non-ears-criterion@11',
      'vague-term@12', 'requirement-numbering-gap@15', 'missing-acceptance-criteria@21',
    ]));
  });

  it('does not call fast-check or code spans vague', () => {
    const codes = lintSpec({ requirements: parseRequirements(readFixture('requirements/non-ears.md')) }).filter((d) => d.line === 13);
    expect(codes).toEqual([]);
  });

  it('includes what the parsers could not place', () => {
    expect(lintSpec({ tasks: parseTasks(readFixture('tasks/malformed.md')) }).map((d) => d.code)).toEqual(
      expect.arrayContaining(['malformed-task-id', 'unknown-checkbox-mark', 'unclosed-code-fence', 'duplicate-task-id']),
    );
  });
});
