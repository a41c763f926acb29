import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol';
import { lineOf, specFileUri, startServerWithFixture, type LspTestClient } from './lspClient';

describe('spec language server diagnostics', () => {
  let client: LspTestClient;
  let workspace: string;
  let cleanup: () => Promise<void>;
  let tasksUri: string;
  let requirementsUri: string;
  let tasksText: string;

  beforeAll(async () => {
    ({ client, workspace, cleanup } = await startServerWithFixture());
    tasksUri = specFileUri(workspace, 'tasks.md');
    requirementsUri = specFileUri(workspace, 'requirements.md');
    tasksText = readFileSync(new URL(tasksUri), 'utf8');
    // Markdown outside .kiro/specs goes first: were it linted, its diagnostics would arrive first too.
    await client.open(pathToFileURL(path.join(workspace, 'README.md')).href, readFileSync(path.join(workspace, 'README.md'), 'utf8'));
    await client.open(tasksUri, tasksText);
  });
  afterAll(() => cleanup());

  it('publishes an error for a reference to an undefined criterion, on the line of that reference', async () => {
    const published = await client.diagnosticsFor(tasksUri);
    const dangling = published.diagnostics.find((d) => d.code === 'unknown-reference');
    expect(dangling).toMatchObject({ severity: DiagnosticSeverity.Error, source: 'specwright' });
    expect(dangling!.range.start.line).toBe(lineOf(tasksText, '_Requirements: 9.9_'));
    expect(dangling!.message).toContain('9.9');
  });

  it('publishes diagnostics for the unopened requirements.md, read from disk', async () => {
    const published = await client.diagnosticsFor(requirementsUri);
    const uncovered = published.diagnostics.filter((d) => d.code === 'uncovered-criterion');
    const requirementsText = readFileSync(new URL(requirementsUri), 'utf8');
    expect(uncovered.map((d) => d.range.start.line)).toEqual([lineOf(requirementsText, 'API reference document')]);
    expect(uncovered[0]!.severity).toBe(DiagnosticSeverity.Warning);
  });

  it('warns that a heading-style task is not a checkbox, so it gets no Execute button', async () => {
    const published = await client.diagnosticsFor(tasksUri);
    const lost = published.diagnostics.find((d) => d.code === 'task-not-a-checkbox');
    expect(lost!.range.start.line).toBe(lineOf(tasksText, '### 3. Build the request parser'));
    expect(lost!.message).toContain('"- [ ] 3. Build the request parser"');
  });

  it('publishes nothing for Markdown outside .kiro/specs', async () => {
    await client.diagnosticsFor(tasksUri);
    expect(client.publishedUris().every((uri) => uri.includes('/.kiro/specs/'))).toBe(true);
  });

  it('re-lints requirements.md when an edit in tasks.md covers its uncovered criterion', async () => {
    const edited = tasksText.replace('  - Write the API reference for every endpoint', '  - Write the API reference for every endpoint\n  - _Requirements: 2.3_');
    const version = await client.replace(tasksUri, edited);
    await client.diagnosticsFor(tasksUri, (p) => p.version === version);
    const requirements = await client.diagnosticsFor(requirementsUri, (p) => !p.diagnostics.some((d) => d.code === 'uncovered-criterion'));
    expect(requirements.diagnostics).toEqual([]);
  });

  it('publishes requirements.md again only when an edit in tasks.md changes its diagnostics', async () => {
    const requirementsPublished = () => client.publishedUris().filter((uri) => uri === requirementsUri).length;
    const before = requirementsPublished();
    for (const column of [0, 1]) {
      const version = await client.insert(tasksUri, 0, column, ' ');
      await client.diagnosticsFor(tasksUri, (p) => p.version === version);
    }
    expect(requirementsPublished()).toBe(before);
  });

  it('marks each publication for an open document with the version it was computed from', async () => {
    const version = await client.insert(tasksUri, 0, 0, ' ');
    const published = await client.diagnosticsFor(tasksUri, (p) => p.version === version);
    expect(published.diagnostics.some((d) => d.code === 'unknown-reference')).toBe(true);
  });
});

describe('spec language server diagnostics with the default debounce', () => {
  it('coalesces edits made in quick succession into one lint of the newest text', async () => {
    const { client, workspace, cleanup } = await startServerWithFixture({});
    try {
      const uri = specFileUri(workspace, 'tasks.md');
      const text = readFileSync(new URL(uri), 'utf8');
      await client.open(uri, text);
      await client.insert(uri, 0, 0, 'a');
      const last = await client.insert(uri, 0, 0, 'b');
      const first = await client.diagnosticsFor(uri);
      expect(first.version).toBe(last);
    } finally {
      await cleanup();
    }
  });
});
