import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentSymbol, FoldingRange } from 'vscode-languageserver-protocol';
import { lineOf, specFileUri, startServerWithFixture, type LspTestClient } from './lspClient';

/** name → children's names, depth first, for comparing outlines at a glance. */
type Outline = Array<string | [string, Outline]>;
function outline(symbols: DocumentSymbol[]): Outline {
  return symbols.map((s) => (s.children?.length ? [s.name, outline(s.children)] : s.name));
}

describe('spec language server outline and folding', () => {
  let client: LspTestClient;
  let cleanup: () => Promise<void>;
  let uri: (file: string) => string;
  let text: (file: string) => string;

  const symbolsOf = (file: string) => client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: uri(file) } });
  const foldsOf = (file: string) => client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: uri(file) } });

  beforeAll(async () => {
    let workspace: string;
    ({ client, workspace, cleanup } = await startServerWithFixture());
    uri = (file) => specFileUri(workspace, file);
    text = (file) => readFileSync(new URL(uri(file)), 'utf8');
  });
  afterAll(() => cleanup());

  it('outlines requirements.md as requirements with their criteria as children', async () => {
    expect(outline(await symbolsOf('requirements.md'))).toEqual([
      [
        'Requirements Document',
        [
          'Introduction',
          [
            'Requirements',
            [
              ['Requirement 1: Store notes', ['1.1', '1.2', '1.3']],
              ['Requirement 2: Read notes', ['2.1', '2.2', '2.3']],
            ],
          ],
        ],
      ],
    ]);
  });

  it('outlines tasks.md as the task hierarchy', async () => {
    expect(outline(await symbolsOf('tasks.md'))).toEqual([
      [
        'Implementation Plan',
        ['1. Set up the project', ['2. Store notes', ['2.1 Write the note store', '2.2 Return ids from the store']], ['3. Build the request parser', ['4. Read notes back', '5. Document the API']]],
      ],
    ]);
  });

  it('outlines design.md by its sections', async () => {
    expect(outline(await symbolsOf('design.md'))).toEqual([
      ['Design Document', ['Overview', 'Architecture', ['Correctness Properties', ['Property 1: Stored notes can be read back']], 'Testing Strategy']],
    ]);
  });

  it('folds each requirement from its heading to its last criterion', async () => {
    const requirements = text('requirements.md');
    const folds = await foldsOf('requirements.md');
    expect(folds).toContainEqual({ startLine: lineOf(requirements, '### Requirement 1'), endLine: lineOf(requirements, '3. IF the note body exceeds') });
  });

  it('folds a task with its details and sub-tasks', async () => {
    const tasks = text('tasks.md');
    const folds = await foldsOf('tasks.md');
    expect(folds).toContainEqual({ startLine: lineOf(tasks, '2. Store notes'), endLine: lineOf(tasks, '_Requirements: 9.9_') });
  });
});
