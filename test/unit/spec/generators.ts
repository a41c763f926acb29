import fc from 'fast-check';

/**
 * fast-check arbitraries for realistic Kiro documents. Each generated document comes with what a
 * correct parser must find in it, so properties can check content, not only "did not throw".
 */

const word = fc.constantFrom('parser', 'store', 'note', 'API', 'route', 'test', 'schema', 'käse', '日本', 'emoji🙂', 'x_y', '`code`');
const words = fc.array(word, { minLength: 1, maxLength: 6 }).map((w) => w.join(' '));
const marks = [' ', 'x', 'X', '-', '~'] as const;
const statusOf: Record<string, string> = { ' ': 'todo', x: 'done', X: 'done', '-': 'in_progress', '~': 'queued' };

interface TaskShape {
  mark: (typeof marks)[number];
  optional: '' | '*' | ' *';
  numbered: boolean;
  title: string;
  details: string[];
  refs: string[];
  children: TaskShape[];
}

const criterionId = fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 9 })).map(([r, c]) => `${r}.${c}`);

/** Tasks nest at most three levels deep, as in real plans. */
function taskShapeAt(depth: number): fc.Arbitrary<TaskShape> {
  return fc.record({
    mark: fc.constantFrom(...marks),
    optional: fc.constantFrom('' as const, '' as const, '*' as const, ' *' as const),
    numbered: fc.constantFrom(true, true, false),
    title: words,
    details: fc.array(words, { maxLength: 2 }),
    refs: fc.uniqueArray(criterionId, { maxLength: 3 }),
    children: depth >= 2 ? fc.constant([]) : fc.array(taskShapeAt(depth + 1), { maxLength: 3 }),
  });
}
const taskShape = taskShapeAt(0);

export interface ExpectedTask {
  id: string;
  status: string;
  optional: boolean;
  depth: number;
  parentId: string | null;
  requirements: string[];
}

export interface GeneratedDocument<T> {
  text: string;
  expected: T[];
}

/** A tasks.md with free text, a fence and a comment holding decoy checkboxes, and the tasks expected in it. */
export const tasksDocument: fc.Arbitrary<GeneratedDocument<ExpectedTask>> = fc
  .record({
    tasks: fc.array(taskShape, { minLength: 1, maxLength: 6 }),
    indent: fc.constantFrom('  ', '    ', '\t'),
    eol: fc.constantFrom('\n', '\r\n'),
    bom: fc.boolean(),
    fenceAfter: fc.integer({ min: 0, max: 6 }),
    refStyle: fc.constantFrom((ids: string) => `_Requirements: ${ids}_`, (ids: string) => `**Requirements:** ${ids}`, (ids: string) => `*Requirements: ${ids}*`),
  })
  .map(({ tasks, indent, eol, bom, fenceAfter, refStyle }) => {
    const lines = ['# Implementation Plan', '', 'Free text before the tasks.', ''];
    const expected: ExpectedTask[] = [];
    const render = (shapes: TaskShape[], depth: number, parent: ExpectedTask | null) => {
      let numbered = 0;
      let unnumbered = 0;
      for (const t of shapes) {
        const pad = indent.repeat(depth);
        // Under an unnumbered parent there is no written number to extend, so children stay unnumbered too.
        const numberable = t.numbered && (parent === null || !parent.id.includes('u'));
        const number = numberable ? (parent ? `${parent.id}.${++numbered}` : `${++numbered}`) : null;
        const id = number ?? (parent ? `${parent.id}.u${++unnumbered}` : `u${++unnumbered}`);
        const task: ExpectedTask = { id, status: statusOf[t.mark]!, optional: t.optional !== '', depth, parentId: parent?.id ?? null, requirements: t.refs };
        expected.push(task);
        lines.push(`${pad}- [${t.mark}]${t.optional} ${number ? `${number}. ` : ''}${t.title}`);
        for (const d of t.details) lines.push(`${pad}${indent}- ${d}`);
        if (t.refs.length) lines.push(`${pad}${indent}- ${refStyle(t.refs.join(', '))}`);
        render(t.children, depth + 1, task);
      }
    };
    // Top-level numbers must stay unique across the document, so render one list.
    render(tasks, 0, null);
    const fence = ['', '```markdown', '- [ ] 99. a decoy inside a fence', '```', '', '<!--', '- [ ] 98. a decoy inside a comment', '-->', ''];
    const at = Math.min(fenceAfter, lines.length);
    // Insert the fence between tasks only at the top level (before a line that starts a top-level item).
    const safe = lines.findIndex((l, i) => i >= at && l.startsWith('- ['));
    lines.splice(safe < 0 ? lines.length : safe, 0, ...fence);
    const text = (bom ? '\uFEFF' : '') + lines.join(eol) + eol;
    return { text, expected };
  });

export interface ExpectedRequirement {
  id: string;
  criteria: string[];
}

const earsSentence = fc.constantFrom(
  'THE Note_Service SHALL store the note.',
  'WHEN a user saves, THE Note_Service SHALL return an id.',
  'WHILE offline, THE App SHALL queue writes.',
  'IF the body is too large, THEN THE Note_Service SHALL reject it.',
  'WHERE sync is enabled, THE App SHALL upload notes.',
  'WHEN the user logs in THEN the system SHALL start a session',
  'The page loads quickly.',
);

/** A requirements.md in one of Kiro's heading styles, with the requirement and criterion ids expected. */
export const requirementsDocument: fc.Arbitrary<GeneratedDocument<ExpectedRequirement>> = fc
  .record({
    requirements: fc.array(fc.record({ title: words, story: fc.boolean(), criteria: fc.array(fc.tuple(earsSentence, fc.boolean()), { minLength: 1, maxLength: 5 }) }), { minLength: 1, maxLength: 6 }),
    heading: fc.constantFrom((n: number, t: string) => `### Requirement ${n}: ${t}`, (n: number) => `## Requirement ${n}`, (n: number, t: string) => `### Requirement ${n} — ${t}`),
    bullets: fc.boolean(),
    eol: fc.constantFrom('\n', '\r\n'),
  })
  .map(({ requirements, heading, bullets, eol }) => {
    const lines = ['# Requirements Document', '', '## Introduction', '', 'Generated.', '', '## Requirements', ''];
    const expected: ExpectedRequirement[] = [];
    requirements.forEach((r, i) => {
      const id = String(i + 1);
      lines.push(heading(i + 1, r.title), '');
      if (r.story) lines.push('**User Story:** As a user, I want notes, so that I remember.', '');
      lines.push('#### Acceptance Criteria', '');
      r.criteria.forEach(([sentence, wrap], j) => {
        const marker = bullets ? '-' : `${j + 1}.`;
        if (wrap) lines.push(`${marker} ${sentence.slice(0, 10)}`, `   ${sentence.slice(10)}`);
        else lines.push(`${marker} ${sentence}`);
      });
      lines.push('');
      expected.push({ id, criteria: r.criteria.map((_, j) => `${id}.${j + 1}`) });
    });
    return { text: lines.join(eol), expected };
  });

/** Damage a document the way editors, merges and truncated downloads do. */
export const mutation: fc.Arbitrary<(text: string) => string> = fc.oneof(
  fc.tuple(fc.nat(), fc.string({ unit: 'binary', maxLength: 8 })).map(([at, s]) => (t: string) => t.slice(0, at % (t.length + 1)) + s + t.slice(at % (t.length + 1))),
  fc.tuple(fc.nat(), fc.constantFrom('\r', '\n', '\r\n', '\t', '\u0000', '\uFEFF', '```', '~~~', '<!--', '-->', '- [ ] ', '[', ']', '*', '_', '#', '\uD800')).map(([at, s]) => (t: string) => t.slice(0, at % (t.length + 1)) + s + t.slice(at % (t.length + 1))),
  fc.tuple(fc.nat(), fc.nat({ max: 40 })).map(([at, n]) => (t: string) => t.slice(0, at % (t.length + 1)) + t.slice((at % (t.length + 1)) + n)),
  fc.nat().map((at) => (t: string) => t.slice(0, at % (t.length + 1))),
  fc.constant((t: string) => t.replace(/\r?\n/g, '\r\n')),
  fc.constant((t: string) => t.replace(/\r?\n/g, '\r')),
);

/** A document after one to five mutations. */
export function mutated<T>(doc: fc.Arbitrary<GeneratedDocument<T>>): fc.Arbitrary<string> {
  return fc.tuple(doc, fc.array(mutation, { minLength: 1, maxLength: 5 })).map(([d, ms]) => ms.reduce((text, m) => m(text), d.text));
}
