import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSteering, readSteeringFile, SteeringTracker, requestableListing, renderIncluded, explainTaskSteering } from '../../../src/core/steering';

function workspaceWith(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'sw-steer-modes-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}
const emptyHome = () => mkdtempSync(path.join(os.tmpdir(), 'sw-home-'));
const read = (text: string) => readSteeringFile(text, { source: '.kiro/steering/x.md', absolutePath: '/nowhere/x.md', scope: 'workspace' });

describe('steering front matter', () => {
  it('reads fileMatchPattern as a string, a YAML list, and a comma-separated string (with a warning)', () => {
    expect(read('---\ninclusion: fileMatch\nfileMatchPattern: "src/**/*.ts"\n---\nx').doc.fileMatchPatterns).toEqual(['src/**/*.ts']);
    const list = read('---\ninclusion: fileMatch\nfileMatchPattern:\n  - "*.tsx"\n  - "app/**"\n---\nx');
    expect(list.doc.fileMatchPatterns).toEqual(['*.tsx', 'app/**']);
    expect(list.warnings).toEqual([]);
    const comma = read('---\ninclusion: fileMatch\nfileMatchPattern: "src/**/*.ts, test/**/*.{ts,tsx}"\n---\nx');
    expect(comma.doc.fileMatchPatterns).toEqual(['src/**/*.ts', 'test/**/*.{ts,tsx}']);
    expect(comma.warnings).toHaveLength(1);
    expect(comma.warnings[0]).toMatchObject({ file: '.kiro/steering/x.md', line: 3 });
    expect(comma.warnings[0]!.message).toContain('YAML list');
  });

  it('names the file and the key of an unknown key, keeps the mode it could read', () => {
    const { doc, warnings } = read('---\ninclusion: manual\nglobs: "*.ts"\n---\nbody');
    expect(doc.inclusion).toBe('manual');
    expect(warnings).toEqual([expect.objectContaining({ file: '.kiro/steering/x.md', line: 3, message: expect.stringContaining('unknown front matter key "globs"') })]);
  });

  it('treats malformed or non-mapping front matter as always, with a warning, and keeps the body', () => {
    for (const text of ['---\ninclusion: [manual\n---\nthe body', '---\n- a\n- b\n---\nthe body']) {
      const { doc, warnings } = read(text);
      expect(doc.inclusion).toBe('always');
      expect(doc.body).toBe('the body');
      expect(warnings).toHaveLength(1);
    }
  });

  it('reads the inclusion however it is cased, and front matter only when it opens the file', () => {
    expect(read('---\ninclusion: FileMatch\nfileMatchPattern: "*.go"\n---\n').doc.inclusion).toBe('fileMatch');
    const late = read('# Title\n\n---\ninclusion: manual\n---\n');
    expect(late.doc.inclusion).toBe('always');
    expect(late.doc.body).toContain('inclusion: manual');
  });

  it('wants a description for auto (else always) and warns when fileMatch has no pattern', () => {
    const noDescription = read('---\ninclusion: auto\nname: api\n---\nx');
    expect(noDescription.doc.inclusion).toBe('always');
    expect(noDescription.warnings[0]!.message).toContain('no description');
    const unnamed = read('---\ninclusion: auto\ndescription: API rules\n---\nx');
    expect(unnamed.doc).toMatchObject({ inclusion: 'auto', name: 'x', description: 'API rules' });
    expect(unnamed.warnings[0]!.message).toContain('without a name');
    const noPattern = read('---\ninclusion: fileMatch\n---\nx');
    expect(noPattern.doc.inclusion).toBe('fileMatch');
    expect(noPattern.warnings[0]!.message).toContain('no fileMatchPattern');
  });
});

describe('SteeringTracker', () => {
  async function catalogOf(files: Record<string, string>, home = emptyHome()) {
    const ws = workspaceWith(files);
    return { ws, catalog: await loadSteering(ws, { home }) };
  }

  it('starts with always docs, root AGENTS.md, #named manual docs and fileMatch docs for files the task names', async () => {
    const { catalog } = await catalogOf({
      '.kiro/steering/tech.md': '# Tech',
      '.kiro/steering/api-style.md': '---\ninclusion: manual\n---\nAPI style',
      '.kiro/steering/other.md': '---\ninclusion: manual\n---\nother',
      '.kiro/steering/api.md': '---\ninclusion: fileMatch\nfileMatchPattern: "src/api/**/*.ts"\n---\nAPI rules',
      '.kiro/steering/css.md': '---\ninclusion: fileMatch\nfileMatchPattern: "*.css"\n---\nCSS',
      'AGENTS.md': 'root agents',
    });
    const tracker = new SteeringTracker(catalog);
    const started = tracker.start({ text: 'Add pagination to `src/api/users.ts` following #api-style. See issue #12 and C# docs.' });
    expect(started.map((i) => [i.name, i.reason])).toEqual([
      ['tech', 'always'],
      ['AGENTS.md', 'always'],
      ['api-style', 'manual: #api-style'],
      ['api', 'fileMatch: src/api/users.ts ~ src/api/**/*.ts (task)'],
    ]);
    expect(tracker.available().map((a) => a.name).sort()).toEqual(['css', 'other']);
  });

  it('adds a fileMatch doc once, the first time the agent touches a matching file, and folder AGENTS.md nearest first', async () => {
    const { catalog } = await catalogOf({
      '.kiro/steering/css.md': '---\ninclusion: fileMatch\nfileMatchPattern: ["*.css", "*.scss"]\n---\nCSS',
      'web/AGENTS.md': 'web agents',
      'web/styles/AGENTS.md': 'styles agents',
      'web/styles/a.css': '',
      'node_modules/x/AGENTS.md': 'never',
    });
    const tracker = new SteeringTracker(catalog);
    expect(tracker.start({}).map((i) => i.name)).toEqual([]);
    expect(tracker.touch(['README.md'])).toEqual([]);
    const joined = tracker.touch(['./web/styles/a.css']);
    expect(joined.map((i) => [i.name, i.reason])).toEqual([
      ['css', 'fileMatch: web/styles/a.css ~ *.css'],
      ['web/styles/AGENTS.md', 'AGENTS.md: web/styles/a.css'],
      ['web/AGENTS.md', 'AGENTS.md: web/styles/a.css'],
    ]);
    expect(tracker.touch(['web/other.scss', 'web/styles/a.css'])).toEqual([]);
    expect(catalog.docs.some((d) => d.source.startsWith('node_modules'))).toBe(false);
  });

  it('lists auto docs and skills up front and gives their bodies when asked, once', async () => {
    const { ws, catalog } = await catalogOf({
      '.kiro/steering/api-conventions.md': '---\ninclusion: auto\nname: api-conventions\ndescription: API design conventions for endpoints\n---\nUse cursor pagination.',
      '.kiro/skills/pdf/SKILL.md': '---\nname: pdf-tools\ndescription: Fill PDF forms. Use for .pdf work.\n---\nRun the script, see [reference](reference.md) and [outside](../../../secret.txt).',
      '.kiro/skills/pdf/reference.md': 'REFERENCE BODY',
      'secret.txt': 'SECRET',
    });
    const listing = requestableListing(catalog)!;
    expect(listing).toContain('- api-conventions (steering): API design conventions for endpoints');
    expect(listing).toContain('- pdf-tools (skill): Fill PDF forms. Use for .pdf work.');
    expect(listing).not.toContain('cursor pagination');
    const tracker = new SteeringTracker(catalog);
    expect(tracker.start({}).map((i) => i.name)).toEqual([]);
    const asked = tracker.request('api-conventions');
    expect(asked).toMatchObject({ status: 'included', inclusion: { reason: 'auto: requested', inclusion: 'auto' } });
    expect(tracker.request('API-Conventions').status).toBe('already');
    const skill = tracker.request('pdf-tools');
    expect(skill.status).toBe('included');
    const rendered = await renderIncluded((skill as { inclusion: Parameters<typeof renderIncluded>[0] }).inclusion, { workspace: ws });
    expect(rendered.text).toContain('REFERENCE BODY');
    expect(rendered.text).not.toContain('SECRET');
    expect(rendered.problems[0]!.message).toContain('not a file inside the skill');
    expect(tracker.request('nope')).toEqual({ status: 'unknown', available: ['api-conventions', 'pdf-tools'] });
  });

  it('uses the workspace document on a name clash with the user one, and applies user fileMatch docs too', async () => {
    const home = workspaceWith({
      '.kiro/steering/style.md': 'user style',
      '.kiro/steering/go.md': '---\ninclusion: fileMatch\nfileMatchPattern: "**/*.go"\n---\nGo rules',
      '.kiro/steering/AGENTS.md': 'user agents',
      '.kiro/skills/s/SKILL.md': '---\nname: s\ndescription: user skill\n---\nu',
    });
    const { catalog } = await catalogOf({ '.kiro/steering/style.md': 'workspace style', '.kiro/skills/s/SKILL.md': '---\nname: s\ndescription: own skill\n---\nw' }, home);
    expect(catalog.docs.filter((d) => d.name === 'style').map((d) => d.body)).toEqual(['workspace style']);
    expect(catalog.skills.map((s) => s.description)).toEqual(['own skill']);
    const tracker = new SteeringTracker(catalog);
    expect(tracker.start({}).map((i) => i.source).sort()).toEqual(['.kiro/steering/style.md', '~/.kiro/steering/AGENTS.md']);
    expect(tracker.touch(['cmd/main.go']).map((i) => i.source)).toEqual(['~/.kiro/steering/go.md']);
  });

  it('reads CLAUDE.md and AGENTS.md unless switched off', async () => {
    const { ws } = await catalogOf({ 'AGENTS.md': 'a', 'CLAUDE.md': 'c', 'sub/AGENTS.md': 's' });
    expect((await loadSteering(ws, { home: emptyHome() })).docs.map((d) => d.source)).toEqual(['AGENTS.md', 'CLAUDE.md', 'sub/AGENTS.md']);
    expect((await loadSteering(ws, { home: emptyHome(), agentsMd: false })).docs.map((d) => d.source)).toEqual(['CLAUDE.md']);
    expect((await loadSteering(ws, { home: emptyHome(), claudeMd: false })).docs.map((d) => d.source)).toEqual(['AGENTS.md', 'sub/AGENTS.md']);
  });

  it('explains a task: what it starts with (including files its design section names) and what may join', async () => {
    const { catalog } = await catalogOf({
      '.kiro/steering/db.md': '---\ninclusion: fileMatch\nfileMatchPattern: "db/**"\n---\nDB',
      '.kiro/steering/ui.md': '---\ninclusion: fileMatch\nfileMatchPattern: "*.tsx"\n---\nUI',
    });
    const design = '# Design\n\n## Storage Layer\n\nTables live in `db/schema.sql`.\n\n## Screens\n\n`app/Page.tsx`\n';
    const explanation = explainTaskSteering(catalog, { ref: 'shop:2', text: 'Build the storage layer', design });
    expect(explanation).toEqual({
      task: 'shop:2',
      included: [{ name: 'db', inclusion: 'fileMatch', reason: 'fileMatch: db/schema.sql ~ db/** (design)' }],
      available: [{ name: 'ui', inclusion: 'fileMatch' }],
    });
  });
});

describe('#[[file:…]] references', () => {
  it('includes workspace files, reports missing and outside ones in place, caps size and stops cycles', async () => {
    const outside = workspaceWith({ 'secret.txt': 'TOP SECRET' });
    const ws = workspaceWith({
      '.kiro/steering/api.md': 'See #[[file:api/openapi.yaml]] and #[[file:missing.md]] and #[[file:../x]] and #[[file:link.txt]] and #[[file:big.txt]] and #[[file:a.md]]',
      'api/openapi.yaml': 'openapi: 3.1.0',
      'big.txt': 'x'.repeat(100),
      'a.md': 'A then #[[file:b.md]]',
      'b.md': 'B then #[[file:a.md]]',
    });
    symlinkSync(path.join(outside, 'secret.txt'), path.join(ws, 'link.txt'));
    const catalog = await loadSteering(ws, { home: emptyHome() });
    const tracker = new SteeringTracker(catalog);
    const [api] = tracker.start({});
    const rendered = await renderIncluded(api!, { workspace: ws, maxFileBytes: 50 });
    expect(rendered.text).toContain('<file path="api/openapi.yaml">\nopenapi: 3.1.0\n</file>');
    expect(rendered.text).toContain('[#[[file:missing.md]]: file not found]');
    expect(rendered.text).toContain('[#[[file:../x]]: is outside the workspace]');
    expect(rendered.text).toContain('leads outside the workspace (through a symbolic link)');
    expect(rendered.text).not.toContain('TOP SECRET');
    expect(rendered.text).toContain('[… 50 more bytes of big.txt not included]');
    expect(rendered.text).toContain('A then <file path="b.md">\nB then [#[[file:a.md]]: not expanded, refers back to a file already being included]');
    expect(rendered.problems.map((p) => p.message)).toEqual([
      '#[[file:missing.md]] file not found',
      '#[[file:../x]] is outside the workspace',
      '#[[file:link.txt]] leads outside the workspace (through a symbolic link)',
      '#[[file:a.md]] refers back to a file already being included',
    ]);
  });
});

describe('files a text names', () => {
  it('finds paths with folders or extensions, not URLs, numbers or abbreviations', async () => {
    const { pathsNamedIn } = await import('../../../src/core/steering');
    const text = 'Edit `src/api/user.ts` and ./lib/util.js (see https://example.com/a/b.html), update package.json, v1.2 of e.g. the docs/ folder.';
    expect(pathsNamedIn(text).sort()).toEqual(['docs/', 'lib/util.js', 'package.json', 'src/api/user.ts']);
  });
});
