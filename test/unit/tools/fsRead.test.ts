import { mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createToolset } from '../../../src/core/agent/tools';
import { eventsOfType, tempWorkspace, toolContext } from './toolFixture';

const tools = createToolset();
const fiveLines = 'one\ntwo\nthree\nfour\nfive\n';

describe('fs_read', () => {
  it('numbers every line of a file read in Line mode', async () => {
    const ws = tempWorkspace({ 'notes.md': 'alpha\nbeta\n' });
    const result = await tools.executeToolCall('fs_read', { operations: [{ mode: 'Line', path: 'notes.md' }] }, toolContext(ws.root));
    expect(result).toEqual({ content: '1\talpha\n2\tbeta', isError: false });
  });

  it('reads the lines between start_line and end_line and says which of how many they are', async () => {
    const ws = tempWorkspace({ 'a.txt': fiveLines });
    const result = await tools.executeToolCall('fs_read', { operations: [{ mode: 'Line', path: 'a.txt', start_line: 2, end_line: 3 }] }, toolContext(ws.root));
    expect(result.content).toBe('2\ttwo\n3\tthree\n[lines 2-3 of 5]');
  });

  it('counts negative line numbers from the end of the file, like Kiro', async () => {
    const ws = tempWorkspace({ 'a.txt': fiveLines });
    const result = await tools.executeToolCall('fs_read', { operations: [{ mode: 'Line', path: 'a.txt', start_line: -2 }] }, toolContext(ws.root));
    expect(result.content).toBe('4\tfour\n5\tfive\n[lines 4-5 of 5]');
  });

  it('reports a start_line past the end of the file as an error', async () => {
    const ws = tempWorkspace({ 'a.txt': fiveLines });
    const result = await tools.executeToolCall('fs_read', { operations: [{ mode: 'Line', path: 'a.txt', start_line: 9 }] }, toolContext(ws.root));
    expect(result).toEqual({ content: 'start_line 9 is past the end of a.txt, which has 5 lines.', isError: true });
  });

  it('stops at the output limit and says where to continue', async () => {
    const ws = tempWorkspace({ 'big.txt': Array.from({ length: 5000 }, (_, i) => `row ${i + 1}`).join('\n') });
    const result = await tools.executeToolCall('fs_read', { operations: [{ mode: 'Line', path: 'big.txt' }] }, toolContext(ws.root, { outputLimitChars: 2_000 }));
    const lastShown = Number(/output limit reached at line (\d+) of 5000/.exec(result.content)![1]);
    expect(result.content).toContain(`continue with start_line ${lastShown + 1}`);
    expect(result.content.length).toBeLessThan(2_200);
  });

  it('cuts a very long line so that one line cannot fill the result', async () => {
    const ws = tempWorkspace({ 'bundle.min.js': `${'x'.repeat(50_000)}\n` });
    const result = await tools.executeToolCall('fs_read', { operations: [{ mode: 'Line', path: 'bundle.min.js' }] }, toolContext(ws.root));
    expect(result.content).toBe(`1\t${'x'.repeat(2_000)}… [line cut: 50000 characters]`);
  });

  it('accepts a single operation given at the top level instead of in operations', async () => {
    const ws = tempWorkspace({ 'a.txt': fiveLines });
    const result = await tools.executeToolCall('fs_read', { mode: 'line', path: 'a.txt', start_line: '5' }, toolContext(ws.root));
    expect(result).toEqual({ content: '5\tfive\n[lines 5-5 of 5]', isError: false });
  });

  it('lists a folder one level deep by default and does not list node_modules or .git', async () => {
    const ws = tempWorkspace({ 'src/index.ts': '', 'src/lib/deep.ts': '', 'README.md': '', 'node_modules/pkg/index.js': '', '.git/HEAD': '' });
    const result = await tools.executeToolCall('fs_read', { operations: [{ mode: 'Directory', path: '.' }] }, toolContext(ws.root));
    expect(result.content.split('\n')).toEqual(['.git/ (not listed)', 'README.md', 'node_modules/ (not listed)', 'src/', 'src/index.ts', 'src/lib/']);
  });

  it('lists only a folder\'s own entries at depth 0', async () => {
    const ws = tempWorkspace({ 'src/index.ts': '', 'src/lib/deep.ts': '' });
    const result = await tools.executeToolCall('fs_read', { operations: [{ mode: 'Directory', path: 'src', depth: 0 }] }, toolContext(ws.root));
    expect(result.content.split('\n')).toEqual(['src/index.ts', 'src/lib/']);
  });

  it('shows the lines containing the pattern with context, ignoring case, in Search mode', async () => {
    const ws = tempWorkspace({ 'a.txt': 'one\ntwo\nThree\nfour\nfive\nsix\nseven\neight\nthree again\n' });
    const result = await tools.executeToolCall('fs_read', { operations: [{ mode: 'Search', path: 'a.txt', pattern: 'three', context_lines: 1 }] }, toolContext(ws.root));
    expect(result.content).toBe('2-two\n3:Three\n4-four\n--\n8-eight\n9:three again');
  });

  it('emits a file_read event for each path it reads', async () => {
    const ws = tempWorkspace({ 'a.txt': fiveLines, 'b.txt': fiveLines });
    const ctx = toolContext(ws.root);
    await tools.executeToolCall('fs_read', { operations: [{ mode: 'Line', path: 'a.txt' }, { mode: 'Search', path: 'b.txt', pattern: 'two' }] }, ctx);
    expect(eventsOfType(ctx.events, 'file_read').map((e) => [e.path, e.detail])).toEqual([
      ['a.txt', 'lines 1-5'],
      ['b.txt', 'search "two"'],
    ]);
  });

  it('answers every operation of a batch even when one of them fails', async () => {
    const ws = tempWorkspace({ 'a.txt': 'hello\n' });
    const result = await tools.executeToolCall('fs_read', { operations: [{ mode: 'Line', path: 'missing.txt' }, { mode: 'Line', path: 'a.txt' }] }, toolContext(ws.root));
    expect(result.isError).toBe(false);
    expect(result.content).toBe('==> Line missing.txt <==\nError: missing.txt does not exist.\n\n==> Line a.txt <==\n1\thello');
  });

  it('reports a missing file as an error naming the path', async () => {
    const ws = tempWorkspace();
    const result = await tools.executeToolCall('fs_read', { operations: [{ mode: 'Line', path: 'docs/design.md' }] }, toolContext(ws.root));
    expect(result).toEqual({ content: 'docs/design.md does not exist.', isError: true });
  });

  it('refuses to show a binary file as text', async () => {
    const ws = tempWorkspace();
    writeFileSync(ws.file('logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    const result = await tools.executeToolCall('fs_read', { operations: [{ mode: 'Line', path: 'logo.png' }] }, toolContext(ws.root));
    expect(result).toEqual({ content: 'logo.png is a binary file (6 bytes) and cannot be shown as text.', isError: true });
  });

  it('tells the model to use Directory mode when Line mode is given a folder', async () => {
    const ws = tempWorkspace();
    mkdirSync(ws.file('src'));
    const result = await tools.executeToolCall('fs_read', { operations: [{ mode: 'Line', path: 'src' }] }, toolContext(ws.root));
    expect(result).toEqual({ content: 'src is a folder; use mode Directory to list it.', isError: true });
  });

  it('plans one read action per distinct path, relative to the workspace', async () => {
    const ws = tempWorkspace({ 'a.txt': '' });
    const actions = await tools.plan('fs_read', { operations: [{ mode: 'Line', path: `${ws.root}/a.txt` }, { mode: 'Search', path: 'a.txt', pattern: 'x' }, { mode: 'Directory', path: '.' }] }, toolContext(ws.root));
    expect(actions).toEqual([{ kind: 'read', path: 'a.txt' }, { kind: 'read', path: '.' }]);
  });
});
