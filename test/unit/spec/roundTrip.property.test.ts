import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parseBugfix,
  parseDesign,
  parseRequirements,
  parseTasks,
  serializeDocument,
  setTaskStatusAt,
  setTaskStatusInText,
  TASK_STATUSES,
  type SpecDocument,
} from '../../../src/core/spec';
import { mutated, requirementsDocument, tasksDocument } from './generators';

const parsers = [parseTasks, parseRequirements, parseDesign, parseBugfix] as const;
const runs = { numRuns: 150 };

/** Every parser on one text: none throws, each gives the text back byte for byte. */
function assertRoundTrip(text: string): SpecDocument[] {
  const docs = parsers.map((parse) => parse(text));
  for (const doc of docs) {
    expect(serializeDocument(doc)).toBe(text);
    expect(doc.diagnostics.map((d) => d.code)).not.toContain('parser-internal-error');
  }
  return docs;
}

function differingCodeUnits(a: string, b: string): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) n++;
  return n;
}

describe('round trip on generated documents', () => {
  it('gives back every generated tasks.md byte for byte and finds exactly the tasks written', () => {
    fc.assert(
      fc.property(tasksDocument, ({ text, expected }) => {
        assertRoundTrip(text);
        const found = parseTasks(text).allTasks.map((t) => ({ id: t.id, status: t.status, optional: t.optional, depth: t.depth, parentId: t.parentId, requirements: t.requirements }));
        expect(found).toEqual(expected);
      }),
      runs,
    );
  });

  it('changes exactly one character when setting any task of a generated tasks.md to another status', () => {
    fc.assert(
      fc.property(tasksDocument, fc.nat(), fc.constantFrom(...TASK_STATUSES), ({ text, expected }, pick, status) => {
        const target = expected[pick % expected.length]!;
        const edited = setTaskStatusInText(text, target.id, status);
        expect(edited.length).toBe(text.length);
        expect(differingCodeUnits(text, edited)).toBe(target.status === status ? 0 : 1);
        expect(parseTasks(edited).allTasks.find((t) => t.id === target.id)!.status).toBe(status);
      }),
      runs,
    );
  });

  it('gives back every generated requirements.md byte for byte with the requirement and criterion ids written', () => {
    fc.assert(
      fc.property(requirementsDocument, ({ text, expected }) => {
        assertRoundTrip(text);
        const found = parseRequirements(text).requirements.map((r) => ({ id: r.id, criteria: r.criteria.map((c) => c.id) }));
        expect(found).toEqual(expected);
      }),
      runs,
    );
  });
});

describe('round trip on damaged documents', () => {
  it('never throws and gives back a mutated tasks.md byte for byte', () => {
    fc.assert(fc.property(mutated(tasksDocument), (text) => void assertRoundTrip(text)), runs);
  });

  it('never throws and gives back a mutated requirements.md byte for byte', () => {
    fc.assert(fc.property(mutated(requirementsDocument), (text) => void assertRoundTrip(text)), runs);
  });

  it('keeps every task of a mutated tasks.md editable: its mark sits between brackets and an edit changes one character', () => {
    fc.assert(
      fc.property(mutated(tasksDocument), fc.constantFrom(...TASK_STATUSES), (text, status) => {
        for (const task of parseTasks(text).allTasks) {
          const edited = setTaskStatusAt(text, task, status);
          expect(edited.length).toBe(text.length);
          expect(differingCodeUnits(text, edited)).toBe(task.status === status ? 0 : 1);
        }
      }),
      runs,
    );
  });

  it('never throws and round-trips arbitrary text, lone surrogates and control characters included', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => void assertRoundTrip(text)), runs);
  });

  it('never throws and round-trips binary junk decoded as text', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => void assertRoundTrip(Buffer.from(bytes).toString('utf8'))), runs);
  });

  it('keeps every line and column it reports inside the text', () => {
    fc.assert(
      fc.property(mutated(tasksDocument), (text) => {
        const lines = text.split(/\r\n|\r|\n/);
        for (const task of parseTasks(text).allTasks) {
          expect(task.line).toBeGreaterThanOrEqual(1);
          expect(task.line).toBeLessThanOrEqual(lines.length);
          expect(task.column).toBeLessThanOrEqual(lines[task.line - 1]!.length + 1);
        }
      }),
      runs,
    );
  });
});
