import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainText } from '../../../src/core/spec/markdownLines';

/** plainText as first written: four replacements on every text. The fast path must agree with it. */
function plainTextByReplacements(text: string): string {
  return text
    .replace(/\*\*|`/g, '')
    .replace(/(^|\s)[*_]+(?=\S)/g, '$1')
    .replace(/(?<=\S)[*_]+(?=\s|$|[.,;:!?)])/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const markdownish = fc.string({ unit: fc.constantFrom('*', '_', '`', ' ', '\t', '\n', 'a', 'B', '.', ',', ')', '(', ':', '!', '-', '1'), maxLength: 60 });

describe('plainText', () => {
  it('gives what the four replacements give, for any mix of emphasis, code and punctuation', () => {
    fc.assert(fc.property(markdownish, (text) => {
        expect(plainText(text)).toBe(plainTextByReplacements(text));
      }), { numRuns: 5000 });
  });

  it('keeps underscores inside words and drops emphasis around them', () => {
    expect(plainText('THE Order_Service SHALL  store it')).toBe('THE Order_Service SHALL store it');
    expect(plainText('**User Story:** As a _user_, I want `x`')).toBe('User Story: As a user, I want x');
    expect(plainText('_Requirements: 1.2_')).toBe('Requirements: 1.2');
  });
});
