import { describe, expect, it } from 'vitest';
import { parseDesign } from '../../../src/core/spec';
import { readFixture } from './fixtures';

describe('parseDesign', () => {
  const text = readFixture('design/design.md');
  const doc = parseDesign(text);

  it('lists the sections with their levels and lines', () => {
    expect(doc.headings.filter((h) => h.level === 2).map((h) => [h.text, h.line])).toEqual([
      ['Overview', 3],
      ['Architecture', 7],
      ['Correctness Properties', 18],
      ['Error Handling', 34],
    ]);
  });

  it('singles out mermaid diagrams among the code blocks', () => {
    expect(doc.codeBlocks.map((b) => b.language)).toEqual(['mermaid', 'ts']);
    expect(doc.mermaid).toHaveLength(1);
    expect(doc.mermaid[0]!.content).toBe('flowchart LR\n  client --> api --> store');
    expect(doc.mermaid[0]!.range).toMatchObject({ start: { line: 9 }, end: { line: 12 } });
  });

  it('reads properties written as headings and as bold lines, with their titles', () => {
    expect(doc.properties.map((p) => [p.id, p.title])).toEqual([
      ['1', 'Round trip'],
      ['2', 'Unknown ids'],
      ['3', 'Rejections are total'],
    ]);
  });

  it('reads the requirements each property validates, in bold or italic, at a line start or mid-line', () => {
    expect(doc.properties.map((p) => p.validates.map((r) => r.id))).toEqual([['1.1', '2.1'], ['2.2'], ['1.4', '9.9']]);
  });

  it('keeps the span of each validated id', () => {
    const ref = doc.properties[2]!.validates[1]!;
    expect(text.slice(ref.range.start.offset, ref.range.end.offset)).toBe('9.9');
  });

  it('ends a heading property at the next heading and keeps its body text', () => {
    expect(doc.properties[0]!.text).toBe('*For any* note, storing then reading it returns the same note.\n\n**Validates: Requirements 1.1, 2.1**');
    expect(doc.properties[0]!.range).toMatchObject({ start: { line: 20 }, end: { line: 24 } });
  });
});
