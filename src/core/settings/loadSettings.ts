import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { z } from 'zod';
import { fieldLocation, JsonSyntaxError, parseJsonc } from './jsonc';
import { settingsSchema, type Settings } from './schema';
import { ownUnknownKeys, shapeOf } from './unknownKeys';
import { consentFileIn, FileConsentStore, workspaceKey, type WorkspaceConsentStore, type WorkspaceSettingsRequest } from './workspaceConsent';
import { hashOf, looseningsOf, mergeLayers, type SettingsLayer } from './workspaceRequest';

/** Where the workspace settings live, relative to the workspace root. */
export const SETTINGS_FILE = '.kiro/settings.json';

export interface SettingsErrorLocation {
  /** Dotted path of the offending field, e.g. `agent.autonomyLevel` or `agent.allowedCommands[2]`. */
  field?: string;
  line?: number;
  column?: number;
}

/** The settings file cannot be used as written. The message names the file, the field or line, and what is wrong. */
export class SettingsError extends Error {
  readonly field: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(
    readonly file: string,
    detail: string,
    location: SettingsErrorLocation = {},
  ) {
    super(`${file}: ${detail}`);
    this.name = 'SettingsError';
    this.field = location.field;
    this.line = location.line;
    this.column = location.column;
  }
}

export interface LoadedSettings {
  settings: Settings;
  /** Things worth telling the user that do not stop the settings from loading (unknown keys). */
  warnings: string[];
  /**
   * What the workspace's own settings ask for that would make Specwright ask less than the user's
   * settings do; null when nothing. Unless `applied`, those settings were left out of `settings`.
   */
  workspaceRequest: WorkspaceSettingsRequest | null;
}

export interface LoadSettingsOptions {
  /** The user's home, for `~/.kiro/settings.json` and the confirmations; null reads neither. */
  home?: string | null;
  /** Settings the host holds: VS Code's user settings count as the user's, its workspace settings as the workspace's. */
  layers?: { user?: SettingsLayerInput[]; workspace?: SettingsLayerInput[] };
  /** Where confirmations are kept; by default `~/.kiro/specwright/workspace-settings.json`. */
  consent?: WorkspaceConsentStore;
  /** Apply what the workspace asks for without a stored confirmation (the CLI's `--trust`). */
  trustWorkspace?: boolean;
}

/** A host's settings, with VS Code-style dotted keys or nested objects. */
export interface SettingsLayerInput {
  file: string;
  values: Record<string, unknown>;
}

/** The user's own settings file, applied under the workspace's. */
export const USER_SETTINGS_FILE = '~/.kiro/settings.json';

/**
 * The settings that apply in `workspaceRoot`: Specwright's defaults, then the user's own
 * (`~/.kiro/settings.json`, VS Code user settings), then the workspace's (`.kiro/settings.json`,
 * VS Code workspace settings). A repository cannot loosen the policy by itself: what the workspace
 * asks for that would make Specwright ask less than the user's settings do applies only once the
 * user confirmed exactly that, outside the repository (see WorkspaceConsentStore), or trusted it
 * for this run. What makes it ask more applies at once. A missing file means its defaults.
 */
export async function loadSettings(workspaceRoot: string, options: LoadSettingsOptions = {}): Promise<LoadedSettings> {
  const home = options.home === undefined ? os.homedir() : options.home;
  const userLayers: SettingsLayer[] = [];
  const workspaceLayers: SettingsLayer[] = [];
  const warnings: string[] = [];
  if (home && path.resolve(home) !== path.resolve(workspaceRoot)) {
    const text = await readSettingsText(path.join(home, '.kiro', 'settings.json'), USER_SETTINGS_FILE);
    if (text !== null) userLayers.push(readLayer(text, USER_SETTINGS_FILE, warnings));
  }
  for (const input of options.layers?.user ?? []) userLayers.push(checkLayer(input.values, input.file, warnings));
  const text = await readSettingsText(path.join(workspaceRoot, SETTINGS_FILE), SETTINGS_FILE);
  if (text !== null) workspaceLayers.push(readLayer(text, SETTINGS_FILE, warnings));
  for (const input of options.layers?.workspace ?? []) workspaceLayers.push(checkLayer(input.values, input.file, warnings));
  // The OS sandbox is the user's alone: a repository must not loosen its own sandbox, even with a yes.
  for (const layer of workspaceLayers) {
    const sandbox = layer.values.sandbox;
    if (sandbox === undefined) continue;
    if (typeof sandbox === 'object' && sandbox !== null && Object.keys(sandbox).length) {
      warnings.push(`${layer.file}: "sandbox" settings are not applied: a workspace cannot loosen its own sandbox (put them in ~/.kiro/settings.json)`);
    }
    layer.values = Object.fromEntries(Object.entries(layer.values).filter(([key]) => key !== 'sandbox'));
  }

  const merged = mergeLayers([...userLayers, ...workspaceLayers]);
  const loosenings = looseningsOf(userLayers, workspaceLayers);
  let workspaceRequest: WorkspaceSettingsRequest | null = null;
  if (loosenings.length) {
    const items = loosenings.map(({ field, file, summary, value }) => ({ field, file, summary, value }));
    const workspace = workspaceKey(workspaceRoot);
    const hash = hashOf(items);
    const consent = options.consent ?? (home ? new FileConsentStore(consentFileIn(home)) : null);
    const applied = options.trustWorkspace === true || ((await consent?.isConfirmed(workspace, hash)) ?? false);
    if (!applied) for (const loosening of loosenings) loosening.revert(merged);
    workspaceRequest = { workspace, items, hash, applied };
  }
  return { settings: settingsSchema.parse(merged), warnings, workspaceRequest };
}

/** Records the user's yes to exactly what a workspace asks for, so the next load applies it. */
export async function confirmWorkspaceSettings(request: WorkspaceSettingsRequest, options: Pick<LoadSettingsOptions, 'home' | 'consent'> = {}): Promise<void> {
  const home = options.home === undefined ? os.homedir() : options.home;
  const consent = options.consent ?? (home ? new FileConsentStore(consentFileIn(home)) : null);
  if (!consent) throw new Error('there is nowhere to keep the confirmation (no home folder)');
  await consent.confirm(request.workspace, request.hash, request.items);
}

/** Parses settings text (JSON with comments) on its own; `file` names it in errors and warnings. */
export function parseSettings(text: string, file: string = SETTINGS_FILE): Omit<LoadedSettings, 'workspaceRequest'> {
  const warnings: string[] = [];
  const layer = readLayer(text, file, warnings);
  return { settings: settingsSchema.parse(layer.values), warnings };
}

async function readSettingsText(absolute: string, shownAs: string): Promise<string | null> {
  try {
    return await fs.readFile(absolute, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new SettingsError(shownAs, `cannot be read (${(error as Error).message})`);
  }
}

function readLayer(text: string, file: string, warnings: string[]): SettingsLayer {
  let raw: unknown;
  try {
    raw = text.trim() === '' ? {} : parseJsonc(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    throw new SettingsError(file, `is not valid JSON: ${error.detail} at line ${error.line}, column ${error.column}`, {
      line: error.line,
      column: error.column,
    });
  }
  if (!isRecord(raw)) throw new SettingsError(file, `must hold a JSON object (got ${describeValue(raw)})`);
  return checkLayer(raw, file, warnings, text);
}

/** Validates one layer on its own, so an error names the file it is in; notes unknown keys of Specwright's. */
function checkLayer(raw: Record<string, unknown>, file: string, warnings: string[], text?: string): SettingsLayer {
  const input = unflattenDottedKeys(raw, file);
  const parsed = settingsSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) {
    const [first, ...rest] = parsed.error.issues;
    const field = formatPath(first!.path);
    const more = rest.length ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '';
    // The line of the field, so an editor (the Specs view's .kiro node, Problems) opens the file there.
    const at = text === undefined ? undefined : fieldLocation(text, first!.path.filter((p): p is string | number => typeof p !== 'symbol'));
    throw new SettingsError(file, `${field || 'the file'} ${describeIssue(first!)}${more}`, { field, ...(at ? { line: at.line, column: at.column } : {}) });
  }
  const unknown = ownUnknownKeys(settingsSchema, input);
  if (unknown.length) {
    const listed = unknown.map(({ key, meant }) => (meant ? `${key} (did you mean ${meant}?)` : key)).join(', ');
    warnings.push(`${file}: unknown setting${unknown.length === 1 ? '' : 's'} ignored: ${listed}`);
  }
  return { file, values: input };
}

/**
 * Accepts VS Code-style flat keys (`"agent.autonomyLevel": "full"`) next to nested objects, because
 * people paste settings from VS Code's settings.json. The same field given both ways is an error
 * rather than a silent pick.
 */
function unflattenDottedKeys(raw: Record<string, unknown>, file: string): Record<string, unknown> {
  const sections = Object.keys(shapeOf(settingsSchema) ?? {});
  const result: Record<string, unknown> = { ...raw };
  for (const [key, value] of Object.entries(raw)) {
    const [section, ...rest] = key.split('.');
    if (!rest.length || !section || !sections.includes(section)) continue;
    delete result[key];
    let target = result;
    for (const segment of [section, ...rest.slice(0, -1)]) {
      const existing = target[segment];
      if (existing === undefined) target[segment] = {};
      else if (!isRecord(existing)) throw new SettingsError(file, `"${key}" conflicts with ${segment}, which is not an object`, { field: key });
      target[segment] = { ...(target[segment] as Record<string, unknown>) };
      target = target[segment] as Record<string, unknown>;
    }
    const leaf = rest[rest.length - 1]!;
    if (leaf in target) throw new SettingsError(file, `${key} is given twice (as "${key}" and nested); keep one`, { field: key });
    target[leaf] = value;
  }
  return result;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const got = 'input' in issue && issue.input !== undefined ? ` (got ${describeValue(issue.input)})` : '';
  switch (issue.code) {
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}${got}`;
    case 'invalid_type':
      if (issue.input === undefined) return `is required`;
      return `must be ${article(issue.expected === 'int' ? 'whole number' : issue.expected)}${got}`;
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return `must not be empty`;
      return `must be ${issue.inclusive ? 'at least' : 'greater than'} ${issue.minimum}${got}`;
    case 'too_big':
      return `must be ${issue.inclusive ? 'at most' : 'less than'} ${issue.maximum}${got}`;
    case 'invalid_format':
      return `must be ${article(issue.format === 'url' ? 'URL' : `${issue.format}`)}${got}`;
    default:
      return `${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}${got}`;
  }
}

function article(noun: string): string {
  if (noun === 'object') return 'an object';
  if (noun === 'array') return 'a list';
  if (noun === 'boolean') return 'true or false';
  return /^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** `agent.allowedCommands[2]`, `model.prices["claude-sonnet-4"].inputPerMTok`. */
export function formatPath(segments: readonly PropertyKey[]): string {
  return segments
    .map((segment, i) => {
      if (typeof segment === 'number') return `[${segment}]`;
      const name = String(segment);
      if (/^[A-Za-z_$][\w$]*$/.test(name)) return i === 0 ? name : `.${name}`;
      return `[${JSON.stringify(name)}]`;
    })
    .join('');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
