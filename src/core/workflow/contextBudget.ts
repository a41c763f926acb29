/**
 * How much of a prompt the supporting context (steering, codebase) may take. Earlier phases are
 * always sent whole; steering and the codebase survey share what is left of this budget.
 */
export const DEFAULT_CONTEXT_TOKENS = 24_000;

/** Roughly four characters a token for English and code: close enough to keep a prompt bounded. */
const CHARS_PER_TOKEN = 4;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

export function tokensToChars(tokens: number): number {
  return Math.max(0, Math.floor(tokens * CHARS_PER_TOKEN));
}

const TRUNCATION_NOTE = '… (cut to fit the context budget)';

/** Cuts text at a line boundary so it fits `maxChars`, saying that it was cut; '' when nothing fits. */
export function truncateText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const room = maxChars - TRUNCATION_NOTE.length - 1;
  if (room <= 0) return '';
  const cut = text.lastIndexOf('\n', room);
  return `${text.slice(0, cut > 0 ? cut : room)}\n${TRUNCATION_NOTE}`;
}
