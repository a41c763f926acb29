import { plainText } from './markdownLines';
import type { EarsClassification, EarsPattern } from './types';

/**
 * Classifies a requirement sentence by EARS pattern (Easy Approach to Requirements Syntax):
 *   ubiquitous          THE <system> SHALL <response>
 *   event-driven        WHEN <trigger>, THE <system> SHALL <response>
 *   state-driven        WHILE <state>, THE <system> SHALL <response>
 *   unwanted-behaviour  IF <condition>, THEN THE <system> SHALL <response>
 *   optional-feature    WHERE <feature is included>, THE <system> SHALL <response>
 *   complex             several of the clauses above, e.g. WHILE …, WHEN …, THE … SHALL …
 *   legacy              WHEN <trigger> THEN <system> SHALL <response> (Kiro's earlier style)
 * Keywords match in any case; Markdown emphasis and backticks are ignored.
 */
export function classifyEars(text: string): EarsClassification {
  // Code spans and asides may hold commas and keywords that are not part of the sentence's shape.
  let plain = plainText(text.includes('`') ? text.replace(/`[^`]*`/g, 'CODE') : text);
  if (plain.includes('(')) plain = plain.replace(/\([^()]*\)/g, '').replace(/\s+/g, ' ');
  const leading = leadingKeyword(plain);
  const shall = /\bshall\b/i.exec(plain);
  if (!shall) {
    const modal = /\b(must|should|will|needs? to|has to)\b/i.exec(plain)?.[1];
    const problem = modal ? `uses "${modal}" where EARS requires SHALL` : 'no SHALL';
    return nonConforming(leading ? patternOf(leading) : nearestWithoutKeyword(plain), problem);
  }
  const preamble = plain.slice(0, shall.index).trim();
  const response = plain.slice(shall.index + shall[0].length).trim();
  if (!response) return nonConforming(leading ? patternOf(leading) : 'ubiquitous', 'nothing follows SHALL');
  if (!leading) return classifyUbiquitous(preamble);

  const split = splitConditionFromSystem(preamble);
  if (!split) {
    const problem = /\bTHE\b/.test(preamble) ? `no comma before THE to end the ${leading.toUpperCase()} clause` : `no comma or THEN between the ${leading.toUpperCase()} clause and the system`;
    return nonConforming(patternOf(leading), problem);
  }
  if (!split.system) return nonConforming(patternOf(leading), 'no system named before SHALL');
  if (furtherClause.test(split.conditions)) {
    const keywords = new Set([leading.toLowerCase()]);
    for (const m of split.conditions.matchAll(furtherClauses)) keywords.add(m[1]!.toLowerCase());
    if (keywords.size > 1) return CONFORMING['complex'];
  }
  if (leading.toLowerCase() === 'when' && split.byThen) return CONFORMING['legacy'];
  return CONFORMING[patternOf(leading)];
}

/** A second EARS clause inside the conditions (`WHILE x, WHEN y`): the test runs first, as most have none. */
const furtherClause = /(?:,|\band\b)\s*(WHEN|WHILE|IF|WHERE)\b/;
const furtherClauses = /(?:,|\band\b)\s*(WHEN|WHILE|IF|WHERE)\b/g;

/**
 * One shared, frozen result per conforming pattern: a large requirements.md has thousands of
 * criteria, and each kept its own copy of the same two fields.
 */
const CONFORMING = Object.freeze(
  Object.fromEntries(
    (['ubiquitous', 'event-driven', 'state-driven', 'unwanted-behaviour', 'optional-feature', 'complex', 'legacy'] as const).map((p) => [p, Object.freeze({ pattern: p, conforming: true })]),
  ),
) as Readonly<Record<Exclude<EarsPattern, 'none'>, EarsClassification>>;

type Keyword = string;

function leadingKeyword(plain: string): Keyword | null {
  return /^(when|while|if|where)\b/i.exec(plain)?.[1] ?? null;
}

function patternOf(keyword: Keyword): EarsPattern {
  switch (keyword.toLowerCase()) {
    case 'when':
      return 'event-driven';
    case 'while':
      return 'state-driven';
    case 'if':
      return 'unwanted-behaviour';
    default:
      return 'optional-feature';
  }
}

/** Words people start a condition with when they do not use the EARS keyword. */
function nearestWithoutKeyword(plain: string): EarsPattern {
  if (/^(after|once|upon|on|before|as soon as|whenever)\b/i.test(plain)) return 'event-driven';
  if (/^(during|as long as|until)\b/i.test(plain)) return 'state-driven';
  if (/^(in case|unless|in the event|should)\b/i.test(plain)) return 'unwanted-behaviour';
  if (/^(optionally|if enabled|if configured)\b/i.test(plain)) return 'optional-feature';
  return 'ubiquitous';
}

/** A system name is short; a long run of words before SHALL is a condition missing its keyword. */
const MAX_SYSTEM_WORDS = 12;

function classifyUbiquitous(preamble: string): EarsClassification {
  if (!preamble) return nonConforming('ubiquitous', 'no system named before SHALL');
  const nearest = nearestWithoutKeyword(preamble);
  if (nearest !== 'ubiquitous') return nonConforming(nearest, 'a condition without its EARS keyword');
  // Commas are allowed ("A, B and C SHALL …"); a semicolon, colon or dash means a second clause.
  if (/[;:]|\s[—–-]\s/.test(preamble) || preamble.split(' ').length > MAX_SYSTEM_WORDS) {
    return nonConforming('ubiquitous', 'the text before SHALL is a sentence, not a system name');
  }
  return CONFORMING['ubiquitous'];
}

/** Splits `WHEN x, y happen, THE system` at its last comma or THEN. */
function splitConditionFromSystem(preamble: string): { conditions: string; system: string; byThen: boolean } | null {
  const comma = preamble.lastIndexOf(',');
  let then = -1;
  if (/\bthen\b/i.test(preamble)) for (const m of preamble.matchAll(/\bthen\b/gi)) then = m.index;
  if (comma < 0 && then < 0) return null;
  if (then > comma) return { conditions: preamble.slice(0, then).replace(/,\s*$/, ''), system: preamble.slice(then + 4).trim(), byThen: true };
  return { conditions: preamble.slice(0, comma), system: preamble.slice(comma + 1).replace(/^\s*then\b/i, '').trim(), byThen: false };
}

function nonConforming(nearest: EarsPattern, problem: string): EarsClassification {
  return { pattern: 'none', conforming: false, nearest, problem };
}

/** The template to suggest for a pattern, in Kiro's wording. */
export function earsTemplate(pattern: EarsPattern): string {
  switch (pattern) {
    case 'ubiquitous':
      return 'THE <system> SHALL <response>';
    case 'event-driven':
      return 'WHEN <trigger>, THE <system> SHALL <response>';
    case 'state-driven':
      return 'WHILE <state>, THE <system> SHALL <response>';
    case 'unwanted-behaviour':
      return 'IF <condition>, THEN THE <system> SHALL <response>';
    case 'optional-feature':
      return 'WHERE <feature is included>, THE <system> SHALL <response>';
    case 'complex':
      return 'WHILE <state>, WHEN <trigger>, THE <system> SHALL <response>';
    case 'legacy':
      return 'WHEN <trigger>, THE <system> SHALL <response>';
  }
}
