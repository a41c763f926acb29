import { mkdtempSync, mkdirSync, writeFileSync, readdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { globMatches } from '../../../src/core/fs';
import { loadSteering, parseSteeringFile, steeringForContext, type SteeringWarning } from '../../../src/core/steering';
import { thirdPartyDir } from '../../support/thirdPartyData';

const corpus = thirdPartyDir('kiroCorpus');
const wild = thirdPartyDir('kiroConfigWild');

function workspaceWith(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'sw-steering-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

const emptyHome = () => mkdtempSync(path.join(os.tmpdir(), 'sw-home-'));

describe('steering', () => {
  it('reads inclusion modes from front matter and includes always docs and AGENTS.md in context', async () => {
    const ws = workspaceWith({
      '.kiro/steering/tech.md': '---\ninclusion: always\n---\n# Tech\nUse TypeScript.',
      '.kiro/steering/ref.md': '---\ninclusion: manual\n---\n# Ref',
      '.kiro/steering/tests.md': '---\ninclusion: fileMatch\nfileMatchPattern: "test/**/*.ts"\n---\n# Tests',
      'AGENTS.md': 'Run npm test before finishing.',
    });
    const { docs, warnings } = await loadSteering(ws, { home: emptyHome() });
    expect(warnings).toEqual([]);
    expect(steeringForContext(docs).map((d) => d.source)).toEqual(['.kiro/steering/tech.md', 'AGENTS.md']);
    expect(steeringForContext(docs, ['test/unit/a.test.ts']).map((d) => d.source)).toContain('.kiro/steering/tests.md');
    expect(docs.find((d) => d.source === '.kiro/steering/tech.md')?.body).toBe('# Tech\nUse TypeScript.');
  });

  it('treats a file without front matter as always included', async () => {
    const ws = workspaceWith({ '.kiro/steering/plain.md': '# Plain\nrules' });
    const { docs } = await loadSteering(ws, { home: emptyHome() });
    expect(docs[0]).toMatchObject({ inclusion: 'always', title: 'Plain' });
  });

  it('warns with the file name on broken YAML and an unknown inclusion, and includes those files always rather than dropping them', async () => {
    const ws = workspaceWith({
      '.kiro/steering/bad.md': '---\ninclusion: [always\n---\nbody',
      '.kiro/steering/odd.md': '---\ninclusion: sometimes\n---\nbody',
      '.kiro/steering/good.md': '---\ninclusion: always\n---\nbody',
    });
    const { docs, warnings } = await loadSteering(ws, { home: emptyHome() });
    expect(warnings.find((w) => w.file === '.kiro/steering/bad.md')?.message).toMatch(/^the front matter is not valid YAML/);
    expect(warnings.find((w) => w.file === '.kiro/steering/odd.md')?.message).toMatch(/^inclusion must be one of always, fileMatch, manual, auto \(got "sometimes"\)/);
    expect(steeringForContext(docs).map((d) => d.source)).toEqual(['.kiro/steering/bad.md', '.kiro/steering/good.md', '.kiro/steering/odd.md']);
  });

  it('lets a workspace steering file shadow the user file of the same name', async () => {
    const home = workspaceWith({ '.kiro/steering/style.md': 'user style', '.kiro/steering/mine.md': 'user only' });
    const ws = workspaceWith({ '.kiro/steering/style.md': 'workspace style' });
    const { docs } = await loadSteering(ws, { home });
    expect(docs.map((d) => d.body).sort()).toEqual(['user only', 'workspace style']);
    expect(docs.find((d) => d.body === 'user only')?.scope).toBe('user');
  });

  it.runIf(corpus)('reads every steering file of the real Kiro corpus without warnings about inclusion', async () => {
    const projects = readdirSync(corpus!).filter((n) => n.includes('__'));
    expect(projects.length).toBeGreaterThan(0);
    for (const project of projects) {
      const { docs, warnings } = await loadSteering(path.join(corpus!, project), { home: emptyHome() });
      expect(warnings).toEqual([]);
      expect(docs.filter((d) => d.inclusion === 'always').length).toBeGreaterThan(0);
    }
  });

  it('matches globs with **, * and braces', () => {
    expect(globMatches('src/**/*.ts', 'src/a/b/c.ts')).toBe(true);
    expect(globMatches('src/**/*.ts', 'src/c.ts')).toBe(true);
    expect(globMatches('*.{ts,tsx}', 'a.tsx')).toBe(true);
  });

  it('matches a pattern without a slash at any depth, as .gitignore does', () => {
    expect(globMatches('*.ts', 'dir/sub/a.ts')).toBe(true);
    expect(globMatches('*.md', 'README.md')).toBe(true);
    expect(globMatches('package.json', 'apps/web/package.json')).toBe(true);
    expect(globMatches('*.ts', 'dir/a.tsx')).toBe(false);
    // A slash anywhere pins the pattern to the root; a leading one pins a bare name.
    expect(globMatches('src/*.ts', 'lib/src/a.ts')).toBe(false);
    expect(globMatches('/README.md', 'docs/README.md')).toBe(false);
    expect(globMatches('/README.md', 'README.md')).toBe(true);
  });

  it('includes fileMatch steering for a bare pattern when a nested file is in play', () => {
    const warnings: SteeringWarning[] = [];
    const doc = parseSteeringFile('---\ninclusion: fileMatch\nfileMatchPattern: "*.tsx"\n---\nReact rules', { source: '.kiro/steering/react.md', absolutePath: '/x/react.md', scope: 'workspace' }, warnings);
    expect(steeringForContext([doc], ['src/components/App.tsx'])).toEqual([doc]);
    expect(steeringForContext([doc], ['src/components/App.ts'])).toEqual([]);
  });
});

describe('steering of real projects', () => {
  it.runIf(wild)('includes a fileMatch doc written with a bare pattern (*.ts) for a matching file in any folder', async () => {
    let checked = 0;
    for (const project of readdirSync(wild!).filter((name) => name.includes('__'))) {
      const { docs } = await loadSteering(path.join(wild!, project), { home: emptyHome() });
      for (const doc of docs.filter((d) => d.inclusion === 'fileMatch')) {
        for (const pattern of doc.fileMatchPatterns.filter((p) => /^\*\.[\w.]+$/.test(p))) {
          const nested = `src/deep/er/file${pattern.slice(1)}`;
          expect(steeringForContext([doc], [nested]), `${project} ${doc.source} ${pattern}`).toEqual([doc]);
          expect(steeringForContext([doc], ['src/deep/file.unrelated-extension'])).toEqual([]);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});
