import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver-protocol';
import { lintSpec, parseDesign, parseRequirements, parseTasks } from '../../../src/core/spec';
import { loadTraceInputs, specEvidence, workspaceTraceSources } from '../../../src/core/trace';
import { toLspDiagnostic } from '../../../src/server/diagnostics';
import { specFileUri, startServerWithFixture, type LspTestClient } from './lspClient';

/**
 * The server re-parses tasks.md only where an edit changed it. Whatever the edits, what it
 * publishes for each version must be what a fresh parse and lint of that version's text gives.
 */

/** A plan large enough to have many blocks above and below each edit: done tasks, references, an unnumbered task, a fence. */
function plan(): string {
  const lines = ['# Implementation Plan', ''];
  for (let t = 1; t <= 40; t++) {
    lines.push(`- [${t % 3 ? ' ' : 'x'}] ${t === 17 ? '' : `${t}. `}Area ${t}`);
    for (let s = 1; s <= 3; s++) lines.push(`  - [${s === 2 ? 'x' : ' '}] ${t}.${s} Step ${s}`, '    - Write it', `    - _Requirements: ${(t % 2) + 1}.${s}_`);
    if (t === 25) lines.push('', '```md', '- [ ] 99. not a task', '```');
    lines.push('');
  }
  return lines.join('\n');
}

/** Edits as an editor sends them: keystrokes, new lines, pasted tasks, deletions across lines. */
const snippets = [' ', 'x', '\n', '- [ ] ', '- [x] 50. Pasted task\n  - _Requirements: 1.1_\n', '```\n', '## Phase\n', '', '\t'];

function pseudoRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('spec language server after edits', () => {
  let client: LspTestClient;
  let workspace: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ client, workspace, cleanup } = await startServerWithFixture());
  });
  afterAll(() => cleanup());

  it('publishes for every edited version of tasks.md what a fresh parse and lint of that text gives', async () => {
    const uri = specFileUri(workspace, 'tasks.md');
    const specDir = path.join(workspace, '.kiro', 'specs', 'notes-app');
    const requirements = parseRequirements(readFileSync(path.join(specDir, 'requirements.md'), 'utf8'), { file: 'requirements.md' });
    const design = parseDesign(readFileSync(path.join(specDir, 'design.md'), 'utf8'), { file: 'design.md' });
    const inputs = await loadTraceInputs(workspaceTraceSources(workspace));
    const expected = async (text: string) => {
      const docs = { name: 'notes-app', requirements, design, tasks: parseTasks(text, { file: 'tasks.md' }) };
      const found = lintSpec(docs, await specEvidence(workspace, docs, inputs));
      return found.filter((d) => d.file === 'tasks.md').map(toLspDiagnostic);
    };

    let doc = TextDocument.create(uri, 'markdown', 1, plan());
    await client.open(uri, doc.getText());
    const random = pseudoRandom(7);
    for (let k = 0; k < 40; k++) {
      const text = doc.getText();
      const start = Math.floor(random() * text.length);
      const end = random() < 0.7 ? start : Math.min(text.length, start + Math.floor(random() * 200));
      const range: Range = { start: doc.positionAt(start), end: doc.positionAt(end) };
      const insert = snippets[Math.floor(random() * snippets.length)]!;
      const version = await client.edit(uri, range, insert);
      doc = TextDocument.update(doc, [{ range, text: insert }], version);
      const published = await client.diagnosticsFor(uri, (p) => p.version === version);
      expect(published.diagnostics, `after edit ${k + 1}`).toEqual(await expected(doc.getText()));
    }
  });
});
