import { describe, expect, it } from 'vitest';
import { specFileOfUri } from '../../../src/server/specPaths';

describe('which documents the spec server works on', () => {
  it('recognises the four spec files of a folder under .kiro/specs', () => {
    expect(specFileOfUri('file:///w/.kiro/specs/notes-app/bugfix.md')).toEqual({
      dir: '/w/.kiro/specs/notes-app',
      specName: 'notes-app',
      kind: 'bugfix',
      path: '/w/.kiro/specs/notes-app/bugfix.md',
    });
  });

  it('ignores other Markdown in a spec folder, deeper folders, other folders and other schemes', () => {
    expect(specFileOfUri('file:///w/.kiro/specs/notes-app/notes.md')).toBeNull();
    expect(specFileOfUri('file:///w/.kiro/specs/notes-app/old/tasks.md')).toBeNull();
    expect(specFileOfUri('file:///w/docs/specs/notes-app/tasks.md')).toBeNull();
    expect(specFileOfUri('untitled:/w/.kiro/specs/notes-app/tasks.md')).toBeNull();
  });
});
