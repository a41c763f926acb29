import { describe, expect, it } from 'vitest';
import { findTask, parseTasks } from '../../../src/core/spec';
import { expandRange } from '../../../src/core/spec/references';
import { readFixture } from './fixtures';

describe('requirement references in tasks.md', () => {
  const text = readFixture('tasks/references.md');
  const doc = parseTasks(text);
  const refs = (id: string) => findTask(doc, id)!.requirements;

  it('reads _Requirements: 1.1, 1.2_', () => {
    expect(refs('1')).toEqual(['1.1', '1.2']);
  });

  it('tolerates missing spaces and semicolons as separators', () => {
    expect(refs('2')).toEqual(['1.1', '1.2', '2.1']);
  });

  it('reads star emphasis and "and" as a separator', () => {
    expect(refs('3')).toEqual(['1.1', '2.1']);
  });

  it('reads a bold label with the list after it', () => {
    expect(refs('4')).toEqual(['2.1', '2.2']);
  });

  it('reads a label without emphasis, singular, with "Requirement" repeated before the id', () => {
    expect(refs('5')).toEqual(['1.2']);
  });

  it('expands ranges written with an en dash or a hyphen', () => {
    expect(refs('6')).toEqual(['3.1', '3.2', '3.3', '4.1', '4.2']);
  });

  it('follows a list wrapped onto the next line until its closing underscore', () => {
    expect(refs('7')).toEqual(['1.1', '1.2', '2.1', '2.2']);
  });

  it('ignores numbers inside a parenthesised aside', () => {
    expect(refs('8')).toEqual(['2.1']);
  });

  it('reads a whole-requirement reference and "Requirement 4 AC 2" as 4.2', () => {
    expect(refs('9')).toEqual(['3', '4.2']);
  });

  it('marks "_Requirements: All_" as tracing to the whole spec, with no ids', () => {
    expect(findTask(doc, '10')).toMatchObject({ requirements: [], referencesAll: true });
    expect(findTask(doc, '1')!.referencesAll).toBe(false);
  });

  it('keeps the exact span of each id for hover and go-to-definition', () => {
    const spans = findTask(doc, '2')!.references.map((r) => text.slice(r.range.start.offset, r.range.end.offset));
    expect(spans).toEqual(['1.1', '1.2', '2.1']);
    const wrapped = findTask(doc, '7')!.references[2]!;
    expect(wrapped.range.start).toMatchObject({ line: 17, column: 5 });
  });

  it('gives every id expanded from a range the span of the whole range', () => {
    const spans = findTask(doc, '6')!.references.map((r) => text.slice(r.range.start.offset, r.range.end.offset));
    expect(spans).toEqual(['3.1–3.3', '3.1–3.3', '3.1–3.3', '4.1-4.2', '4.1-4.2']);
  });
});

describe('expandRange', () => {
  it('expands criteria of one requirement and bare requirement numbers', () => {
    expect(expandRange('2.3', '2.5')).toEqual(['2.3', '2.4', '2.5']);
    expect(expandRange('1', '3')).toEqual(['1', '2', '3']);
  });

  it('keeps only both ends of a range across requirements or of an implausible size', () => {
    expect(expandRange('1.4', '2.2')).toEqual(['1.4', '2.2']);
    expect(expandRange('1.1', '1.5000')).toEqual(['1.1', '1.5000']);
    expect(expandRange('3.4', '3.1')).toEqual(['3.4', '3.1']);
  });
});
