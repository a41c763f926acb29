import { z } from 'zod';
import { KIND_FILTERS, type KindFilter } from '../timeline/visibleRows';

/**
 * What the panel remembers across being hidden and re-shown (through the webview's setState):
 * the view, not the run; the host re-sends the run with `init`.
 */
const uiStateSchema = z.object({
  version: z.literal(1),
  filter: z.enum(KIND_FILTERS as [KindFilter, ...KindFilter[]]),
  search: z.string(),
  /** The user's own open/closed choices, by toggle key; absent keys use the step's default. */
  toggles: z.record(z.string(), z.boolean()),
  /** Where the reader was: the first visible row and how far into it. Null while following the end. */
  anchor: z.object({ key: z.string(), offset: z.number() }).nullable(),
  draft: z.string(),
});
export type UiState = z.infer<typeof uiStateSchema>;
export type ScrollAnchor = NonNullable<UiState['anchor']>;

export const defaultUiState: UiState = { version: 1, filter: 'all', search: '', toggles: {}, anchor: null, draft: '' };

/** Bounds the remembered toggles so a long session does not grow the saved state without limit. */
export const MAX_REMEMBERED_TOGGLES = 500;

export function loadUiState(saved: unknown): UiState {
  const result = uiStateSchema.safeParse(saved);
  return result.success ? result.data : defaultUiState;
}

export function withToggle(toggles: Readonly<Record<string, boolean>>, key: string, open: boolean): Record<string, boolean> {
  const next: Record<string, boolean> = { ...toggles };
  delete next[key];
  next[key] = open;
  const keys = Object.keys(next);
  for (const old of keys.slice(0, Math.max(0, keys.length - MAX_REMEMBERED_TOGGLES))) delete next[old];
  return next;
}
