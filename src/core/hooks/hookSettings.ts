import { promises as fs, realpathSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Remedy } from '../remedy';
import { loadSettings, parseJsonc } from '../settings';
import { DEFAULT_DEBOUNCE_MS } from './dispatcher';

export interface HookSettings {
  debounceMs: number;
  /** Whether the user has said this workspace may run hooks. */
  trusted: boolean;
  /** How the user can trust it (each face words it: a flag, a setting, a button). */
  trustRemedy: Remedy;
  /** Said when the workspace's own settings claim trust, which does not count. */
  trustNote: string | null;
}

/**
 * Reads what decides how hooks run: `hooks.debounceMs` from the workspace settings, and trust from
 * the user's own `~/.kiro/settings.json` — `"hooks": {"trustedWorkspaces": ["/path/to/repo"]}` for
 * chosen workspaces, or `"hooks": {"trusted": true}` for all. A workspace's own settings file cannot
 * make it trusted: it ships with the repository, so a cloned repository could vouch for itself.
 */
export async function readHookSettings(workspace: string, options: { home?: string } = {}): Promise<HookSettings> {
  const home = options.home ?? os.homedir();
  const { settings } = await loadSettings(workspace, { home });
  const user = await readJsonObject(path.join(home, '.kiro', 'settings.json'));
  const hooks = section(user, 'hooks');
  const listed = asStringList(hooks.trustedWorkspaces);
  const trustAll = hooks.trusted === true;
  const here = realpathOr(workspace);
  const trusted = trustAll || listed.some((dir) => realpathOr(path.resolve(home, dir.replace(/^~(?=$|\/)/, home))) === here);
  const claimsTrust = section(await readJsonObject(path.join(workspace, '.kiro', 'settings.json')), 'hooks').trusted === true;
  return {
    debounceMs: settings.hooks.debounceMs ?? DEFAULT_DEBOUNCE_MS,
    trusted,
    trustRemedy: { kind: 'trustHooks', workspace: here },
    trustNote: claimsTrust ? '"hooks.trusted" in the workspace\'s own .kiro/settings.json does not count: a repository cannot vouch for itself' : null,
  };
}

async function readJsonObject(file: string): Promise<Record<string, unknown>> {
  try {
    const value = parseJsonc(await fs.readFile(file, 'utf8'));
    return isRecord(value) ? value : {};
  } catch {
    return {};
  }
}

function section(object: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = object[key];
  const nested = isRecord(value) ? value : {};
  // VS Code-style flat keys ("hooks.trusted") sit next to nested ones.
  const flat = Object.fromEntries(Object.entries(object).filter(([k]) => k.startsWith(`${key}.`)).map(([k, v]) => [k.slice(key.length + 1), v]));
  return { ...flat, ...nested };
}

function asStringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function realpathOr(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
}
