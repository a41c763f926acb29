import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBlank } from '../../../src/core/spec/markdownLines';
import { SourceText } from '../../../src/core/spec/sourceText';
import { matchItemStart } from '../../../src/core/spec/statementList';
import { dependencyIdsOf } from '../../../src/core/spec/dependencies';
import { numberedIdParts } from '../../../src/core/spec/numbering';
import { mayBeTaskLike } from '../../../src/core/spec/taskLikeLines';
import { parseTasks } from '../../../src/core/spec/tasksParser';

/**
 * The spec parsers' fast paths (character tests before a pattern, sticky patterns instead of
 * slices, typed arrays instead of arrays) against the code they replaced, written out here as it
 * was: on any line of Markdown-ish characters both must give the same answer.
 */

const markdownChars = ['-', '*', '+', '_', '#', '[', ']', ' ', '\t', '`', '~', '.', ')', ':', ',', '1', '2', '0', '9', 'a', 'x', 'X', 'T', '<', '!', '\u00a0', '\u2003', '\uFEFF'];
const line = fc.string({ unit: fc.constantFrom(...markdownChars), maxLength: 24 });
/** Lines that start like list items and checkboxes far more often than uniform characters would. */
const listish = fc
  .tuple(fc.constantFrom('', ' ', '  ', '\t', '    '), fc.constantFrom('- ', '* ', '+ ', '1. ', '2) ', '1.2 ', '12.3. ', '-', '# ', '### ', ''), fc.constantFrom('', '[ ] ', '[x]', '[-] ', '[~] ', '[X] ', '[] ', '[  ] ', '[?] '), fc.constantFrom('', '*', ' *', '**', '1', '1.2', '1.2.', '3a', '1,2', '1..2', '4)', 'Task 1:'), line)
  .map((parts) => parts.join(''));
const anyLine = fc.oneof(line, listish);

describe('SourceText', () => {
  /** The line table as first built: every line's text and its exact ending, in order. */
  function linesByRegex(text: string): { text: string; eol: string }[] {
    const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
    const out: { text: string; eol: string }[] = [];
    const ending = /\r\n|\r|\n/g;
    let start = 0;
    for (let m = ending.exec(body); m; m = ending.exec(body)) {
      out.push({ text: body.slice(start, m.index), eol: m[0] });
      start = m.index + m[0].length;
    }
    out.push({ text: body.slice(start), eol: '' });
    return out;
  }

  it('splits any text into the same lines and endings as a plain split, and rebuilds it exactly', () => {
    const text = fc.string({ unit: fc.constantFrom('a', ' ', '\n', '\r', '\r\n', '\uFEFF', 'é', '日'), maxLength: 40 });
    fc.assert(
      fc.property(text, (t) => {
        const source = new SourceText(t);
        const expected = linesByRegex(t);
        expect(source.lineCount).toBe(expected.length);
        expected.forEach((l, i) => {
          expect(source.lineText(i)).toBe(l.text);
          expect(source.eol(i)).toBe(l.eol);
          expect(source.lineEndWithEol(i) - source.lineStart(i)).toBe(l.text.length + l.eol.length);
        });
        expect(source.serialize()).toBe(t);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('line tests with a character check first', () => {
  it('isBlank agrees with /^\\s*$/', () => {
    fc.assert(
      fc.property(anyLine, (l) => {
        expect(isBlank(l)).toBe(/^\s*$/.test(l));
      }),
      { numRuns: 5000 },
    );
  });

  it('matchItemStart finds the same list item as the three patterns tried in turn', () => {
    const dottedItem = /^([ \t]*)(\d{1,6}(?:\.\d{1,6})+)\.?[ \t]+(?=\S)/;
    const orderedItem = /^([ \t]*)(\d{1,6})[.)](?:[ \t]+|$)/;
    const bulletItem = /^([ \t]*)[-*+](?:[ \t]+|$)/;
    fc.assert(
      fc.property(anyLine, (l) => {
        const m = dottedItem.exec(l) ?? orderedItem.exec(l) ?? bulletItem.exec(l);
        const found = matchItemStart(l);
        if (!m || /^[ \t]*([-*_])([ \t]*\1){2,}[ \t]*$/.test(l)) expect(found).toBeNull();
        else expect(found).toMatchObject({ number: m[2] ?? null, markerOffset: m[1]!.length, contentStart: m[0].length });
      }),
      { numRuns: 5000 },
    );
  });

  it('mayBeTaskLike lets through every line a task-like pattern or a fence could match', () => {
    const patterns = [
      /^ {0,3}#{2,6}[ \t]+(?:\*\*|__)?(?:Task[ \t]+)?(\d{1,9}(?:\.\d{1,9})*)[.:)]?(?:\*\*|__)?[ \t]+(\S.*?)(?:[ \t]+#+)?[ \t]*$/i,
      /^([ \t]*)[-*+][ \t]+(?:\*\*|__)?(\d{1,9}(?:\.\d{1,9})+\.?|\d{1,9}[.)])(?:\*\*|__)?[ \t]+(\S.*)$/,
      /^([ \t]*)(?:[-*+]|\d{1,9}[.)])?[ \t]*\[([ xX~-]?|[ \t]{2,})\][ \t]*(.*)$/,
      /^[ \t]*[-*+][ \t]+\[[^\]\r\n]\]/,
      /^[ \t]*(`{3,}|~{3,})/,
    ];
    fc.assert(
      fc.property(anyLine, (l) => {
        if (patterns.some((p) => p.test(l))) expect(mayBeTaskLike(l, 0, l.length)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('a task line read with sticky patterns', () => {
  /** How a checkbox line became a task before: the same patterns, each run on a slice of the line. */
  function taskBySlices(l: string): { id: string | null; optional: boolean } | null {
    const box = /^([ \t]*)[-*+][ \t]+\[([^\]\r\n])\]/.exec(l);
    if (!box || ![' ', 'x', 'X', '-', '~'].includes(box[2]!)) return null;
    let at = box[0].length;
    const optional = /^(?:\*(?!\*)(?=[ \t\d]|$)|[ \t]\*(?=[ \t]|$))/.exec(l.slice(at));
    if (optional) at += optional[0].length;
    while (l[at] === ' ' || l[at] === '\t') at++;
    const numbered = /^(\d{1,9}(?:\.\d{1,9})*)\.?(?=[ \t]|$)/.exec(l.slice(at));
    return { id: numbered ? numbered[1]! : null, optional: optional !== null };
  }

  it('gets the same id and optional marker as slicing did, and finds a task exactly where it did', () => {
    fc.assert(
      fc.property(anyLine, (l) => {
        const expected = taskBySlices(l);
        const tasks = parseTasks(l).allTasks;
        if (!expected) {
          expect(tasks).toHaveLength(0);
          return;
        }
        expect(tasks).toHaveLength(1);
        expect(tasks[0]!.optional).toBe(expected.optional);
        if (expected.id !== null) expect(tasks[0]!.id).toBe(expected.id);
        else expect(tasks[0]!.id).toMatch(/^u\d+$/);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('a dependency line looked for after a word check', () => {
  /** How a detail line was read before: the pattern on every line. */
  function idsByPattern(line: string): string[] | null {
    const match = /^(?:[-*+]\s+)?[_*\s]*(?:depends(?:\s+on)?|dependencies|dependency|requires\s+tasks?|after\s+tasks?)[_*\s]*:[_*\s]*(.*?)[_*\s]*$/i.exec(line.trim());
    if (!match) return null;
    const list = match[1]!.trim();
    if (/^(none|nothing|n\/a|-|—)?\.?$/i.test(list)) return [];
    const ids: string[] = [];
    for (const part of list.split(/\s*(?:,|;|\band\b|&|\s)\s*/i)) {
      const id = part.replace(/^(?:tasks?|#)/i, '').replace(/[.)]+$/, '').trim();
      if (/^\d+(?:\.\d+)*$/.test(id) && !ids.includes(id)) ids.push(id);
    }
    return ids;
  }
  const label = fc.constantFrom('Depends', 'depends on', 'DEPENDENCIES', 'Dependency', 'Requires task', 'requires tasks', 'After task', 'after tasks', 'Requirements', 'Depend', 'after');
  const dependencyLine = fc
    .tuple(fc.constantFrom('', '- ', '* ', '  - ', '\u00a0', '-\t'), fc.constantFrom('', '_', '**', '*'), label, fc.constantFrom('', '_', '**'), fc.constantFrom(':', ': ', ' ', ''), line)
    .map((parts) => parts.join(''));

  it('finds the same ids as the pattern alone, on any line', () => {
    fc.assert(
      fc.property(fc.oneof(anyLine, dependencyLine), (l) => {
        expect(dependencyIdsOf(l)).toEqual(idsByPattern(l));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('a numbered id read in one pass', () => {
  /** How the numbering check read an id before: a pattern, then two slices. */
  function partsBySlices(id: string): { prefix: string; n: number } | null {
    if (!/^\d+(\.\d+)*$/.test(id)) return null;
    const cut = id.lastIndexOf('.');
    return { prefix: cut < 0 ? '' : id.slice(0, cut), n: Number(id.slice(cut + 1)) };
  }
  const id = fc.oneof(
    fc.string({ unit: fc.constantFrom('0', '1', '2', '9', '.', 'a', 'u', ' ', '-'), maxLength: 12 }),
    fc.array(fc.string({ unit: fc.constantFrom('0', '1', '7', '9'), minLength: 1, maxLength: 18 }), { minLength: 1, maxLength: 4 }).map((parts) => parts.join('.')),
  );

  it('gives the same prefix and number as the pattern and slices did, and null where they did', () => {
    fc.assert(
      fc.property(id, (i) => {
        expect(numberedIdParts(i)).toEqual(partsBySlices(i));
      }),
      { numRuns: 5000 },
    );
  });
});
