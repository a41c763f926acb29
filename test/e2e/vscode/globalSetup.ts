import type { TestProject } from 'vitest/node';
import { packageExtension } from './packaging';

/** What the tests install: a path, or why there is none (so each test fails with that reason). */
export type ProvidedVsix = { path: string } | { error: string };

declare module 'vitest' {
  export interface ProvidedContext {
    specwrightVsix: ProvidedVsix;
  }
}

/**
 * Packages the extension once per run; every test installs that very file into a fresh
 * extensions folder. SPECWRIGHT_E2E_VSIX installs a given .vsix instead (e.g. a CI artifact).
 */
export default async function setup(project: TestProject): Promise<void> {
  const given = process.env.SPECWRIGHT_E2E_VSIX;
  let provided: ProvidedVsix;
  try {
    provided = { path: given ?? (await packageExtension()) };
  } catch (error) {
    provided = { error: (error as Error).message };
  }
  project.provide('specwrightVsix', provided);
}
