import type { PromptChoice } from '../../../src/shared/panelMessages';

/**
 * The `/server:prompt` being typed: a `/` that opens the message, with the caret still in its
 * first word. Null anywhere else, so a `/` later in a message (a path, a fraction) opens nothing.
 */
export function promptQueryAt(text: string, caret: number): { query: string } | null {
  const match = /^\/(\S*)$/.exec(text.slice(0, caret));
  return match ? { query: match[1]! } : null;
}

/** The prompts whose `server:name` starts with what was typed, then those containing it, in the host's order. */
export function matchingPrompts(prompts: readonly PromptChoice[], query: string, limit = 50): PromptChoice[] {
  const wanted = query.toLowerCase();
  const label = (p: PromptChoice) => `${p.server}:${p.name}`.toLowerCase();
  const starts = prompts.filter((p) => label(p).startsWith(wanted) || p.name.toLowerCase().startsWith(wanted));
  const contains = wanted ? prompts.filter((p) => !starts.includes(p) && label(p).includes(wanted)) : [];
  return [...starts, ...contains].slice(0, limit);
}

/** The draft with its opening `/server:prompt` replaced by the prompt's text; what followed it stays after. */
export function withFilledPrompt(draft: string, text: string): string {
  const rest = draft.replace(/^\/\S*/, '').trim();
  return rest ? `${text}\n\n${rest}` : text;
}
