import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { gitBlobId } from '../../../src/core/checkpoints';

function gitHashObject(content: Buffer): string {
  return execFileSync('git', ['hash-object', '--stdin'], { input: content, encoding: 'utf8' }).trim();
}

describe('gitBlobId', () => {
  it('matches git hash-object for text', () => {
    expect(gitBlobId('hello é\n')).toBe(gitHashObject(Buffer.from('hello é\n')));
  });

  it('matches git hash-object for binary content and for the empty file', () => {
    const bytes = Buffer.from([0, 255, 10, 13, 0, 7]);

    expect(gitBlobId(bytes)).toBe(gitHashObject(bytes));
    expect(gitBlobId('')).toBe(gitHashObject(Buffer.alloc(0)));
  });
});
