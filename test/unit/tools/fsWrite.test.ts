import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createToolset, fsWriteTool, type FsWriteInput } from '../../../src/core/agent/tools';
import { eventsOfType, tempWorkspace, toolContext } from './toolFixture';

const tools = createToolset();
const read = (file: string) => readFileSync(file, 'utf8');

describe('fs_write', () => {
  it('creates a file and the folders it goes in', async () => {
    const ws = tempWorkspace();
    const result = await tools.executeToolCall('fs_write', { command: 'create', path: 'src/lib/util.ts', file_text: 'export const x = 1;\n' }, toolContext(ws.root));
    expect(result).toEqual({ content: 'Created src/lib/util.ts (+1 lines).', isError: false });
    expect(read(ws.file('src/lib/util.ts'))).toBe('export const x = 1;\n');
  });

  it('accepts an absolute path inside the workspace', async () => {
    const ws = tempWorkspace();
    await tools.executeToolCall('fs_write', { command: 'create', path: ws.file('a.txt'), file_text: 'a\n' }, toolContext(ws.root));
    expect(read(ws.file('a.txt'))).toBe('a\n');
  });

  it('replaces the single occurrence of old_str with new_str', async () => {
    const ws = tempWorkspace({ 'a.ts': 'const a = 1;\nconst b = 2;\n' });
    const result = await tools.executeToolCall('fs_write', { command: 'str_replace', path: 'a.ts', old_str: 'const b = 2;', new_str: 'const b = 3;' }, toolContext(ws.root));
    expect(result).toEqual({ content: 'Updated a.ts (+1 -1 lines).', isError: false });
    expect(read(ws.file('a.ts'))).toBe('const a = 1;\nconst b = 3;\n');
  });

  it('says how many times old_str occurs when it is not unique, and changes nothing', async () => {
    const ws = tempWorkspace({ 'a.ts': 'x();\nx();\nx();\n' });
    const result = await tools.executeToolCall('fs_write', { command: 'str_replace', path: 'a.ts', old_str: 'x();', new_str: 'y();' }, toolContext(ws.root));
    expect(result.isError).toBe(true);
    expect(result.content).toBe('old_str occurs 3 times in a.ts; it must occur exactly once. Include more surrounding lines to make it unique.');
    expect(read(ws.file('a.ts'))).toBe('x();\nx();\nx();\n');
  });

  it('reports an old_str that does not occur in the file', async () => {
    const ws = tempWorkspace({ 'a.ts': 'x();\n' });
    const result = await tools.executeToolCall('fs_write', { command: 'str_replace', path: 'a.ts', old_str: 'y();', new_str: 'z();' }, toolContext(ws.root));
    expect(result).toMatchObject({ isError: true, content: expect.stringMatching(/^old_str was not found in a\.ts/) });
  });

  it('writes replacement patterns such as $& in new_str literally', async () => {
    const ws = tempWorkspace({ 'a.ts': 'price\n' });
    await tools.executeToolCall('fs_write', { command: 'str_replace', path: 'a.ts', old_str: 'price', new_str: "'$&' costs $1" }, toolContext(ws.root));
    expect(read(ws.file('a.ts'))).toBe("'$&' costs $1\n");
  });

  it('matches a multi-line old_str in a CRLF file and keeps its CRLF line endings', async () => {
    const ws = tempWorkspace({ 'a.txt': 'one\r\ntwo\r\nthree\r\n' });
    await tools.executeToolCall('fs_write', { command: 'str_replace', path: 'a.txt', old_str: 'one\ntwo', new_str: 'uno\ndos' }, toolContext(ws.root));
    expect(read(ws.file('a.txt'))).toBe('uno\r\ndos\r\nthree\r\n');
  });

  it('inserts new_str after insert_line, and at the top for line 0', async () => {
    const ws = tempWorkspace({ 'a.txt': 'one\ntwo\n' });
    await tools.executeToolCall('fs_write', { command: 'insert', path: 'a.txt', insert_line: 1, new_str: 'one and a half' }, toolContext(ws.root));
    await tools.executeToolCall('fs_write', { command: 'insert', path: 'a.txt', insert_line: 0, new_str: 'zero\n' }, toolContext(ws.root));
    expect(read(ws.file('a.txt'))).toBe('zero\none\none and a half\ntwo\n');
  });

  it('appends on a new line when the file does not end with one', async () => {
    const ws = tempWorkspace({ 'a.txt': 'one' });
    await tools.executeToolCall('fs_write', { command: 'append', path: 'a.txt', new_str: 'two\n' }, toolContext(ws.root));
    expect(read(ws.file('a.txt'))).toBe('one\ntwo\n');
  });

  it('emits file_written with a unified diff and the added and removed line counts', async () => {
    const ws = tempWorkspace({ 'a.ts': 'a\nb\nc\n' });
    const ctx = toolContext(ws.root);
    await tools.executeToolCall('fs_write', { command: 'str_replace', path: 'a.ts', old_str: 'b\n', new_str: 'B\nB2\n' }, ctx);
    const [event] = eventsOfType(ctx.events, 'file_written');
    expect(event).toMatchObject({ path: 'a.ts', change: 'modified', added: 2, removed: 1 });
    expect(event!.diff).toBe('--- a.ts\n+++ a.ts\n@@ -1,3 +1,4 @@\n a\n-b\n+B\n+B2\n c\n');
  });

  it('plans a modify action whose line counts come from the real diff', async () => {
    const ws = tempWorkspace({ 'a.ts': 'a\nb\nc\nd\n' });
    const actions = await tools.plan('fs_write', { command: 'str_replace', path: 'a.ts', old_str: 'b\nc', new_str: 'B\nc' }, toolContext(ws.root));
    expect(actions).toEqual([{ kind: 'write', path: 'a.ts', operation: 'modify', linesChanged: 2, linesBefore: 4 }]);
  });

  it('plans a create action with no lines before for a new file', async () => {
    const ws = tempWorkspace();
    const actions = await tools.plan('fs_write', { command: 'create', path: 'new.md', file_text: '# Title\n\ntext\n' }, toolContext(ws.root));
    expect(actions).toEqual([{ kind: 'write', path: 'new.md', operation: 'create', linesChanged: 3, linesBefore: 0 }]);
  });

  it('refuses to write when the file was edited between plan and run, keeping the edit', async () => {
    const ws = tempWorkspace({ 'a.ts': 'const a = 1;\n' });
    const ctx = toolContext(ws.root);
    const input: FsWriteInput = { command: 'str_replace', path: 'a.ts', old_str: 'const a = 1;', new_str: 'const a = 2;' };
    await fsWriteTool.plan(input, ctx);
    writeFileSync(ws.file('a.ts'), 'const a = 1;\n// edited by the user\n');
    const result = await fsWriteTool.run(input, ctx);
    expect(result.isError).toBe(true);
    expect(result.content).toMatch(/^a\.ts changed on disk after it was read/);
    expect(read(ws.file('a.ts'))).toBe('const a = 1;\n// edited by the user\n');
  });

  it('refuses to overwrite a file that appeared between plan and run', async () => {
    const ws = tempWorkspace();
    const ctx = toolContext(ws.root);
    const input: FsWriteInput = { command: 'create', path: 'a.ts', file_text: 'mine\n' };
    await fsWriteTool.plan(input, ctx);
    writeFileSync(ws.file('a.ts'), 'theirs\n');
    expect((await fsWriteTool.run(input, ctx)).isError).toBe(true);
    expect(read(ws.file('a.ts'))).toBe('theirs\n');
  });

  it('writes the change approved at plan time when called through the toolset with the same input', async () => {
    const ws = tempWorkspace({ 'a.ts': 'one\n' });
    const ctx = toolContext(ws.root);
    const raw = { command: 'str_replace', path: 'a.ts', old_str: 'one', new_str: 'two' };
    await tools.plan('fs_write', raw, ctx);
    writeFileSync(ws.file('a.ts'), 'one\nuser line\n');
    expect((await tools.executeToolCall('fs_write', raw, ctx)).isError).toBe(true);
  });

  it('reports an error when the file read back differs from what was meant to be written', async () => {
    const ws = tempWorkspace();
    // A lone surrogate cannot be stored as UTF-8: the disk ends up holding U+FFFD instead.
    const result = await tools.executeToolCall('fs_write', { command: 'create', path: 'a.txt', file_text: 'broken \ud800 text\n' }, toolContext(ws.root));
    expect(result.isError).toBe(true);
    expect(result.content).toMatch(/^Wrote a\.txt, but reading it back gave different content/);
  });

  it('refuses to edit a file that is not UTF-8 text', async () => {
    const ws = tempWorkspace();
    writeFileSync(ws.file('latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
    const result = await tools.executeToolCall('fs_write', { command: 'append', path: 'latin1.txt', new_str: 'more\n' }, toolContext(ws.root));
    expect(result).toEqual({ content: 'latin1.txt is not UTF-8 text; fs_write cannot edit it safely.', isError: true });
  });

  it('refuses new text that replaces code with a placeholder, and writes nothing', async () => {
    const ws = tempWorkspace({ 'app.ts': 'function a() {}\nfunction b() {}\n' });
    const result = await tools.executeToolCall('fs_write', { command: 'create', path: 'app.ts', file_text: 'function a() {}\n// ... existing code ...\n' }, toolContext(ws.root));
    expect(result.isError).toBe(true);
    expect(result.content).toContain('line 2 of the new text for app.ts is "// ... existing code ..."');
    expect(result.content).toContain('Send the complete text');
    expect(read(ws.file('app.ts'))).toBe('function a() {}\nfunction b() {}\n');
  });

  it('accepts a placeholder-like line that the file already contained', async () => {
    const ws = tempWorkspace({ 'example.ts': 'const a = 1;\n// ... existing code ...\n' });
    const result = await tools.executeToolCall('fs_write', { command: 'str_replace', path: 'example.ts', old_str: 'const a = 1;\n// ... existing code ...', new_str: 'const a = 2;\n// ... existing code ...' }, toolContext(ws.root));
    expect(result.isError).toBe(false);
    expect(read(ws.file('example.ts'))).toBe('const a = 2;\n// ... existing code ...\n');
  });

  it('says so and writes nothing when the new content equals the old', async () => {
    const ws = tempWorkspace({ 'a.txt': 'same\n' });
    const ctx = toolContext(ws.root);
    const result = await tools.executeToolCall('fs_write', { command: 'create', path: 'a.txt', file_text: 'same\n' }, ctx);
    expect(result).toEqual({ content: 'No change: a.txt already has this content.', isError: false });
    expect(eventsOfType(ctx.events, 'file_written')).toEqual([]);
  });

  it('names the missing field when a command lacks its text', async () => {
    const ws = tempWorkspace({ 'a.txt': 'x\n' });
    const result = await tools.executeToolCall('fs_write', { command: 'insert', path: 'a.txt', new_str: 'y' }, toolContext(ws.root));
    expect(result).toEqual({ content: 'insert needs insert_line (0 inserts at the top).', isError: true });
  });
});
