import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { z } from 'zod';
import { JsonSyntaxError, parseJsonc } from './jsonc';
import { settingsSchema, type Settings } from './schema';

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
}

/** Reads `.kiro/settings.json` under `workspaceRoot`; a missing file means every default. */
export async function loadSettings(workspaceRoot: string): Promise<LoadedSettings> {
  let text: string;
  try {
    text = await fs.readFile(path.join(workspaceRoot, SETTINGS_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return parseSettings('{}', SETTINGS_FILE);
    throw new SettingsError(SETTINGS_FILE, `cannot be read (${(error as Error).message})`);
  }
  return parseSettings(text, SETTINGS_FILE);
}

/** Parses settings text (JSON with comments); `file` names it in errors and warnings. */
export function parseSettings(text: string, file: string = SETTINGS_FILE): LoadedSettings {
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
  const input = unflattenDottedKeys(raw, file);
  const parsed = settingsSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) {
    const [first, ...rest] = parsed.error.issues;
    const field = formatPath(first!.path);
    const more = rest.length ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '';
    throw new SettingsError(file, `${field || 'the file'} ${describeIssue(first!)}${more}`, { field });
  }
  const warnings = unknownKeys(settingsSchema, input, []).map((key) => `${file}: ${key} is not a known setting; it is ignored`);
  return { settings: parsed.data, warnings };
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

type AnySchema = z.core.$ZodType;

/** The object shape behind optional/default/prefault wrappers, or undefined for non-objects. */
function shapeOf(schema: AnySchema): Record<string, AnySchema> | undefined {
  const def = schema._zod.def as unknown as { type: string; shape?: Record<string, AnySchema>; innerType?: AnySchema };
  if (def.type === 'object') return def.shape;
  if (def.innerType) return shapeOf(def.innerType);
  return undefined;
}

function recordValueOf(schema: AnySchema): AnySchema | undefined {
  const def = schema._zod.def as unknown as { type: string; valueType?: AnySchema; innerType?: AnySchema };
  if (def.type === 'record') return def.valueType;
  if (def.innerType) return recordValueOf(def.innerType);
  return undefined;
}

function unknownKeys(schema: AnySchema, value: unknown, at: PropertyKey[]): string[] {
  if (!isRecord(value)) return [];
  const shape = shapeOf(schema);
  const recordValue = recordValueOf(schema);
  const found: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const childSchema = shape ? shape[key] : recordValue;
    if (childSchema) found.push(...unknownKeys(childSchema, child, [...at, key]));
    else found.push(formatPath([...at, key]));
  }
  return found;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
