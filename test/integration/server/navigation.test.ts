import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompletionItem, CompletionList, Hover, Location, MarkupContent } from 'vscode-languageserver-protocol';
import { lineOf, specFileUri, startServerWithFixture, type LspTestClient } from './lspClient';

describe('spec language server navigation', () => {
  let client: LspTestClient;
  let cleanup: () => Promise<void>;
  let uri: (file: string) => string;
  let text: (file: string) => string;

  /** The position of `needle` (plus `offset` characters) on the first line containing `lineNeedle`. */
  const at = (file: string, lineNeedle: string, needle: string, offset = 0) => {
    const line = lineOf(text(file), lineNeedle);
    return { line, character: text(file).split('\n')[line]!.indexOf(needle) + offset };
  };
  const positionParams = (file: string, position: { line: number; character: number }) => ({ textDocument: { uri: uri(file) }, position });

  beforeAll(async () => {
    let workspace: string;
    ({ client, workspace, cleanup } = await startServerWithFixture());
    uri = (file) => specFileUri(workspace, file);
    text = (file) => readFileSync(new URL(uri(file)), 'utf8');
    await client.open(uri('tasks.md'), text('tasks.md'));
    await client.open(uri('design.md'), text('design.md'));
  });
  afterAll(() => cleanup());

  it('shows the criterion text and its requirement title when hovering a _Requirements:_ id', async () => {
    const hover = await client.request<Hover>('textDocument/hover', positionParams('tasks.md', at('tasks.md', '_Requirements: 1.2, 1.3_', '1.3', 1)));
    const value = (hover.contents as MarkupContent).value;
    expect(value).toContain('Requirement 1: Store notes');
    expect(value).toContain('IF the note body exceeds 1 MB, THEN THE Note_Service SHALL reject it with status 413.');
  });

  it('shows the criterion text when hovering an id in a Validates: line of design.md', async () => {
    const hover = await client.request<Hover>('textDocument/hover', positionParams('design.md', at('design.md', '**Validates:', '1.2')));
    expect((hover.contents as MarkupContent).value).toContain('WHEN a note is stored, THE Note_Service SHALL return its id.');
  });

  it('says so when hovering a reference to a criterion the spec does not define', async () => {
    const hover = await client.request<Hover>('textDocument/hover', positionParams('tasks.md', at('tasks.md', '_Requirements: 9.9_', '9.9')));
    expect((hover.contents as MarkupContent).value).toContain('9.9** is not defined');
  });

  it('goes from a reference to the criterion it names in requirements.md', async () => {
    const location = await client.request<Location>('textDocument/definition', positionParams('tasks.md', at('tasks.md', '_Requirements: 2.1, 2.2_', '2.1')));
    expect(location.uri).toBe(uri('requirements.md'));
    expect(location.range.start).toEqual({ line: lineOf(text('requirements.md'), 'WHEN a writer requests a note by id'), character: 0 });
  });

  it('finds the tasks and properties that cite a criterion, from its list item in requirements.md', async () => {
    const locations = await client.request<Location[]>('textDocument/references', {
      ...positionParams('requirements.md', at('requirements.md', 'WHEN a note is stored', '2.')),
      context: { includeDeclaration: false },
    });
    expect(locations.map((l) => [l.uri, l.range.start.line])).toEqual([
      [uri('tasks.md'), lineOf(text('tasks.md'), '_Requirements: 1.2, 1.3_')],
      [uri('design.md'), lineOf(text('design.md'), '**Validates: Requirements 1.1, 1.2**')],
    ]);
  });

  it('finds every citation of a requirement from its heading', async () => {
    const locations = await client.request<Location[]>('textDocument/references', {
      ...positionParams('requirements.md', at('requirements.md', '### Requirement 2: Read notes', 'Read')),
      context: { includeDeclaration: false },
    });
    const line = lineOf(text('tasks.md'), '_Requirements: 2.1, 2.2_');
    expect(locations.map((l) => [l.uri, l.range.start.line])).toEqual([
      [uri('tasks.md'), line],
      [uri('tasks.md'), line],
    ]);
  });

  it('completes requirement ids inside _Requirements: with the criterion text as detail', async () => {
    const position = at('tasks.md', '_Requirements: 2.1, 2.2_', '2.2_', 3);
    await client.insert(uri('tasks.md'), position.line, position.character, ', ');
    const result = await client.request<CompletionItem[] | CompletionList>('textDocument/completion', positionParams('tasks.md', { line: position.line, character: position.character + 2 }));
    const items = Array.isArray(result) ? result : result.items;
    const criterion = items.find((i) => i.label === '2.3');
    expect(criterion!.detail).toBe('THE Note_Service SHALL describe every endpoint in an API reference document.');
    expect(items.map((i) => i.label)).not.toContain('2.1');
  });

  it('offers no completion outside a reference list', async () => {
    const result = await client.request<CompletionItem[] | null>('textDocument/completion', positionParams('tasks.md', at('tasks.md', '4. Read notes back', 'Read')));
    expect(result ?? []).toEqual([]);
  });
});
