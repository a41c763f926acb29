import { describe, expect, it } from 'vitest';
import type { TextEdit } from 'vscode-languageserver';
import { parseTasks } from '../../../src/core/spec';
import { renumberEdits } from '../../../src/server/renumberTasks';

/** Applies single-line edits (what renumbering produces) to the text. */
function apply(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  for (const e of [...edits].sort((a, b) => b.range.start.character - a.range.start.character)) {
    const line = lines[e.range.start.line]!;
    lines[e.range.start.line] = line.slice(0, e.range.start.character) + e.newText + line.slice(e.range.end.character);
  }
  return lines.join('\n');
}

const renumbered = (text: string) => apply(text, renumberEdits(parseTasks(text)));

describe('renumbering tasks', () => {
  it('changes nothing when the numbers already run 1, 2, 3 and 2.1, 2.2', () => {
    expect(renumberEdits(parseTasks('- [ ] 1. A\n- [ ] 2. B\n  - [ ] 2.1 B one\n  - [ ] 2.2 B two\n'))).toEqual([]);
  });

  it('gives sub-tasks the new number of their parent', () => {
    expect(renumbered('- [ ] 1. A\n- [ ] 3. B\n  - [ ] 3.1 B one\n  - [ ] 3.2 B two\n')).toBe('- [ ] 1. A\n- [ ] 2. B\n  - [ ] 2.1 B one\n  - [ ] 2.2 B two\n');
  });

  it('keeps the optional marker and the trailing dot as written', () => {
    expect(renumbered('- [ ] 1. A\n  - [ ]* 1.4 Tests\n- [x] 5 B\n')).toBe('- [ ] 1. A\n  - [ ]* 1.1 Tests\n- [x] 2 B\n');
  });

  it('replaces a number the engine cannot address, like 1.2a', () => {
    expect(renumbered('- [ ] 1. A\n- [ ] 1.2a B\n')).toBe('- [ ] 1. A\n- [ ] 2. B\n');
  });

  it('leaves unnumbered checkboxes unnumbered and continues the sequence through them', () => {
    expect(renumbered('- [ ] 1. A\n- [ ] Unnumbered\n  - [ ] 4. Inside\n- [ ] 7. B\n')).toBe('- [ ] 1. A\n- [ ] Unnumbered\n  - [ ] 2. Inside\n- [ ] 3. B\n');
  });
});
