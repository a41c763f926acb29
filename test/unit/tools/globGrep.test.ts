import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createToolset, globToRegExp } from '../../../src/core/agent/tools';
import { tempWorkspace, toolContext } from './toolFixture';

const tools = createToolset();
const project = {
  'src/index.ts': 'export const Answer = 42;\n',
  'src/lib/math.ts': 'export function add(a, b) {\n  return a + b;\n}\n// answer: not here\n',
  'src/lib/math.test.ts': 'add(1, 2);\n',
  'docs/guide.md': 'The answer is in src.\n',
  'node_modules/dep/index.ts': 'export const answer = 0;\n',
  '.git/config': 'answer\n',
};

describe('glob', () => {
  it('matches ** across any number of folders', async () => {
    const ws = tempWorkspace(project);
    const result = await tools.executeToolCall('glob', { pattern: '**/*.ts' }, toolContext(ws.root));
    expect(result.content.split('\n')).toEqual(['src/index.ts', 'src/lib/math.test.ts', 'src/lib/math.ts']);
  });

  it('keeps * and ? within one folder name', async () => {
    const ws = tempWorkspace(project);
    expect((await tools.executeToolCall('glob', { pattern: 'src/*.ts' }, toolContext(ws.root))).content).toBe('src/index.ts');
    expect((await tools.executeToolCall('glob', { pattern: 'src/l?b' }, toolContext(ws.root))).content).toBe('src/lib/');
  });

  it('expands {a,b} alternatives', async () => {
    const ws = tempWorkspace(project);
    const result = await tools.executeToolCall('glob', { pattern: '{docs,src}/*.{md,ts}' }, toolContext(ws.root));
    expect(result.content.split('\n')).toEqual(['docs/guide.md', 'src/index.ts']);
  });

  it('matches relative to path and lists workspace-relative results', async () => {
    const ws = tempWorkspace(project);
    const result = await tools.executeToolCall('glob', { pattern: '*.ts', path: 'src/lib' }, toolContext(ws.root));
    expect(result.content.split('\n')).toEqual(['src/lib/math.test.ts', 'src/lib/math.ts']);
  });

  it('reads a pattern without a slash in the searched folder only, as a shell does', async () => {
    const ws = tempWorkspace({ ...project, 'top.ts': '' });
    expect((await tools.executeToolCall('glob', { pattern: '*.ts' }, toolContext(ws.root))).content).toBe('top.ts');
    expect((await tools.executeToolCall('glob', { pattern: '*.ts', path: 'src' }, toolContext(ws.root))).content).toBe('src/index.ts');
  });

  it('says when nothing matches, without it being an error', async () => {
    const ws = tempWorkspace(project);
    expect(await tools.executeToolCall('glob', { pattern: '**/*.rs' }, toolContext(ws.root))).toEqual({ content: 'No files match **/*.rs in the workspace.', isError: false });
  });

  it('stops at 500 results and says to narrow the pattern', async () => {
    const ws = tempWorkspace();
    for (let i = 0; i < 510; i++) writeFileSync(ws.file(`f${String(i).padStart(3, '0')}.txt`), '');
    const result = await tools.executeToolCall('glob', { pattern: '*.txt' }, toolContext(ws.root));
    const lines = result.content.split('\n');
    expect(lines).toHaveLength(501);
    expect(lines[500]).toBe('… stopped at 500 matches; use a narrower pattern or path.');
  });

  it('translates globs to anchored regular expressions', () => {
    expect(globToRegExp('**/*.ts').test('a/b/c.ts')).toBe(true);
    expect(globToRegExp('**/*.ts').test('c.ts')).toBe(true);
    expect(globToRegExp('src/**').test('src/a/b')).toBe(true);
    expect(globToRegExp('*.ts', { anchored: true }).test('a/b.ts')).toBe(false);
    expect(globToRegExp('*.ts').test('a/b.ts')).toBe(true);
    expect(globToRegExp('/b.ts').test('a/b.ts')).toBe(false);
    expect(globToRegExp('/b.ts').test('b.ts')).toBe(true);
    expect(globToRegExp('[!a]*.md').test('b.md')).toBe(true);
    expect(globToRegExp('[!a]*.md').test('a.md')).toBe(false);
    expect(globToRegExp('a.b').test('axb')).toBe(false);
  });
});

describe('grep', () => {
  it('returns path:line:text for every matching line, case-insensitively by default', async () => {
    const ws = tempWorkspace(project);
    const result = await tools.executeToolCall('grep', { pattern: 'answer' }, toolContext(ws.root));
    expect(result.content.split('\n')).toEqual(['docs/guide.md:1:The answer is in src.', 'src/index.ts:1:export const Answer = 42;', 'src/lib/math.ts:4:// answer: not here']);
  });

  it('matches case exactly when case_sensitive is true', async () => {
    const ws = tempWorkspace(project);
    const result = await tools.executeToolCall('grep', { pattern: 'Answer', case_sensitive: true }, toolContext(ws.root));
    expect(result.content).toBe('src/index.ts:1:export const Answer = 42;');
  });

  it('filters files by an include glob that matches names at any depth', async () => {
    const ws = tempWorkspace(project);
    const result = await tools.executeToolCall('grep', { pattern: 'a', include: '*.test.ts' }, toolContext(ws.root));
    expect(result.content).toBe('src/lib/math.test.ts:1:add(1, 2);');
  });

  it('searches a single file given as path', async () => {
    const ws = tempWorkspace(project);
    const result = await tools.executeToolCall('grep', { pattern: 'return', path: 'src/lib/math.ts' }, toolContext(ws.root));
    expect(result.content).toBe('src/lib/math.ts:2:  return a + b;');
  });

  it('skips binary files', async () => {
    const ws = tempWorkspace({ 'a.txt': 'needle\n' });
    writeFileSync(ws.file('b.bin'), Buffer.concat([Buffer.from('needle'), Buffer.from([0, 1, 2])]));
    expect((await tools.executeToolCall('grep', { pattern: 'needle' }, toolContext(ws.root))).content).toBe('a.txt:1:needle');
  });

  it('explains an invalid regular expression', async () => {
    const ws = tempWorkspace(project);
    const result = await tools.executeToolCall('grep', { pattern: 'foo(' }, toolContext(ws.root));
    expect(result.isError).toBe(true);
    expect(result.content).toMatch(/^Invalid regex \/foo\(\/: .*Escape special characters/);
  });

  it('says when nothing matches, without it being an error', async () => {
    const ws = tempWorkspace(project);
    expect(await tools.executeToolCall('grep', { pattern: 'zebra' }, toolContext(ws.root))).toEqual({ content: 'No matches for /zebra/ in the workspace.', isError: false });
  });
});

describe('glob and grep with .gitignore files', () => {
  const ignoring = {
    ...project,
    '.gitignore': 'dist/\n*.log\n.env\n',
    'dist/bundle.js': 'const answer = 1;\n',
    'debug.log': 'answer in a log\n',
    '.env': 'ANSWER=42\n',
    'pkg/.gitignore': 'generated/\n!keep.log\n',
    'pkg/src/main.ts': 'export const answer = 2;\n',
    'pkg/generated/api.ts': 'export const answer = 3;\n',
    'pkg/keep.log': 'answer kept\n',
  };

  it('glob lists nothing the .gitignore files ignore, nested ones included, and names ignored matches', async () => {
    const ws = tempWorkspace(ignoring);
    const result = await tools.executeToolCall('glob', { pattern: '**/*.ts' }, toolContext(ws.root));
    expect(result.content.split('\n')).toEqual(['pkg/src/main.ts', 'src/index.ts', 'src/lib/math.test.ts', 'src/lib/math.ts']);
    const logs = await tools.executeToolCall('glob', { pattern: '**/*.log' }, toolContext(ws.root));
    expect(logs.content).toBe('pkg/keep.log\nAlso matching, but ignored by .gitignore: debug.log. Give an ignored folder as path to look inside it.');
    const env = await tools.executeToolCall('glob', { pattern: '.env*' }, toolContext(ws.root));
    expect(env.content).toBe('No files match .env* in the workspace.\nAlso matching, but ignored by .gitignore: .env. Give an ignored folder as path to look inside it.');
  });

  it('glob looks inside an ignored folder named by path or by the pattern', async () => {
    const ws = tempWorkspace(ignoring);
    expect((await tools.executeToolCall('glob', { pattern: '*.js', path: 'dist' }, toolContext(ws.root))).content).toBe('dist/bundle.js');
    expect((await tools.executeToolCall('glob', { pattern: 'pkg/generated/**' }, toolContext(ws.root))).content).toBe('pkg/generated/api.ts');
  });

  it('grep searches no ignored file unless given its folder, and says what it skipped when nothing matched', async () => {
    const ws = tempWorkspace(ignoring);
    const everywhere = await tools.executeToolCall('grep', { pattern: 'answer' }, toolContext(ws.root));
    expect(everywhere.content.split('\n')).toEqual([
      'docs/guide.md:1:The answer is in src.',
      'pkg/keep.log:1:answer kept',
      'pkg/src/main.ts:1:export const answer = 2;',
      'src/index.ts:1:export const Answer = 42;',
      'src/lib/math.ts:4:// answer: not here',
    ]);
    expect((await tools.executeToolCall('grep', { pattern: 'answer', path: 'pkg/generated' }, toolContext(ws.root))).content).toBe('pkg/generated/api.ts:1:export const answer = 3;');
    expect((await tools.executeToolCall('grep', { pattern: 'ANSWER=' }, toolContext(ws.root))).content).toBe(
      'No matches for /ANSWER=/ in the workspace. 4 paths ignored by .gitignore were not searched; give one as path to search it.',
    );
  });
});
