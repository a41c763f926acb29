import { createTwoFilesPatch } from 'diff';
import { describe, expect, it } from 'vitest';
import { textAtCheckpoint } from '../../../src/extension/agent/checkpointText';

const gitStyle = (before: string, after: string) => `diff --git a/f.ts b/f.ts\n${createTwoFilesPatch('a/f.ts', 'b/f.ts', before, after, '', '', { context: 3 }).split('\n').slice(2).join('\n')}`;

describe('textAtCheckpoint', () => {
  it('rebuilds the checkpoint text by undoing the patch', () => {
    const before = 'one\ntwo\nthree\n';
    const now = 'one\n2\nthree\nfour\n';
    expect(textAtCheckpoint(now, { patch: gitStyle(before, now), binary: false, change: 'modified' })).toBe(before);
  });

  it('brings back a deleted file, and has nothing for a new one', () => {
    expect(textAtCheckpoint(null, { patch: gitStyle('gone\n', ''), binary: false, change: 'deleted' })).toBe('gone\n');
    expect(textAtCheckpoint('new\n', { patch: gitStyle('', 'new\n'), binary: false, change: 'added' })).toBeNull();
  });

  it('gives up on binary files and truncated patches', () => {
    expect(textAtCheckpoint('x', { patch: 'Binary files differ', binary: true, change: 'modified' })).toBeNull();
    expect(textAtCheckpoint('x', { patch: 'diff --git a/f b/f\n… (diff truncated at 100 characters)\n', binary: false, change: 'modified' })).toBeNull();
  });
});
