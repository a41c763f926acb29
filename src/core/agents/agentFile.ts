import { parse as parseYaml, YAMLParseError } from 'yaml';
import { JsonSyntaxError, parseJsonc } from '../settings';
import { AgentFileProblem } from './types';

/** An agent file's settings as written, before they are checked field by field. */
export interface RawAgent {
  fields: Record<string, unknown>;
  /** The Markdown body (the prompt), null for JSON. */
  body: string | null;
  /** Problems that do not stop the file from loading. */
  warnings: string[];
}

const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n?---[ \t]*(?:\r?\n|$)/;

/** True when a Markdown file starts with YAML front matter, as Kiro's Markdown agents do. */
export function hasFrontMatter(text: string): boolean {
  return FRONT_MATTER.test(text);
}

/** A JSON agent file (comments and trailing commas forgiven); a syntax error names its line and column. */
export function readJsonAgent(text: string, file: string): RawAgent {
  let value: unknown;
  try {
    value = parseJsonc(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw new AgentFileProblem(`${file}:${error.line}:${error.column}`, null, `not valid JSON: ${error.detail}`);
    throw error;
  }
  if (!isRecord(value)) throw new AgentFileProblem(file, null, `must hold one JSON object (found ${describe(value)})`);
  return { fields: value, body: null, warnings: [] };
}

/**
 * A Markdown agent file: YAML front matter holds the settings, the body is the prompt. Front matter
 * that does not parse names its line; a `prompt` in the front matter is used only when the body is empty.
 */
export function readMarkdownAgent(text: string, file: string): RawAgent {
  const match = FRONT_MATTER.exec(text);
  if (!match) throw new AgentFileProblem(file, null, 'has no YAML front matter (a Markdown agent starts with a "---" block of its settings)');
  let value: unknown;
  try {
    value = match[1]!.trim() ? parseYaml(match[1]!) : {};
  } catch (error) {
    if (error instanceof YAMLParseError) {
      // The front matter starts on the file's second line.
      const line = (error.linePos?.[0]?.line ?? 0) + 1;
      throw new AgentFileProblem(`${file}:${line}`, null, `front matter is not valid YAML: ${firstLine(error.message)}`);
    }
    throw error;
  }
  if (value === null || value === undefined) value = {};
  if (!isRecord(value)) throw new AgentFileProblem(file, null, `front matter must be a set of "key: value" settings (found ${describe(value)})`);
  const body = text.slice(match[0].length).replace(/^\s*\n/, '').trimEnd();
  const warnings: string[] = [];
  const fields = { ...value };
  if (body && fields.prompt !== undefined) {
    warnings.push(`${file}: prompt in the front matter is ignored: the body is the prompt`);
    delete fields.prompt;
  }
  return { fields, body: body || null, warnings };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
