import { describe, expect, it } from 'vitest';
import { SourceText } from '../../../src/core/spec';

describe('SourceText', () => {
  it('splits on LF, CRLF and a lone CR, keeping each line ending', () => {
    const source = new SourceText('a\nb\r\nc\rd');
    expect([0, 1, 2, 3].map((i) => [source.lineText(i), source.eol(i)])).toEqual([
      ['a', '\n'],
      ['b', '\r\n'],
      ['c', '\r'],
      ['d', ''],
    ]);
  });

  it('rebuilds the exact text, BOM and trailing newline included', () => {
    for (const text of ['', '\n', '\uFEFF', '\uFEFFx\r\n', 'a\n\n\r\r\n', '\uD800\u0000\n']) expect(new SourceText(text).serialize()).toBe(text);
  });

  it('maps an offset to a 1-based line and a column in UTF-16 units', () => {
    const source = new SourceText('ab\r\ncd🙂e');
    expect(source.position(5)).toEqual({ offset: 5, line: 2, column: 2 });
    expect(source.position(8)).toEqual({ offset: 8, line: 2, column: 5 });
  });

  it('does not count a BOM as a column of line 1', () => {
    expect(new SourceText('\uFEFFabc').position(2)).toEqual({ offset: 2, line: 1, column: 2 });
  });

  it('clamps offsets outside the text to its ends', () => {
    const source = new SourceText('ab\ncd');
    expect(source.position(-4)).toMatchObject({ line: 1, column: 1 });
    expect(source.position(99)).toMatchObject({ line: 2, column: 3 });
  });
});
