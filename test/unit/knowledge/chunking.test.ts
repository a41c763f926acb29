import { describe, expect, it } from 'vitest';
import { chunkFile } from '../../../src/core/knowledge';

const lines = (n: number, make: (i: number) => string) => Array.from({ length: n }, (_, i) => make(i + 1)).join('\n');

describe('fast chunks', () => {
  it('are windows of at most 40 lines that cover the file in order', () => {
    const chunks = chunkFile(lines(100, (i) => `line ${i} of the notes`), 'notes.txt', 'fast');
    expect(chunks.map((c) => [c.startLine, c.endLine])).toEqual([[1, 40], [41, 80], [81, 100]]);
    expect(chunks[1]!.text.split('\n')[0]).toBe('line 41 of the notes');
    expect(chunks.every((c) => c.title === '' && c.symbols.length === 0)).toBe(true);
  });

  it('end a window at a blank line when one is near the end, so paragraphs stay whole', () => {
    const text = [...Array(30).fill('first paragraph'), '', ...Array(30).fill('second paragraph')].join('\n');
    expect(chunkFile(text, 'a.txt', 'fast').map((c) => [c.startLine, c.endLine])).toEqual([[1, 31], [32, 61]]);
  });
});

describe('best chunks of markdown', () => {
  it('cut at headings and carry the heading trail as their title', () => {
    const md = ['# Guide', 'Intro text.', '', '## Install', 'Run the installer.', '', 'More about it.', 'And more.', '', '### Linux', 'Use the package.', '', 'Then configure it.', 'Done.', '', '## Usage', 'Call it.', '', 'Twice.', 'Thrice.', 'Always.'].join('\n');
    const chunks = chunkFile(md, 'docs/guide.md', 'best');
    expect(chunks.map((c) => [c.title, c.startLine, c.endLine])).toEqual([
      ['Guide › Install', 1, 9],
      ['Guide › Install › Linux', 10, 15],
      ['Guide › Usage', 16, 21],
    ]);
  });

  it('ignore headings inside code fences', () => {
    const md = ['# Title', 'Text before the fence.', '', '```sh', '# not a heading', 'echo hi', '```', 'after', 'more', 'lines', '## Real', 'body', 'body', 'body', 'body', 'body'].join('\n');
    expect(chunkFile(md, 'a.md', 'best').map((c) => c.title)).toEqual(['Title', 'Title › Real']);
  });
});

describe('best chunks of code', () => {
  it('cut TypeScript at its declarations, with the comments above each one', () => {
    const body = (name: string) => [`  const ${name}Value = compute('${name}');`, `  log(${name}Value);`, `  check(${name}Value);`, `  store(${name}Value);`, `  return ${name}Value;`];
    const ts = [
      "import { compute } from './compute';",
      "import { log } from './log';",
      '',
      '/** Parses the task list. */',
      'export function parseTaskList(text: string): Task[] {',
      ...body('parsed'),
      '}',
      '',
      '// Keeps the state.',
      'export class TaskStore {',
      ...body('stored'),
      '}',
      '',
      'export const renderTasks = (tasks: Task[]) => {',
      ...body('rendered'),
      '};',
    ].join('\n');
    const chunks = chunkFile(ts, 'src/tasks.ts', 'best');
    // The three lines of imports are too short to stand alone: they join the first function.
    expect(chunks.map((c) => [c.title, c.startLine, c.endLine])).toEqual([
      ['function parseTaskList', 1, 12],
      ['class TaskStore', 13, 21],
      ['const renderTasks', 22, 28],
    ]);
    expect(chunks[0]!.text).toContain('/** Parses the task list. */\nexport function parseTaskList');
    expect(chunks[1]!.text.startsWith('// Keeps the state.\nexport class TaskStore {')).toBe(true);
    expect(chunks[1]!.symbols).toContain('TaskStore');
  });

  it('cut a class too long for one chunk at its methods, titled with both names', () => {
    const method = (name: string) => [`  ${name}(input: string): number {`, ...Array.from({ length: 25 }, (_, i) => `    const step${i} = input.length + ${i};`), '    return 0;', '  }', ''];
    const ts = ['export class Ledger {', '  private readonly rows: number[] = [];', '', ...method('append'), ...method('total'), ...method('clear'), '}'].join('\n');
    const titles = chunkFile(ts, 'ledger.ts', 'best').map((c) => c.title);
    // The class's head (two lines) is joined to its first method.
    expect(titles).toEqual(['class Ledger › append', 'class Ledger › total', 'class Ledger › clear']);
  });

  it.each([
    ['app.py', ['import os', '', '@cached', 'def load_config(path):', ...Array(6).fill('    x = 1'), '', 'class Loader:', ...Array(6).fill('    y = 2')], ['def load_config', 'class Loader']],
    ['main.go', ['package main', '', 'import "fmt"', '', '// Run runs.', 'func (s *Server) Run() error {', ...Array(6).fill('\tx := 1'), '}', '', 'type Server struct {', ...Array(6).fill('\tname string'), '}'], ['func Run', 'type Server']],
    ['lib.rs', ['use std::io;', '', '/// Reads.', 'pub fn read_all() -> io::Result<()> {', ...Array(6).fill('    let x = 1;'), '}', '', 'pub struct Reader {', ...Array(6).fill('    a: u8,'), '}', '', 'impl Reader {', ...Array(6).fill('    // x'), '}'], ['fn read_all', 'struct Reader', 'impl Reader']],
  ])('find the declarations of %s', (file, source, expected) => {
    const titles = chunkFile(source.join('\n'), file, 'best').map((c) => c.title);
    expect(titles.filter((t) => expected.includes(t))).toEqual(expected);
  });

  it('join declarations too short to stand alone', () => {
    const ts = ['export const a = () => 1;', 'export const b = () => 2;', 'export function c() {', ...Array(8).fill('  work();'), '}'].join('\n');
    const chunks = chunkFile(ts, 'small.ts', 'best');
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.symbols).toEqual(['a', 'b', 'c']);
  });

  it('fall back to windows for languages it does not parse', () => {
    const chunks = chunkFile(lines(130, (i) => `key${i}: value`), 'config.yaml', 'best');
    expect(chunks.map((c) => c.title)).toEqual(['config.yaml', 'config.yaml', 'config.yaml']);
  });
});
