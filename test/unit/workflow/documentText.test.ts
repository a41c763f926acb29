import { describe, expect, it } from 'vitest';
import { extractDocument } from '../../../src/core/workflow';

const DOC = '# Design Document: X\n\n## Architecture\n\n```mermaid\nflowchart TD\n  A --> B\n```\n\n## Testing Strategy\n\nUnit tests.\n';

describe('taking the document out of a model reply', () => {
  it('leaves a bare document as it is', () => {
    expect(extractDocument(DOC)).toBe(DOC);
  });

  it('unwraps a ```markdown fence and keeps the fences inside it', () => {
    expect(extractDocument('```markdown\n' + DOC + '```')).toBe(DOC);
  });

  it('unwraps a fence with no language', () => {
    expect(extractDocument('```\n' + DOC + '```\n')).toBe(DOC);
  });

  it('drops a preamble and closing remarks around a fenced document', () => {
    expect(extractDocument('Here is the design:\n\n```md\n' + DOC + '```\n\nWant me to add more detail?')).toBe(DOC);
  });

  it('drops a preamble before the title when there is no fence', () => {
    expect(extractDocument('Sure! Here it is.\n\n' + DOC)).toBe(DOC);
  });

  it('does not mistake a code block inside the document for a wrapper', () => {
    const doc = '# Tasks\n\n```\n# not a title\n```\n\nText after.\n';
    expect(extractDocument(doc)).toBe(doc);
  });

  it('ends the document with exactly one newline and turns CRLF into LF', () => {
    expect(extractDocument('# Title\r\n\r\nBody\r\n\r\n\r\n')).toBe('# Title\n\nBody\n');
  });

  it('gives an empty string for an empty reply', () => {
    expect(extractDocument('  \n')).toBe('');
  });
});
