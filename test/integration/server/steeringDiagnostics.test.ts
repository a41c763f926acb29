import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol';
import { specFileUri, startServerWithFixture, type LspTestClient } from './lspClient';

describe('spec language server: steering files', () => {
  let client: LspTestClient;
  let workspace: string;
  let cleanup: () => Promise<void>;
  const uriOf = (name: string) => pathToFileURL(path.join(workspace, '.kiro', 'steering', name)).href;

  beforeAll(async () => {
    ({ client, workspace, cleanup } = await startServerWithFixture());
    mkdirSync(path.join(workspace, '.kiro', 'steering'), { recursive: true });
    mkdirSync(path.join(workspace, 'src'), { recursive: true });
    writeFileSync(path.join(workspace, 'src', 'app.ts'), '');
  });
  afterAll(() => cleanup());

  it('reports an unknown inclusion as an error on its line, a pattern that matches no file and a broken #[[file:]] as warnings on theirs', async () => {
    const text = ['---', 'inclusion: fileMatch', 'fileMatchPattern: "lib/**/*.rb"', 'colour: blue', '---', '# Rules', 'See #[[file:docs/missing.md]] first.', ''].join('\n');
    const uri = uriOf('ruby.md');
    await client.open(uri, text);
    const published = await client.diagnosticsFor(uri);
    const byCode = (code: string) => published.diagnostics.filter((d) => d.code === code);
    expect(byCode('steering-pattern-unmatched')).toEqual([expect.objectContaining({ severity: DiagnosticSeverity.Warning, source: 'specwright', range: expect.objectContaining({ start: { line: 2, character: 19 } }) })]);
    expect(byCode('steering-pattern-unmatched')[0]!.message).toContain('"lib/**/*.rb" matches no file');
    expect(byCode('steering-front-matter')).toEqual([expect.objectContaining({ severity: DiagnosticSeverity.Warning, message: expect.stringContaining('colour') })]);
    expect(byCode('steering-file-reference')).toEqual([expect.objectContaining({ range: expect.objectContaining({ start: { line: 6, character: 4 } }) })]);

    // Fixed in the editor: the next publication for this version is clean.
    const version = await client.replace(uri, ['---', 'inclusion: fileMatch', 'fileMatchPattern: "src/**/*.ts"', '---', '# Rules', ''].join('\n'));
    const fixed = await client.diagnosticsFor(uri, (p) => p.version === version);
    expect(fixed.diagnostics).toEqual([]);
  });

  it('reports an inclusion no tool knows as an error, and auto without a description', async () => {
    const unknown = uriOf('odd.md');
    await client.open(unknown, '---\ninclusion: sometimes\n---\nBody.\n');
    const odd = await client.diagnosticsFor(unknown);
    expect(odd.diagnostics).toEqual([expect.objectContaining({ severity: DiagnosticSeverity.Error, code: 'steering-front-matter', range: expect.objectContaining({ start: { line: 1, character: 0 } }) })]);

    const auto = uriOf('auto.md');
    await client.open(auto, '---\ninclusion: auto\nname: api\n---\nBody.\n');
    const published = await client.diagnosticsFor(auto);
    expect(published.diagnostics.map((d) => d.message).join('\n')).toContain('description');
  });

  it('lints nothing in sub-folders of steering/ or elsewhere as steering, and spec files as before', async () => {
    mkdirSync(path.join(workspace, '.kiro', 'steering', 'drafts'), { recursive: true });
    const draft = pathToFileURL(path.join(workspace, '.kiro', 'steering', 'drafts', 'x.md')).href;
    await client.open(draft, '---\ninclusion: sometimes\n---\n');
    const tasks = specFileUri(workspace, 'tasks.md');
    await client.open(tasks, '# Tasks\n\n- [ ] 1. Do it\n  - _Requirements: 9.9_\n');
    expect((await client.diagnosticsFor(tasks)).diagnostics.some((d) => d.code === 'unknown-reference')).toBe(true);
    expect(client.publishedUris()).not.toContain(draft);
  });
});
