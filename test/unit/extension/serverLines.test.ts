import { describe, expect, it } from 'vitest';
import { serverLines } from '../../../src/extension/mcp/serverLines';

describe('serverLines', () => {
  it('puts the server name before each line with text, and leaves empty lines and the line ends as they are', () => {
    expect(serverLines('docs', 'listening\n\nready on stdio\n')).toBe('[docs] listening\n\n[docs] ready on stdio\n');
    expect(serverLines('docs', '')).toBe('');
  });
});
