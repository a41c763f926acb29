import type Anthropic from '@anthropic-ai/sdk';

/** The context window of every current Claude model without the long-context beta. */
export const DEFAULT_CONTEXT_WINDOW = 200_000;
/** Compact before a request would pass this share of the window (leaves room for the answer). */
export const DEFAULT_COMPACT_AT = 0.8;

/**
 * Characters per token before calibration. Claude's tokenizer gives about 3.5–4 characters of
 * English or code per token; the lower figure errs towards compacting early rather than too late.
 */
const CHARS_PER_TOKEN = 3.5;
/** What the API bills for an image of at most 1.15 megapixels; larger ones are scaled down to it. */
const TOKENS_PER_IMAGE = 1_600;

/** What a request is made of, as far as its size goes. */
export interface SizedRequest {
  system: readonly Anthropic.TextBlockParam[];
  tools: readonly Anthropic.Tool[];
  messages: readonly Anthropic.MessageParam[];
}

const sizeCache = new WeakMap<object, number>();

/** Uncalibrated token estimate of any request part: its JSON text, images at their billed size. */
export function rawTokens(value: unknown): number {
  if (value && typeof value === 'object') {
    const cached = sizeCache.get(value);
    if (cached !== undefined) return cached;
  }
  let images = 0;
  const text = JSON.stringify(value, (key, v: unknown) => {
    const source = v as { type?: unknown; data?: unknown } | null;
    if (key === 'source' && source && source.type === 'base64' && typeof source.data === 'string') {
      images++;
      return null;
    }
    return v;
  }) ?? '';
  const tokens = Math.ceil(text.length / CHARS_PER_TOKEN) + images * TOKENS_PER_IMAGE;
  // Message objects are not changed once sent (compaction replaces them), so their size can be kept.
  if (value && typeof value === 'object') sizeCache.set(value, tokens);
  return tokens;
}

export function rawRequestTokens(request: SizedRequest): number {
  let total = 0;
  for (const block of request.system) total += rawTokens(block);
  for (const tool of request.tools) total += rawTokens(tool);
  for (const message of request.messages) total += rawTokens(message);
  return total;
}

/**
 * Turns estimates into the model's own counts: after each answer the API says how many input
 * tokens the request really had, and the ratio corrects the next estimate (languages, code and
 * tokenizers differ too much for one fixed ratio).
 */
export class TokenGauge {
  private ratio = 1;

  tokens(request: SizedRequest): number {
    return Math.ceil(rawRequestTokens(request) * this.ratio);
  }

  tokensOf(part: unknown): number {
    return Math.ceil(rawTokens(part) * this.ratio);
  }

  /** `actual`: the input tokens the API counted for `request` (fresh + cache reads + cache writes). */
  observe(request: SizedRequest, actual: number): void {
    const raw = rawRequestTokens(request);
    if (raw <= 0 || actual <= 0) return;
    this.ratio = Math.min(3, Math.max(0.3, actual / raw));
  }
}

/**
 * The token counts in the API's refusal ("prompt is too long: 212345 tokens > 200000 maximum"),
 * when it gives them; null otherwise.
 */
export function tooLongCounts(message: string): { tokens: number; maximum: number } | null {
  const match = /(\d[\d,]*)\s*tokens?\s*>\s*(\d[\d,]*)/i.exec(message);
  if (!match) return null;
  const tokens = Number(match[1]!.replace(/,/g, ''));
  const maximum = Number(match[2]!.replace(/,/g, ''));
  return Number.isFinite(tokens) && Number.isFinite(maximum) ? { tokens, maximum } : null;
}

/** "12.3k" style, for events and messages people read. */
export function formatTokens(tokens: number): string {
  if (tokens < 1_000) return String(tokens);
  if (tokens < 100_000) return `${(tokens / 1_000).toFixed(1).replace(/\.0$/, '')}k`;
  return `${Math.round(tokens / 1_000)}k`;
}
