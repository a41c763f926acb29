import { z } from 'zod';
import { MAX_IMAGES_PER_REQUEST } from '../../../src/core/images';
import { composerImageSchema, type ComposerImage } from '../../../src/shared/panelProtocol';
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
  /**
   * The images pasted or dropped into the draft, as the message would carry them. Absent from states
   * saved before images were kept; each is checked on load by itself (rememberedImages).
   */
  draftImages: z.array(z.unknown()).optional(),
});
export type UiState = Omit<z.infer<typeof uiStateSchema>, 'draftImages'> & { draftImages: readonly ComposerImage[] };
export type ScrollAnchor = NonNullable<UiState['anchor']>;

export const defaultUiState: UiState = { version: 1, filter: 'all', search: '', toggles: {}, anchor: null, draft: '', draftImages: [] };

/** Bounds the remembered toggles so a long session does not grow the saved state without limit. */
export const MAX_REMEMBERED_TOGGLES = 500;

export function loadUiState(saved: unknown): UiState {
  const result = uiStateSchema.safeParse(saved);
  if (!result.success) return defaultUiState;
  return { ...result.data, draftImages: rememberedImages(result.data.draftImages ?? []) };
}

/**
 * The saved draft images the composer may hold again: each one a message could carry (a type the
 * model reads, base64 within the API's limit), named apart from those before it, and no more than a
 * message carries. Anything else is dropped alone, so one damaged image costs neither the draft's
 * text nor the other images.
 */
export function rememberedImages(saved: readonly unknown[]): ComposerImage[] {
  const images: ComposerImage[] = [];
  const names = new Set<string>();
  for (const entry of saved) {
    if (images.length === MAX_IMAGES_PER_REQUEST) break;
    const image = composerImageSchema.safeParse(entry);
    if (!image.success || names.has(image.data.name)) continue;
    names.add(image.data.name);
    images.push(image.data);
  }
  return images;
}

export function withToggle(toggles: Readonly<Record<string, boolean>>, key: string, open: boolean): Record<string, boolean> {
  const next: Record<string, boolean> = { ...toggles };
  delete next[key];
  next[key] = open;
  const keys = Object.keys(next);
  for (const old of keys.slice(0, Math.max(0, keys.length - MAX_REMEMBERED_TOGGLES))) delete next[old];
  return next;
}
