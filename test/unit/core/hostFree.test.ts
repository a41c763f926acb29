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
