import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, parseJsonc } from '../../../src/core/settings';

function failure(text: string): { detail: string; line: number; column: number } {
  try {
    parseJsonc(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { detail: error.detail, line: error.line, column: error.column };
    throw error;
  }
  throw new Error('expected a syntax error');
}

describe('parseJsonc', () => {
  it('parses what JSON.parse parses, to the same value', () => {
    const text = '{"a": [1, -2.5e3, "x\\n\\u00e9"], "b": {"c": null, "d": true, "e": false}}';
    expect(parseJsonc(text)).toEqual(JSON.parse(text));
  });

  it('skips line and block comments', () => {
    expect(parseJsonc('// top\n{ /* inline */ "a": 1 // end\n}')).toEqual({ a: 1 });
  });

  it('accepts trailing commas in objects and arrays', () => {
    expect(parseJsonc('{ "a": [1, 2,], }')).toEqual({ a: [1, 2] });
  });

  it('ignores a byte order mark', () => {
    expect(parseJsonc('\ufeff{"a": 1}')).toEqual({ a: 1 });
  });

  it('keeps a "__proto__" key as data', () => {
    const value = parseJsonc('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reports a missing comma at the token after it', () => {
    expect(failure('{\n  "a": 1\n  "b": 2\n}')).toEqual({ detail: 'expected "," or "}"', line: 3, column: 3 });
  });

  it('reports an unterminated string where the string starts', () => {
    expect(failure('{"a": "open\n}')).toEqual({ detail: 'unterminated string', line: 1, column: 7 });
  });

  it('reports text after the value', () => {
    expect(failure('{} x')).toEqual({ detail: 'unexpected "x" after the value', line: 1, column: 4 });
  });

  it('reports an unterminated block comment', () => {
    expect(failure('{ /* never closed }')).toEqual({ detail: 'unterminated comment', line: 1, column: 3 });
  });

  it('reports a missing comma in a list as expecting "]"', () => {
    expect(failure('{"a": [1\n  2]}')).toEqual({ detail: 'expected "," or "]"', line: 2, column: 3 });
  });

  it('reports a missing colon and an unquoted name', () => {
    expect(failure('{"a" 1}')).toEqual({ detail: 'expected ":" after the property name', line: 1, column: 6 });
    expect(failure('{\n  a: 1}').detail).toBe('unexpected "a"');
  });

  it('reports an empty file as ending early', () => {
    expect(failure('  ')).toEqual({ detail: 'unexpected end of file', line: 1, column: 3 });
  });

  it('counts columns after a byte order mark as the editor shows them', () => {
    expect(failure('\ufeff{"a": 1,, }').column).toBe(9);
  });
});
