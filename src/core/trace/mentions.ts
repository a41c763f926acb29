/**
 * When does a test name or a comment name a criterion? The rule (README, "Traceability"):
 *
 * - With a requirement word in front: `Requirement 1.2`, `Requirements 1.2, 1.3 and 2.1`,
 *   `Req 1.2`, `Criterion 1.2`, `AC 1.2`, `Acceptance Criteria 1.2`, `Validates: Requirements 1.2–1.4`,
 *   `Requirement 3 AC 2` (= 3.2). A bare requirement number (`Requirement 3`) names all its criteria.
 * - A design property: `Property 3` (capitalised, as design.md writes it).
 * - In a test's name only, also a criterion id the name starts with, set off as a label:
 *   `'1.2: rejects an empty title'`, `'[1.2] …'`, `'(1.2) …'`, `'1.2 - …'`; and identifier forms of
 *   function names: `test_req_1_2_…`, `test_requirement_1_2`, `TestReq1_2…`, `test_property_3`.
 *
 * Nothing else counts: a bare `1.2` in a comment, in code, in a string or in a version number is
 * never a mention. Ids a spec does not define are dropped later, when a mention is matched to a spec.
 */

export type MentionKind = 'criterion' | 'property';

export interface Mention {
  kind: MentionKind;
  /** A criterion id (`1.2`), a requirement id (`3`, meaning all its criteria) or a property number. */
  id: string;
  /** Offset of the mention in the scanned text. */
  index: number;
}

const ID = String.raw`\d{1,3}(?:\.\d{1,3}){0,2}`;
/** The end of an id: no further digit or `.digit` (so `1.2` is not read out of `1.2.3.4` or `1.25`). */
const ID_END = String.raw`(?![\d])(?!\.\d)`;
const SEPARATOR = String.raw`\s*(?:,|;|/|&|\band\b|\bor\b)\s*`;
const RANGE = String.raw`\s*(?:-|–|—|\.\.|\bto\b)\s*`;

const label = new RegExp(
  String.raw`(?<![\w-])(?:validates\s*:?\s*)?(?:requirements?|reqs?\.?|criteri(?:on|a)|acceptance\s+criteri(?:on|a)|acs?)(?![\w-])\s*[:#]?\s*` +
    String.raw`(${ID}${ID_END}(?:\s+ACs?\s+\d{1,3}${ID_END})?(?:(?:${SEPARATOR}|${RANGE})${ID}${ID_END})*)`,
  'gi',
);
const property = /(?<![\w-])Property\s*#?\s*(\d{1,4})(?![\d])(?!\.\d)/g;

/** Mentions in a comment (or a docstring): only the labelled forms. */
export function commentMentions(text: string): Mention[] {
  return [...labelledMentions(text), ...propertyMentions(text)].sort((a, b) => a.index - b.index);
}

/** Mentions in a test's name: the labelled forms, a leading id label, and identifier forms. */
export function nameMentions(name: string): Mention[] {
  const found = [...labelledMentions(name), ...propertyMentions(name), ...leadingIdMentions(name), ...identifierMentions(name)];
  const seen = new Set<string>();
  return found
    .sort((a, b) => a.index - b.index)
    .filter((m) => {
      const key = `${m.kind}:${m.id}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

function labelledMentions(text: string): Mention[] {
  const out: Mention[] = [];
  label.lastIndex = 0;
  for (let m = label.exec(text); m; m = label.exec(text)) {
    const list = m[1]!;
    const at = m.index + m[0].length - list.length;
    for (const id of idsOfList(list)) out.push({ kind: 'criterion', id, index: at });
  }
  return out;
}

function propertyMentions(text: string): Mention[] {
  const out: Mention[] = [];
  property.lastIndex = 0;
  for (let m = property.exec(text); m; m = property.exec(text)) out.push({ kind: 'property', id: m[1]!, index: m.index });
  return out;
}

/** A criterion id exactly (`N.M`): the only kind of id a name may open with. */
const CRITERION = String.raw`\d{1,3}\.\d{1,3}(?![\d])(?!\.\d)`;
const leadingId = new RegExp(String.raw`^\s*(?:\[\s*(${CRITERION}(?:\s*,\s*${CRITERION})*)\s*\]|\(\s*(${CRITERION}(?:\s*,\s*${CRITERION})*)\s*\)|(${CRITERION})\s*(?::|\s[-–—])(?=\s))`);

function leadingIdMentions(name: string): Mention[] {
  const m = leadingId.exec(name);
  if (!m) return [];
  const list = m[1] ?? m[2] ?? m[3]!;
  return idsOfList(list).map((id) => ({ kind: 'criterion' as const, id, index: m.index }));
}

const snakeCriterion = /(?:^|_|\b)(?:req|requirement|ac|criterion|criteria)_?(\d{1,3})_(\d{1,3})(?=_|\b|$|[A-Z])/gi;
const camelCriterion = /(?:Req|Requirement|AC|Criterion)(\d{1,3})_(\d{1,3})(?![\d])/g;
const identifierProperty = /(?:^|_|\b)property_?(\d{1,4})(?=_|\b|$)|Property(\d{1,4})(?=[A-Z_]|\b|$)/g;

function identifierMentions(name: string): Mention[] {
  if (/\s/.test(name.trim())) return [];
  const out: Mention[] = [];
  for (const pattern of [snakeCriterion, camelCriterion]) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(name); m; m = pattern.exec(name)) out.push({ kind: 'criterion', id: `${m[1]}.${m[2]}`, index: m.index });
  }
  identifierProperty.lastIndex = 0;
  for (let m = identifierProperty.exec(name); m; m = identifierProperty.exec(name)) out.push({ kind: 'property', id: (m[1] ?? m[2])!, index: m.index });
  return out;
}

const listToken = new RegExp(String.raw`(${ID})${ID_END}(?:\s+ACs?\s+(\d{1,3})${ID_END})?|(${RANGE})`, 'gi');

/** `1.2, 1.3 and 2.1` · `1.1–1.3` · `3 AC 2`: the ids of a list, ranges expanded (within reason). */
export function idsOfList(list: string): string[] {
  const ids: string[] = [];
  let rangeOpen = false;
  listToken.lastIndex = 0;
  for (let m = listToken.exec(list); m; m = listToken.exec(list)) {
    if (m[3] !== undefined) {
      rangeOpen = ids.length > 0;
      continue;
    }
    const id = m[2] ? `${m[1]}.${m[2]}` : m[1]!;
    if (rangeOpen) ids.push(...expandRange(ids.pop()!, id));
    else ids.push(id);
    rangeOpen = false;
  }
  return [...new Set(ids)];
}

/** `1.1`–`1.4` → 1.1, 1.2, 1.3, 1.4; shapes that do not line up (or ranges over 50) keep their two ends. */
function expandRange(first: string, last: string): string[] {
  const a = first.split('.');
  const b = last.split('.');
  const same = a.length === b.length && a.slice(0, -1).join('.') === b.slice(0, -1).join('.');
  const from = Number(a.at(-1));
  const to = Number(b.at(-1));
  if (!same || !(to >= from) || to - from > 50) return [first, last];
  const prefix = a.slice(0, -1).join('.');
  const out: string[] = [];
  for (let n = from; n <= to; n++) out.push(prefix ? `${prefix}.${n}` : String(n));
  return out;
}
