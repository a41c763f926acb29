import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseJsonc } from '../settings';
import type { UserSandboxSettings } from './types';

/** The user's own settings file: the only one that may loosen the sandbox or turn it off. */
export function userSettingsFile(home: string): string {
  return path.join(home, '.kiro', 'settings.json');
}

/**
 * Reads `sandbox` from `~/.kiro/settings.json` (nested or VS Code-style flat keys). Bad values are
 * reported, never guessed at: a problem keeps the sandbox at its strictest (on, no network).
 */
export async function readUserSandboxSettings(home: string): Promise<{ settings: UserSandboxSettings; problems: string[] }> {
  const file = userSettingsFile(home);
  let raw: unknown;
  try {
    raw = parseJsonc(await fs.readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { settings: {}, problems: [] };
    return { settings: {}, problems: [`${file} could not be read (${(error as Error).message}); the sandbox keeps its defaults`] };
  }
  if (!isRecord(raw)) return { settings: {}, problems: [] };
  const section = sandboxSection(raw);
  const problems: string[] = [];
  const settings: UserSandboxSettings = {};
  if (section.enabled !== undefined) {
    if (typeof section.enabled === 'boolean') settings.enabled = section.enabled;
    else problems.push(`${file}: sandbox.enabled must be true or false`);
  }
  const domains = stringList(section.allowedDomains ?? (isRecord(section.network) ? section.network.allowedDomains : undefined), 'sandbox.network.allowedDomains', file, problems);
  if (domains) settings.allowedDomains = domains;
  const writable = stringList(section.writablePaths, 'sandbox.writablePaths', file, problems);
  if (writable) settings.writablePaths = writable;
  return { settings, problems };
}

function sandboxSection(raw: Record<string, unknown>): Record<string, unknown> {
  const nested = isRecord(raw.sandbox) ? raw.sandbox : {};
  const flat: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'sandbox.network.allowedDomains') flat.allowedDomains = value;
    else if (key.startsWith('sandbox.')) flat[key.slice('sandbox.'.length)] = value;
  }
  return { ...flat, ...nested };
}

function stringList(value: unknown, field: string, file: string, problems: string[]): string[] | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' && v.trim())) return value.map((v: string) => v.trim());
  problems.push(`${file}: ${field} must be a list of non-empty strings; it is ignored`);
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
