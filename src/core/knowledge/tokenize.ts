/**
 * Words for the index: runs of letters, digits and underscores. A small English stop list keeps
 * the commonest words out of the posting lists (they say nothing about a chunk and make every query
 * that contains them slow); code keywords stay, since people search for them.
 */
const WORD = /[A-Za-z0-9_\u00C0-\uFFFF]+/g;

const STOP_WORDS: ReadonlySet<string> = new Set(
  ('a an and are as at be been but by can do does for from had has have how i if in into is it its ' +
    'may more no not of on or our so such than that the their them then there these they this those ' +
    'to was we were what when where which while who will with would you your').split(' '),
);

/** Longer tokens are hashes, base64 or minified code: never what someone searches for. */
const MAX_TERM_LENGTH = 48;

export function tokenize(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** fast: one lower-case term per word; stop words, single characters and junk dropped. */
export function fastTerm(word: string): string | null {
  const term = word.toLowerCase();
  return term.length < 2 || term.length > MAX_TERM_LENGTH || STOP_WORDS.has(term) ? null : term;
}

/**
 * best: the word and, for identifiers, the words inside it (`parseTaskList` → parsetasklist,
 * parse, task, list; `MAX_FILE_SIZE` → max_file_size, max, file, size), so a query in plain words
 * finds the symbol and a query for the symbol finds it exactly.
 */
export function bestTerms(word: string): string[] | null {
  const whole = fastTerm(word);
  if (!whole) return null;
  const parts = identifierParts(word);
  if (parts.length < 2) return [whole];
  const terms = [whole];
  for (const part of parts) {
    const term = fastTerm(part);
    if (term && !terms.includes(term)) terms.push(term);
  }
  return terms;
}

function identifierParts(word: string): string[] {
  return word
    .split('_')
    .flatMap((piece) => piece.split(/(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])/))
    .filter(Boolean);
}
