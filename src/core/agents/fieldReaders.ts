import { describe, isRecord } from './agentFile';
import { AgentFileProblem } from './types';

/** Reads one field of one agent file; every failure names the file and the field. */
export class FieldReader {
  constructor(
    readonly file: string,
    readonly warnings: string[],
  ) {}

  fail(field: string, detail: string): never {
    throw new AgentFileProblem(this.file, field, detail);
  }

  warn(field: string, detail: string): void {
    this.warnings.push(`${this.file}: ${field}: ${detail}`);
  }

  /** A string, or null when absent or null (Kiro writes `"model": null`). */
  text(value: unknown, field: string): string | null {
    if (value === undefined || value === null) return null;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (typeof value !== 'string') this.fail(field, `must be text (found ${describe(value)})`);
    return value;
  }

  boolean(value: unknown, field: string): boolean | null {
    if (value === undefined || value === null) return null;
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    this.fail(field, `must be true or false (found ${describe(value)})`);
  }

  /** A list of strings; one string is a list of one (or of its comma-separated parts, as front matter often has it). */
  list(value: unknown, field: string): string[] | null {
    if (value === undefined || value === null) return null;
    if (typeof value === 'string') return value.split(',').map((s) => s.trim()).filter(Boolean);
    if (!Array.isArray(value)) this.fail(field, `must be a list of names (found ${describe(value)})`);
    return value.map((entry, i) => {
      if (typeof entry !== 'string' || !entry.trim()) this.fail(`${field}[${i}]`, `must be a non-empty text (found ${describe(entry)})`);
      return entry.trim();
    });
  }

  record(value: unknown, field: string): Record<string, unknown> | null {
    if (value === undefined || value === null) return null;
    if (!isRecord(value)) this.fail(field, `must be an object of settings (found ${describe(value)})`);
    return value;
  }

  /** Positive whole number (Kiro's millisecond and size fields). */
  count(value: unknown, field: string): number | null {
    if (value === undefined || value === null) return null;
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) this.fail(field, `must be a number ≥ 0 (found ${describe(value)})`);
    return Math.floor(n);
  }

  /** Regexes as Kiro reads them: each must compile. */
  regexes(value: unknown, field: string): string[] {
    const list = this.list(value, field) ?? [];
    list.forEach((pattern, i) => {
      try {
        new RegExp(pattern);
      } catch (error) {
        this.fail(`${field}[${i}]`, `is not a valid regular expression: ${(error as Error).message}`);
      }
    });
    return list;
  }
}

/**
 * Kiro's model ids, as the Messages API names them: `claude-sonnet-4.5` → `claude-sonnet-4-5`,
 * `claude-opus-4.6-1m` → `claude-opus-4-6` (Kiro's long-context variant is the same model);
 * `auto` or nothing: the run's model.
 */
export function normalizeModel(written: string | null, read: FieldReader): string | null {
  const model = written?.trim();
  if (!model || /^(auto|default)$/i.test(model)) return null;
  if (/^(sonnet|opus|haiku)$/i.test(model)) {
    read.warn('model', `"${model}" names a family, not a model; the run's model is used (write a model id such as claude-sonnet-4-5)`);
    return null;
  }
  const dotted = /^(claude-[a-z]+-)(\d+)\.(\d+)(.*)$/i.exec(model);
  const base = dotted ? `${dotted[1]}${dotted[2]}-${dotted[3]}${dotted[4]}` : model;
  return base.replace(/-1m$/i, '');
}
