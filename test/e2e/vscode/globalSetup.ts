import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { TestProject } from 'vitest/node';
import { hostDirs, hostEnv, installExtension } from './codeServer';
import { packageExtension } from './packaging';

/**
 * What the tests install: the .vsix and the extensions folder code-server installed it into once
 * (each test starts from a copy), or why there is none (so each test fails with that reason).
 */
export type ProvidedVsix = { path: string; installed: string } | { error: string };

declare module 'vitest' {
  export interface ProvidedContext {
    specwrightVsix: ProvidedVsix;
  }
}

/**
 * Packages the extension once per run and installs it once with `code-server --install-extension`;
 * every test gets a copy of that extensions folder (the install takes seconds; a copy, a fraction).
 * SPECWRIGHT_E2E_VSIX installs a given .vsix instead (e.g. a CI artifact).
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const given = process.env.SPECWRIGHT_E2E_VSIX;
  const root = mkdtempSync(path.join(tmpdir(), 'specwright-e2e-install-'));
  let provided: ProvidedVsix;
  try {
    const vsix = given ?? (await packageExtension());
    const dirs = hostDirs(root);
    await installExtension(vsix, dirs, hostEnv(dirs));
    provided = { path: vsix, installed: dirs.extensions };
  } catch (error) {
    provided = { error: (error as Error).message };
  }
  project.provide('specwrightVsix', provided);
  return () => rmSync(root, { recursive: true, force: true, maxRetries: 3 });
}
