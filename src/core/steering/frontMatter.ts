import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { INCLUSION_MODES, type InclusionMode, type SteeringDoc, type SteeringOrigin, type SteeringScope, type SteeringWarning } from './types';

/** Front matter counts only when it opens the file; a `---` further down is a Markdown rule. */
const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n?---[ \t]*(?:\r?\n|$)/;

/** Keys Kiro writes (and `title`, which some projects add); `fileMatchPatterns` is read as a common misspelling. */
const KNOWN_KEYS = new Set(['inclusion', 'fileMatchPattern', 'fileMatchPatterns', 'name', 'description', 'title']);

export interface SteeringFileInfo {
  source: string;
  absolutePath: string;
  scope: SteeringScope;
  origin?: SteeringOrigin;
  folder?: string;
}

export interface SplitFrontMatter {
  /** The parsed mapping; null when there is none or it is not one. */
  meta: Record<string, unknown> | null;
  /** The raw YAML text, for locating keys. */
  raw: string | null;
  body: string;
  bodyLine: number;
  /** Why the front matter could not be read, when it could not. */
  error?: string;
}

export function splitFrontMatter(text: string): SplitFrontMatter {
  const match = FRONT_MATTER.exec(text);
  if (!match) return { meta: null, raw: null, body: text.replace(/^\uFEFF/, ''), bodyLine: 1 };
  const raw = match[1] ?? '';
  const body = text.slice(match[0].length);
  const bodyLine = match[0].split('\n').length - (match[0].endsWith('\n') ? 0 : 1);
  try {
    const parsed: unknown = parseYaml(raw);
    if (parsed === null || parsed === undefined) return { meta: {}, raw, body, bodyLine };
    if (typeof parsed !== 'object' || Array.isArray(parsed)) return { meta: null, raw, body, bodyLine, error: 'the front matter is not a list of key: value lines' };
    return { meta: parsed as Record<string, unknown>, raw, body, bodyLine };
  } catch (error) {
    return { meta: null, raw, body, bodyLine, error: `the front matter is not valid YAML (${(error as Error).message.split('\n')[0]})` };
  }
}

/**
 * Reads one steering file as Kiro users write it. Nothing is ever dropped: malformed front matter, an
 * unknown inclusion or an unknown key become warnings naming the file (and the key), and a file whose
 * mode cannot be read is treated as `always`, the mode of a file without front matter.
 */
export function parseSteeringFile(text: string, info: SteeringFileInfo, warnings: SteeringWarning[] = []): SteeringDoc {
  const split = splitFrontMatter(text);
  const warn = (message: string, key?: string) => warnings.push({ file: info.source, message, ...lineOf(split.raw, key) });
  let meta = split.meta ?? {};
  if (split.error) {
    warn(`${split.error}; the file is included always until it is fixed.`);
    meta = {};
  }
  for (const key of Object.keys(meta)) {
    if (!KNOWN_KEYS.has(key)) warn(`unknown front matter key "${key}" (steering reads ${[...KNOWN_KEYS].filter((k) => k !== 'fileMatchPatterns').join(', ')}); it is ignored.`, key);
  }
  const stem = path.basename(info.source).replace(/\.md$/i, '');
  let inclusion = readInclusion(meta.inclusion, warn);
  const patterns = readPatterns(meta.fileMatchPattern ?? meta.fileMatchPatterns, warn);
  const name = typeof meta.name === 'string' && meta.name.trim() ? meta.name.trim() : stem;
  const description = typeof meta.description === 'string' && meta.description.trim() ? meta.description.trim() : undefined;
  if (inclusion === 'fileMatch' && !patterns.length) {
    warn('inclusion is fileMatch but there is no fileMatchPattern, so no file can bring it in; add fileMatchPattern (a glob or a list), or name it as #' + stem + ' in a prompt.', 'inclusion');
  }
  if (inclusion === 'auto') {
    if (!description) {
      warn('inclusion is auto but there is no description, so the agent cannot tell when it applies; it is included always until a description is added.', 'inclusion');
      inclusion = 'always';
    } else if (typeof meta.name !== 'string' || !meta.name.trim()) {
      warn(`inclusion is auto without a name; the agent asks for it as "${stem}" (add name: to choose another).`, 'inclusion');
    }
  }
  const heading = /^#\s+(.+)$/m.exec(split.body)?.[1]?.trim();
  return {
    name,
    source: info.source,
    absolutePath: info.absolutePath,
    scope: info.scope,
    origin: info.origin ?? 'steering',
    title: typeof meta.title === 'string' ? meta.title : heading ?? stem,
    inclusion,
    fileMatchPatterns: patterns,
    ...(description ? { description } : {}),
    ...(info.folder !== undefined ? { folder: info.folder } : {}),
    body: split.body,
    bodyLine: split.bodyLine,
  };
}

/** Like parseSteeringFile, returning the warnings as data. */
export function readSteeringFile(text: string, file: SteeringFileInfo): { doc: SteeringDoc; warnings: SteeringWarning[] } {
  const warnings: SteeringWarning[] = [];
  const doc = parseSteeringFile(text, file, warnings);
  return { doc, warnings };
}

function readInclusion(value: unknown, warn: (message: string, key?: string) => void): InclusionMode {
  if (value === undefined || value === null) return 'always';
  const spelled = String(value).trim().toLowerCase().replace(/[-_\s]/g, '');
  const found = INCLUSION_MODES.find((mode) => mode.toLowerCase() === spelled);
  if (found) return found;
  warn(`inclusion must be one of ${INCLUSION_MODES.join(', ')} (got "${String(value)}"); the file is included always until it is fixed.`, 'inclusion');
  return 'always';
}

/**
 * `fileMatchPattern` as a string or a YAML list. Kiro reads a comma-separated string as one pattern
 * that never matches; here it is a list, with a warning that says how to write it.
 */
function readPatterns(value: unknown, warn: (message: string, key?: string) => void): string[] {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value : [value];
  const patterns: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string' && typeof item !== 'number') {
      warn(`fileMatchPattern entries must be globs (got ${JSON.stringify(item)}); that entry is ignored.`, 'fileMatchPattern');
      continue;
    }
    const parts = splitOutsideBraces(String(item));
    if (parts.length > 1) {
      warn(`fileMatchPattern "${String(item)}" is read as ${parts.length} patterns (${parts.join(' | ')}); write them as a YAML list, as Kiro matches a comma-separated string as one pattern.`, 'fileMatchPattern');
    }
    patterns.push(...parts);
  }
  return patterns;
}

/** Splits on commas that are not inside `{a,b}` alternatives. */
export function splitOutsideBraces(pattern: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of pattern) {
    if (ch === '{') depth++;
    if (ch === '}') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

function lineOf(raw: string | null, key: string | undefined): { line?: number } {
  if (raw === null) return {};
  if (!key) return { line: 1 };
  const index = raw.split(/\r?\n/).findIndex((l) => l.startsWith(`${key}:`) || l.startsWith(`"${key}":`) || l.startsWith(`'${key}':`));
  // Front matter starts on line 2 (line 1 is the opening ---).
  return index >= 0 ? { line: index + 2 } : { line: 1 };
}
