import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const coreDir = path.resolve(__dirname, '../../../src/core');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|js|mjs|cjs)$/.test(name) ? [full] : [];
  });
}

const importsVscode = /(?:from\s*|import\s*\(\s*|require\s*\(\s*|import\s+)['"]vscode(?:\/[^'"]*)?['"]/;

describe('src/core stays host-free', () => {
  it('finds the core sources it is guarding', () => {
    expect(sourceFiles(coreDir).length).toBeGreaterThan(0);
  });

  it('has no file under src/core that imports vscode', () => {
    const offenders = sourceFiles(coreDir).filter((file) => importsVscode.test(readFileSync(file, 'utf8')));
    expect(offenders.map((f) => path.relative(coreDir, f))).toEqual([]);
  });

  it('recognises every way of importing vscode', () => {
    for (const line of [`import * as vscode from 'vscode';`, `import type { Uri } from "vscode"`, `const v = require('vscode')`, `await import('vscode')`, `import 'vscode';`]) {
      expect(importsVscode.test(line), line).toBe(true);
    }
    expect(importsVscode.test(`import { z } from 'zod'; // vscode`)).toBe(false);
  });
});

/** A string that tells the person to type a CLI command or pass a flag: the faces word remedies, not the core. */
const speaksAsTheCli = /['"`][^'"`\n]*(?:\bspecwright (?:spec|run|hooks|mcp|agent|doctor|usage|knowledge|steering|checkpoint|chat|tasks)\b|\b(?:[Pp]ass|with|use|[Rr]e-run with) --[a-z]|\(--[a-z])/;

describe('src/core speaks data, not one face', () => {
  const codeLines = (file: string) =>
    readFileSync(file, 'utf8').split('\n').map((text, i) => ({ text, line: i + 1 })).filter(({ text }) => !/^\s*(\/\/|\*|\/\*)/.test(text));

  it('has no message that names a CLI command or flag (a remedy says what to do; the CLI and VS Code word it)', () => {
    const offenders = sourceFiles(coreDir).flatMap((file) =>
      codeLines(file).filter(({ text }) => speaksAsTheCli.test(text)).map(({ line, text }) => `${path.relative(coreDir, file)}:${line}: ${text.trim()}`),
    );
    expect(offenders).toEqual([]);
  });

  it('recognises a message that speaks as the CLI', () => {
    for (const line of [
      "throw new Error(`no record; name them: specwright spec link ${spec} ${task} FILE…`);",
      "warnings.push('not applied until you confirm it (or pass --trust)');",
      "return 'accept the change (specwright spec drift todo --accept 1)';",
      "message: 'Re-run with --force to replace it',",
    ]) {
      expect(speaksAsTheCli.test(line), line).toBe(true);
    }
    expect(speaksAsTheCli.test("'close it with -->.'")).toBe(false);
    expect(speaksAsTheCli.test("found.push({ marker: 'php artisan migrate --force' });")).toBe(false);
  });
});

