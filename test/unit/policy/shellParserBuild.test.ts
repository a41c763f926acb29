import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadShellParser } from '../../../src/core/policy';
import { parseShell } from '../../../src/core/policy/shell/syntaxTree';

const root = path.resolve(__dirname, '../../..');
const sha256 = (file: string) => createHash('sha256').update(readFileSync(path.join(root, file))).digest('hex');

describe('the committed shell parser', () => {
  const manifest = JSON.parse(readFileSync(path.join(root, 'tools/shell-parser/build.json'), 'utf8')) as {
    sources: Record<string, string>;
    outputs: Record<string, string>;
  };

  it('was built from the source beside it (rebuild with tools/shell-parser/build.sh after changing main.go)', () => {
    for (const [file, sum] of Object.entries(manifest.sources)) expect(sha256(file), file).toBe(sum);
  });

  it('is the module and runtime that build recorded', () => {
    for (const [file, sum] of Object.entries(manifest.outputs)) expect(sha256(file), file).toBe(sum);
  });

  it('answers a parse after loading, with byte offsets into the text and operators as text', async () => {
    await loadShellParser();
    const parsed = parseShell('é=1 && ls > "out"');
    if (!parsed.ok) throw new Error(parsed.message);
    const binary = parsed.file.Stmts[0]!.Cmd!;
    expect(binary).toMatchObject({ type: 'BinaryCmd', Op: '&&' });
    const right = (binary as unknown as { Y: { Redirs: Array<{ Op: string; Word: never }> } }).Y;
    expect(right.Redirs[0]!.Op).toBe('>');
    expect(parsed.source.of(right.Redirs[0]!.Word)).toBe('"out"');
  });

  it('reports a syntax error with its line and column instead of throwing', async () => {
    await loadShellParser();
    expect(parseShell("echo 'open")).toEqual({ ok: false, message: "reached EOF without closing quote ' at line 1, column 6" });
  });

  it('leaves the host’s global object alone', async () => {
    await loadShellParser();
    expect('parse' in globalThis).toBe(false);
    expect('Go' in globalThis).toBe(false);
    expect('fs' in globalThis).toBe(false);
  });
});
