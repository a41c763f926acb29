import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintSteeringFile, loadSteering, SteeringTracker, walkWorkspace } from '../../../src/core/steering';
import { thirdPartyDir } from '../../support/thirdPartyData';

const wild = thirdPartyDir('kiroConfigWild');
const corpus = thirdPartyDir('kiroCorpus');

function workspaceWith(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'sw-steer-lint-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

async function filesOf(ws: string): Promise<string[]> {
  const files: string[] = [];
  await walkWorkspace(ws, (f) => files.push(f));
  return files;
}

describe('steering lint', () => {
  it('reports an unknown inclusion, a pattern that matches no file and a broken #[[file:]] with their lines', async () => {
    const ws = workspaceWith({ 'src/a.ts': '', 'docs/api.md': '', 'dist/b.go': '', '.gitignore': 'dist/\n' });
    const text = '---\ninclusion: fileMatch\nfileMatchPattern:\n  - "src/**/*.ts"\n  - "**/*.go"\n---\n# Rules\n\nSee #[[file:docs/api.md]].\nAnd #[[file:docs/gone.md]].\n';
    const info = { source: '.kiro/steering/rules.md', absolutePath: path.join(ws, '.kiro/steering/rules.md'), scope: 'workspace' as const };
    const diagnostics = await lintSteeringFile(text, info, { workspace: ws, files: await filesOf(ws) });
    expect(diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([
      ['steering-pattern-unmatched', 5, 5],
      ['steering-file-reference', 10, 4],
    ]);
    expect(diagnostics[0]!.message).toContain('"**/*.go" matches no file');
    expect(diagnostics[1]!.message).toContain('#[[file:docs/gone.md]] file not found');
    const odd = await lintSteeringFile('---\ninclusion: sometimes\n---\nx', info, { workspace: ws });
    expect(odd).toEqual([expect.objectContaining({ severity: 'error', line: 2, code: 'steering-front-matter' })]);
    const auto = await lintSteeringFile('---\ninclusion: auto\n---\nx', info, { workspace: ws });
    expect(auto[0]!.message).toContain('no description');
  });
});

describe('steering of real Kiro projects', () => {
  it.runIf(wild || corpus)('loads every steering file of every project (none dropped), and each has a mode the tracker honours', async () => {
    let projects = 0;
    for (const base of [wild, corpus].filter((d): d is string => Boolean(d))) {
      for (const project of readdirSync(base).filter((n) => n.includes('__'))) {
        const ws = path.join(base, project);
        const steeringDir = path.join(ws, '.kiro', 'steering');
        let onDisk: string[] = [];
        try {
          onDisk = readdirSync(steeringDir, { withFileTypes: true }).filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.md')).map((e) => `.kiro/steering/${e.name}`);
        } catch {
          continue;
        }
        projects++;
        const catalog = await loadSteering(ws, { home: mkdtempSync(path.join(os.tmpdir(), 'sw-home-')) });
        const loaded = catalog.docs.filter((d) => d.source.startsWith('.kiro/steering/')).map((d) => d.source);
        expect(loaded.sort(), project).toEqual(onDisk.sort());
        const tracker = new SteeringTracker(catalog);
        const started = tracker.start({});
        for (const doc of catalog.docs.filter((d) => d.inclusion === 'always' && d.folder === undefined)) expect(started.map((s) => s.doc)).toContain(doc);
        for (const doc of catalog.docs.filter((d) => d.inclusion === 'manual')) {
          expect(started.map((s) => s.doc)).not.toContain(doc);
          expect(new SteeringTracker(catalog).start({ text: `use #${doc.name}` }).some((s) => s.doc === doc), `${project} #${doc.name}`).toBe(doc.name.includes(' ') ? false : true);
        }
      }
    }
    expect(projects).toBeGreaterThan(5);
  });
});
