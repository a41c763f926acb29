import { describe, expect, it } from 'vitest';
import { formatCost, formatDuration, formatElapsed, formatTokenCount, formatTokens } from '../../../src/core/activity';

describe('figures, as every face shows them', () => {
  it('shortens token counts to whole thousands from 10k, never showing 1000k', () => {
    expect([950, 1_000, 1_500, 9_949, 9_999, 12_345, 45_770, 99_960, 123_456, 999_499, 999_999, 2_500_000, 12_345_678].map(formatTokens)).toEqual([
      '950', '1k', '1.5k', '9.9k', '10k', '12k', '46k', '100k', '123k', '999k', '1M', '2.5M', '12.3M',
    ]);
    expect(formatTokenCount(12_345)).toBe('12,345');
  });

  it('gives small costs the digits they need, and dollars two', () => {
    expect([0, 0.0042, 0.041, 0.5, 0.4999, 1.234, 12].map(formatCost)).toEqual(['$0.00', '$0.0042', '$0.041', '$0.50', '$0.50', '$1.23', '$12.00']);
  });

  it('says how long a step took, and how long a run has been going', () => {
    expect([420, 1500, 4000, 62_000].map(formatDuration)).toEqual(['420 ms', '1.5 s', '4.0 s', '1:02']);
    expect([5_000, 725_000, 3_729_000].map(formatElapsed)).toEqual(['0:05', '12:05', '1:02:09']);
  });
});
