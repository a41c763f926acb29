import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { lineOf, specFileUri, startServerWithFixture, type LspTestClient } from './lspClient';

/** Applies LSP text edits to a string (edits must not overlap), as an editor would. */
function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((out, e) => out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end)), text);
}

describe('spec language server quick fixes', () => {
  let client: LspTestClient;
  let cleanup: () => Promise<void>;
  let tasksUri: string;

  /** Opens tasks.md with `text` (not what is on disk), waits for its diagnostics and returns the fixes for `code`. */
  const fixesFor = async (text: string, code: string): Promise<{ actions: CodeAction[]; diagnostic: Diagnostic }> => {
    const version = await client.replace(tasksUri, text);
    const published = await client.diagnosticsFor(tasksUri, (p) => p.version === version);
    const diagnostic = published.diagnostics.find((d) => d.code === code);
    if (!diagnostic) throw new Error(`no ${code} diagnostic in ${JSON.stringify(published.diagnostics.map((d) => d.code))}`);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: tasksUri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    return { actions, diagnostic };
  };
  const editsOf = (action: CodeAction) => action.edit!.changes![tasksUri]!;

  beforeAll(async () => {
    let workspace: string;
    ({ client, workspace, cleanup } = await startServerWithFixture());
    tasksUri = specFileUri(workspace, 'tasks.md');
    await client.open(tasksUri, readFileSync(new URL(tasksUri), 'utf8'));
  });
  afterAll(() => cleanup());

  it('turns a heading-style task into a checkbox task', async () => {
    const text = '# Plan\n\n- [ ] 1. First\n  - _Requirements: 1.1_\n\n### 2. Build the parser\n';
    const { actions } = await fixesFor(text, 'task-not-a-checkbox');
    expect(actions[0]!.title).toBe('Make it a checkbox task: "- [ ] 2. Build the parser"');
    expect(actions[0]!.isPreferred).toBe(true);
    expect(applyEdits(text, editsOf(actions[0]!))).toBe('# Plan\n\n- [ ] 1. First\n  - _Requirements: 1.1_\n\n- [ ] 2. Build the parser\n');
  });

  it('turns a checkbox written without a space after the bullet into a task', async () => {
    const text = '# Plan\n\n-[ ] Wire the CLI\n';
    const { actions } = await fixesFor(text, 'task-not-a-checkbox');
    expect(applyEdits(text, editsOf(actions[0]!))).toBe('# Plan\n\n- [ ] Wire the CLI\n');
  });

  it('replaces a checkbox mark that is not a task status with [ ]', async () => {
    const text = '# Plan\n\n- [?] 1. Unsure\n  - _Requirements: 1.1_\n';
    const { actions } = await fixesFor(text, 'unknown-checkbox-mark');
    expect(applyEdits(text, editsOf(actions[0]!))).toBe('# Plan\n\n- [ ] 1. Unsure\n  - _Requirements: 1.1_\n');
  });

  it('offers to add the uncovered criterion closest to a task that references nothing, under its details', async () => {
    const text = readFileSync(new URL(tasksUri), 'utf8');
    const { actions } = await fixesFor(text, 'task-without-reference');
    expect(actions[0]!.title).toMatch(/^Add "_Requirements: 2\.3_" \(THE Note_Service SHALL describe every endpoint/);
    const fixed = applyEdits(text, editsOf(actions[0]!));
    expect(fixed.split('\n').slice(lineOf(fixed, '5. Document the API'))).toEqual([
      '- [ ] 5. Document the API',
      '  - Write the API reference for every endpoint',
      '  - _Requirements: 2.3_',
      '',
    ]);
  });

  it('renumbers duplicate and skipped task ids across the file in one edit', async () => {
    const text = '# Plan\n\n- [ ] 1. A\n  - [ ] 1.1 A one\n  - [ ] 1.3 A three\n- [ ] 1. B\n- [ ] 4. C\n  - [ ] 4.1 C one\n';
    const { actions } = await fixesFor(text, 'duplicate-task-id');
    const renumber = actions.find((a) => a.title.startsWith('Renumber all tasks'))!;
    expect(applyEdits(text, editsOf(renumber))).toBe('# Plan\n\n- [ ] 1. A\n  - [ ] 1.1 A one\n  - [ ] 1.2 A three\n- [ ] 2. B\n- [ ] 3. C\n  - [ ] 3.1 C one\n');
  });
});
