import type { z } from 'zod';
import { editDistance } from './editDistance';

type AnySchema = z.core.$ZodType;

/**
 * `.kiro/settings.json` is a VS Code-style settings file, and real ones hold the editor's keys
 * (`editor.formatOnSave`, `eslint.*`, `[typescript]`) beside Specwright's.
 *
 * The unknown keys of a settings object that look like Specwright's own: unknown fields inside its
 * sections (`agent.autonomylevel`), and top-level keys that are close to one of its sections or
 * fields (`agents`, `autonomyLevel`). Everything else (the editor's keys, other tools') is left alone,
 * quietly. `kiroAgent` holds many Kiro IDE keys Specwright does not read: those are Kiro's, not typos.
 */
export function ownUnknownKeys(schema: AnySchema, value: Record<string, unknown>): Array<{ key: string; meant?: string }> {
  const shape = shapeOf(schema) ?? {};
  const fields = Object.entries(shape).flatMap(([section, child]) => Object.keys(shapeOf(child) ?? {}).map((field) => `${section}.${field}`));
  const found: Array<{ key: string; meant?: string }> = [];
  for (const [key, child] of Object.entries(value)) {
    const section = shape[key];
    if (section) {
      if (key === 'kiroAgent') continue;
      for (const path of unknownPaths(section, child, [key])) found.push(withGuess(path, fields));
      continue;
    }
    // `specwright.model` is a VS Code setting's name, surely meant for Specwright.
    if (key.startsWith('specwright.')) {
      found.push({ key });
      continue;
    }
    const meant = closest(key, [...Object.keys(shape), ...fields, ...fields.map((f) => f.slice(f.indexOf('.') + 1))]);
    if (meant !== undefined) found.push({ key, meant: fields.find((f) => f.endsWith(`.${meant}`)) ?? meant });
  }
  return found;
}

function withGuess(path: string, fields: string[]): { key: string; meant?: string } {
  const meant = closest(path, fields);
  return meant === undefined ? { key: path } : { key: path, meant };
}

function unknownPaths(schema: AnySchema, value: unknown, at: string[]): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const shape = shapeOf(schema);
  const recordValue = recordValueOf(schema);
  const found: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const childSchema = shape ? shape[key] : recordValue;
    if (childSchema) found.push(...unknownPaths(childSchema, child, [...at, key]));
    else found.push([...at, key].join('.'));
  }
  return found;
}

/** A known name the key is a near miss of (case, one or two letters), if any. */
function closest(key: string, known: string[]): string | undefined {
  const folded = key.toLowerCase();
  const extended = known.find((name) => folded.length >= 4 && name.toLowerCase().startsWith(folded));
  if (extended) return extended;
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(folded, name.toLowerCase());
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best && best.distance <= Math.max(1, Math.min(2, Math.floor(folded.length / 4))) ? best.name : undefined;
}

/** The object shape behind optional/default/prefault wrappers, or undefined for non-objects. */
export function shapeOf(schema: AnySchema): Record<string, AnySchema> | undefined {
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
