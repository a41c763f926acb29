import { describe, expect, it } from 'vitest';
import { parseBugfix } from '../../../src/core/spec';
import { readFixture } from './fixtures';

describe('parseBugfix', () => {
  const doc = parseBugfix(readFixture('bugfix/bugfix.md'));

  it('reads the current, expected and unchanged behaviour statements with their written numbers', () => {
    expect(doc.statements.map((s) => [s.id, s.section])).toEqual([
      ['1.1', 'current'],
      ['2.1', 'expected'],
      ['2.2', 'expected'],
      ['3.1', 'unchanged'],
      ['3.2', 'unchanged'],
    ]);
  });

  it('numbers an unnumbered statement by its section and position', () => {
    expect(doc.statements[4]!.text).toBe('WHEN a note has no title THEN the system SHALL CONTINUE TO reject it with status 400');
  });

  it('classifies expected behaviour written as WHEN … THEN … SHALL as conforming', () => {
    expect(doc.statements.filter((s) => s.section !== 'current').every((s) => s.ears.conforming)).toBe(true);
  });

  it('keeps each statement position', () => {
    expect(doc.statements[1]).toMatchObject({ line: 15, column: 1 });
  });

  it('reads "Behaviour" spelled the British way', () => {
    const british = parseBugfix('### Expected Behaviour\n\n1. WHEN x THEN the system SHALL y\n');
    expect(british.statements.map((s) => s.id)).toEqual(['2.1']);
  });
});
