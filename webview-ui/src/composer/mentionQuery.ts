import type { MentionChoice } from '../../../src/shared/panelMessages';

/** The `#name` being typed at the caret: where its `#` is, and what follows it so far. */
export interface MentionQuery {
  /** Index of the `#` in the text. */
  start: number;
  /** The characters typed after `#`, up to the caret. */
  query: string;
}

/**
 * The mention the caret is in, read as the core reads mentions (src/core/steering/mentions.ts): a
 * `#` at the start or after a character that is not a word character, `#`, `[` or `&`, so `C#`,
 * `##` headings and `#[[file:…]]` open nothing.
 */
export function mentionAt(text: string, caret: number): MentionQuery | null {
  const before = text.slice(0, caret);
  const match = /(^|[^\w#[&])#([\w.-]*)$/.exec(before);
  if (!match) return null;
  const query = match[2]!;
  return { start: before.length - query.length - 1, query };
}

/** The choices matching what was typed: names starting with it first, then names containing it, each in the host's order. */
export function matchingChoices(choices: readonly MentionChoice[], query: string, limit = 12): MentionChoice[] {
  const wanted = query.toLowerCase();
  const starts = choices.filter((c) => c.name.toLowerCase().startsWith(wanted));
  const contains = wanted ? choices.filter((c) => !c.name.toLowerCase().startsWith(wanted) && c.name.toLowerCase().includes(wanted)) : [];
  return [...starts, ...contains].slice(0, limit);
}

/** The text with the mention at `at` completed to `#name ` and where the caret goes after it. */
export function completeMention(text: string, at: MentionQuery, name: string): { text: string; caret: number } {
  const end = at.start + 1 + at.query.length;
  const rest = text.slice(end);
  const insert = `#${name}${rest.startsWith(' ') ? '' : ' '}`;
  return { text: text.slice(0, at.start) + insert + rest, caret: at.start + insert.length + (rest.startsWith(' ') ? 1 : 0) };
}
