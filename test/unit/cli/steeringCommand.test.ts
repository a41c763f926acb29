import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSpecwright as run } from '../spec/cliRun';

function folderWith(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'specwright-steering-cli-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

const tasks = `# Implementation Plan

- [ ] 1. Add the users endpoint
  - Write \`src/api/users.ts\` as described in the design's Users API section; follow #api-style
  - _Requirements: 1.1_
- [ ] 2. Style the page
`;
const design = '# Design\n\n## Users API\n\nThe handler lives in `src/api/users.ts` and uses `src/db/pool.ts`.\n\n## Page\n\n`web/page.css`\n';

function workspace() {
  return folderWith({
    '.kiro/steering/product.md': '# Product\nA shop.',
    '.kiro/steering/api-style.md': '---\ninclusion: manual\n---\nErrors as problem+json.',
    '.kiro/steering/db.md': '---\ninclusion: fileMatch\nfileMatchPattern: "src/db/**"\n---\nUse the pool.',
    '.kiro/steering/css.md': '---\ninclusion: fileMatch\nfileMatchPattern: "*.css, *.scss"\n---\nBEM.',
    '.kiro/steering/api-conventions.md': '---\ninclusion: auto\nname: api-conventions\ndescription: Endpoint conventions\nowner: me\n---\nCursor pagination.',
    '.kiro/skills/release/SKILL.md': '---\nname: release\ndescription: Cut a release\n---\nSteps.',
    '.kiro/specs/shop/tasks.md': tasks,
    '.kiro/specs/shop/design.md': design,
    'src/db/pool.ts': '',
    'AGENTS.md': 'Run npm test.',
  });
}

describe('specwright steering list', () => {
  it('prints the documented JSON: workspace and user documents, skills, warnings naming file and key', async () => {
    const ws = workspace();
    const home = folderWith({ '.kiro/steering/product.md': 'user product (shadowed)', '.kiro/steering/mine.md': '---\ninclusion: manual\n---\nmine' });
    const { code, stdout } = await run(['--workspace', ws, 'steering', 'list', '--json'], { env: { HOME: home } });
    expect(code).toBe(0);
    const listed = JSON.parse(stdout);
    expect(listed.steering).toEqual([
      { name: 'mine', file: '~/.kiro/steering/mine.md', scope: 'user', inclusion: 'manual', patterns: [] },
      { name: 'api-conventions', file: '.kiro/steering/api-conventions.md', scope: 'workspace', inclusion: 'auto', patterns: [], description: 'Endpoint conventions' },
      { name: 'api-style', file: '.kiro/steering/api-style.md', scope: 'workspace', inclusion: 'manual', patterns: [] },
      { name: 'css', file: '.kiro/steering/css.md', scope: 'workspace', inclusion: 'fileMatch', patterns: ['*.css', '*.scss'] },
      { name: 'db', file: '.kiro/steering/db.md', scope: 'workspace', inclusion: 'fileMatch', patterns: ['src/db/**'] },
      { name: 'product', file: '.kiro/steering/product.md', scope: 'workspace', inclusion: 'always', patterns: [] },
      { name: 'AGENTS.md', file: 'AGENTS.md', scope: 'workspace', inclusion: 'always', patterns: [] },
    ]);
    expect(listed.skills).toEqual([{ name: 'release', file: '.kiro/skills/release/SKILL.md', scope: 'workspace', description: 'Cut a release' }]);
    expect(listed.warnings).toEqual([
      { file: '.kiro/steering/api-conventions.md', message: expect.stringContaining('unknown front matter key "owner"') },
      { file: '.kiro/steering/css.md', message: expect.stringContaining('fileMatchPattern "*.css, *.scss" is read as 2 patterns') },
    ]);
  });

  it('lists for people with the mode of each document', async () => {
    const { stdout } = await run(['--workspace', workspace(), 'steering', 'list']);
    expect(stdout).toMatch(/^db\s+fileMatch\s+workspace\s+src\/db\/\*\*$/m);
    expect(stdout).toMatch(/^api-style\s+manual\s+workspace\s+#api-style$/m);
    expect(stdout).toContain('Skills:');
    expect(stdout).toContain('warning .kiro/steering/css.md');
  });
});

describe('specwright steering explain', () => {
  it('says what a task starts with (mentions, files in its text and design section) and what may join', async () => {
    const { code, stdout } = await run(['--workspace', workspace(), 'steering', 'explain', 'shop:1', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      task: 'shop:1',
      included: [
        { name: 'product', inclusion: 'always', reason: 'always' },
        { name: 'AGENTS.md', inclusion: 'always', reason: 'always' },
        { name: 'api-style', inclusion: 'manual', reason: 'manual: #api-style' },
        { name: 'db', inclusion: 'fileMatch', reason: 'fileMatch: src/db/pool.ts ~ src/db/** (design)' },
      ],
      available: [
        { name: 'api-conventions', inclusion: 'auto' },
        { name: 'css', inclusion: 'fileMatch' },
        { name: 'release', inclusion: 'skill' },
      ],
    });
  });

  it('exits 2 with a one-line message for a malformed target or an unknown task', async () => {
    const ws = workspace();
    expect((await run(['--workspace', ws, 'steering', 'explain', 'shop'])).stderr).toContain('needs SPEC:TASK_ID');
    const unknown = await run(['--workspace', ws, 'steering', 'explain', 'shop:9']);
    expect([unknown.code, unknown.stderr]).toEqual([2, 'specwright: spec shop has no task 9; run "specwright tasks list shop" to see them\n']);
  });
});

describe('specwright steering lint', () => {
  it('reports unmatched patterns and broken references, exits 1 on an error', async () => {
    const ws = workspace();
    writeFileSync(path.join(ws, '.kiro/steering/ref.md'), 'See #[[file:docs/missing.md]]\n');
    const clean = await run(['--workspace', ws, 'steering', 'lint', '--json']);
    expect(clean.code).toBe(0);
    const codes = JSON.parse(clean.stdout).diagnostics.map((d: { file: string; code: string; line: number }) => `${d.file}:${d.line} ${d.code}`);
    expect(codes).toEqual([
      '.kiro/steering/api-conventions.md:5 steering-front-matter',
      '.kiro/steering/css.md:3 steering-front-matter',
      '.kiro/steering/css.md:3 steering-pattern-unmatched',
      '.kiro/steering/css.md:3 steering-pattern-unmatched',
      '.kiro/steering/ref.md:1 steering-file-reference',
    ]);
    writeFileSync(path.join(ws, '.kiro/steering/bad.md'), '---\ninclusion: often\n---\nx');
    const failing = await run(['--workspace', ws, 'steering', 'lint']);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('.kiro/steering/bad.md:2:1 error inclusion must be one of');
  });
});
