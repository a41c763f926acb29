import { z } from 'zod';
import type { ToolDefinition } from './types';

/** An integer that also accepts "12": models sometimes quote numbers, and the intent is clear. */
export const intLike = z.preprocess((value) => (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value), z.number().int());

/** A boolean that also accepts "true"/"false". */
export const boolLike = z.preprocess((value) => (value === 'true' ? true : value === 'false' ? false : value), z.boolean());

/**
 * The API's input_schema for a zod schema, trimmed of what costs tokens and tells the model nothing
 * ($schema, the ±2^53 bounds zod puts on every integer).
 */
export function toInputSchema(schema: z.ZodType): ToolDefinition['input_schema'] {
  const json = prune(z.toJSONSchema(schema, { io: 'input' })) as ToolDefinition['input_schema'];
  if (json.type !== 'object') throw new Error('A tool input schema must describe an object.');
  return json;
}

function prune(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(prune);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$schema') continue;
    if ((key === 'minimum' || key === 'maximum') && Math.abs(value as number) === Number.MAX_SAFE_INTEGER) continue;
    out[key] = prune(value);
  }
  return out;
}
