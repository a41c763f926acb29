import { existsSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Third-party Kiro data the project may not carry (real `.kiro/` folders from public projects).
 * Tests over it read it from a folder named by an environment variable, which `.ci/run` always sets,
 * so CI runs them every time; a plain clone runs without them (`thirdPartyNotice.ts` says so once).
 */
export const THIRD_PARTY_DATA = {
  /** Whole `.kiro/` folders written with Kiro: 97 specs, steering, hooks, agents, settings. */
  kiroCorpus: 'SPECWRIGHT_KIRO_CORPUS',
  /** Hooks, steering, mcp.json, agents and settings of more projects, as found (valid or not). */
  kiroConfigWild: 'SPECWRIGHT_KIRO_CONFIG_WILD',
} as const;

export type ThirdPartyData = keyof typeof THIRD_PARTY_DATA;

/**
 * The folder of that data set, or null when its variable is unset. A variable that names a missing
 * folder is a mistake in the setup and throws, so a typo never turns into silently skipped tests.
 */
export function thirdPartyDir(name: ThirdPartyData): string | null {
  const variable = THIRD_PARTY_DATA[name];
  const value = process.env[variable];
  if (!value) return null;
  const dir = path.resolve(value);
  if (!existsSync(dir)) throw new Error(`${variable}=${value}: no such folder (it should hold the third-party Kiro data set).`);
  return dir;
}

/** Like thirdPartyDir, for code that only runs when the data is there (inside `describe.runIf`). */
export function requireThirdPartyDir(name: ThirdPartyData): string {
  const dir = thirdPartyDir(name);
  if (!dir) throw new Error(`${THIRD_PARTY_DATA[name]} is not set.`);
  return dir;
}
