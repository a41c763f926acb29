import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSteering, mentionChoices, namedDocs } from '../../../src/core/steering';

function workspaceWith(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'sw-mention-choices-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

describe('what # completes to', () => {
  it('offers manual, then auto, then fileMatch documents with what describes them; never always ones or AGENTS.md', async () => {
    const home = workspaceWith({ '.kiro/steering/house-rules.md': '---\ninclusion: manual\n---\n# House rules\nTabs.\n' });
    const workspace = workspaceWith({
      '.kiro/steering/tech.md': '# Tech\nNode 20.\n',
      '.kiro/steering/api-style.md': '---\ninclusion: manual\n---\n# API style\nREST, plural nouns.\n',
      '.kiro/steering/db.md': '---\ninclusion: auto\nname: db\ndescription: "Database   conventions:\n  migrations and naming"\n---\n# Database\n',
      '.kiro/steering/react.md': '---\ninclusion: fileMatch\nfileMatchPattern: "**/*.tsx"\n---\n# React components\n',
      'AGENTS.md': '# Agents\n',
    });
    const catalog = await loadSteering(workspace, { home });
    const choices = mentionChoices(catalog);
    expect(choices).toEqual([
      { name: 'api-style', inclusion: 'manual', description: 'API style', source: '.kiro/steering/api-style.md' },
      { name: 'house-rules', inclusion: 'manual', description: 'House rules', source: '~/.kiro/steering/house-rules.md' },
      { name: 'db', inclusion: 'auto', description: 'Database conventions: migrations and naming', source: '.kiro/steering/db.md' },
      { name: 'react', inclusion: 'fileMatch', description: 'React components', source: '.kiro/steering/react.md' },
    ]);
    // Each offered name, once completed into a message, brings its document in.
    for (const choice of choices) expect(namedDocs(`use #${choice.name} here`, catalog.docs).map((n) => n.doc.source)).toEqual([choice.source]);
  });

  it('leaves out a name no mention could spell, and clips a long description', async () => {
    const workspace = workspaceWith({
      '.kiro/steering/odd.md': '---\ninclusion: auto\nname: "two words"\ndescription: x\n---\nbody\n',
      '.kiro/steering/long.md': `---\ninclusion: auto\nname: long\ndescription: "${'word '.repeat(200)}"\n---\nbody\n`,
    });
    const choices = mentionChoices(await loadSteering(workspace, { home: workspaceWith({}) }));
    expect(choices.map((c) => c.name)).toEqual(['long']);
    expect(choices[0]!.description.length).toBeLessThanOrEqual(300);
    expect(choices[0]!.description.endsWith('…')).toBe(true);
  });
});
