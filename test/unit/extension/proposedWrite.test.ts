import { describe, expect, it } from 'vitest';
import { PendingWriteTracker, proposedContent } from '../../../src/extension/agent/proposedWrite';
import { runEvents } from './fixtures';

describe('proposed writes', () => {
  it('applies a str_replace the way fs_write will', () => {
    expect(proposedContent({ command: 'str_replace', path: 'a.ts', old_str: 'b', new_str: 'B' }, 'a\nb\nc\n')).toBe('a\nB\nc\n');
  });

  it('shows a created file whole, and an insert after its line', () => {
    expect(proposedContent({ command: 'create', path: 'n.ts', file_text: 'x\n' }, null)).toBe('x\n');
    expect(proposedContent({ command: 'insert', path: 'a.ts', insert_line: '1', new_str: 'z' }, 'a\nb\n')).toBe('a\nz\nb\n');
  });

  it('gives nothing for an edit that does not fit the file', () => {
    expect(proposedContent({ command: 'str_replace', path: 'a.ts', old_str: 'missing', new_str: 'x' }, 'a\n')).toBeNull();
    expect(proposedContent({ command: 'delete_everything' }, 'a\n')).toBeNull();
  });

  it('matches the latest fs_write call to the path the policy names', () => {
    const tracker = new PendingWriteTracker();
    const input = { command: 'create', path: './src/app.ts', file_text: '' };
    for (const e of runEvents((s) => s.emit({ type: 'tool_call', toolUseId: 't1', tool: 'fs_write', input }))) tracker.observe(e);
    expect(tracker.inputFor('src/app.ts')).toBe(input);
    expect(tracker.inputFor('src/other.ts')).toBeNull();
  });
});
