import { describe, expect, it } from 'vitest';
import { commentMentions, idsOfList, nameMentions } from '../../../src/core/trace/mentions';

const ids = (found: Array<{ kind: string; id: string }>) => found.map((m) => `${m.kind === 'property' ? 'P' : ''}${m.id}`);

describe('what counts as naming a criterion in a comment', () => {
  it.each([
    ['Requirement 1.2', ['1.2']],
    ['Requirements 1.2, 1.3 and 2.1', ['1.2', '1.3', '2.1']],
    ['**Validates: Requirements 1.1–1.3**', ['1.1', '1.2', '1.3']],
    ['Requirements 1.2 to 1.4', ['1.2', '1.3', '1.4']],
    ['Requirement 3 AC 2', ['3.2']],
    ['Req 1.2: titles longer than 200 characters are cut', ['1.2']],
    ['AC 1.2 and Criterion 4.1', ['1.2', '4.1']],
    ['Acceptance Criteria 2.3', ['2.3']],
    ['Requirement 5 (all of it)', ['5']],
    ['Feature: todo-cli, Property 3: ids are unique', ['P3']],
  ])('%s', (text, expected) => {
    expect(ids(commentMentions(text))).toEqual(expected);
  });

  it.each([
    'requires node 1.2 or later',
    'version 1.2.3',
    'see 1.2 above',
    'bump to 1.2',
    'a property 3 levels deep',
    'Requirements 1.2.3.4',
    'read requirements.md, section 1.2',
    'const RETRIES = 1.2;',
  ])('never: %s', (text) => {
    expect(commentMentions(text)).toEqual([]);
  });
});

describe('what counts as naming a criterion in a test name', () => {
  it.each([
    ['1.2: rejects an empty title', ['1.2']],
    ['[1.2, 1.3] trims and rejects', ['1.2', '1.3']],
    ['(2.1) lists in id order', ['2.1']],
    ['1.2 - rejects an empty title', ['1.2']],
    ['Requirement 4.1 round-trips the file', ['4.1']],
    ['test_req_1_2_rejects_empty', ['1.2']],
    ['test_requirement_3_1', ['3.1']],
    ['TestReq1_2RejectsEmpty', ['1.2']],
    ['test_property_3_round_trip', ['P3']],
    ['TestProperty2Limits', ['P2']],
  ])('%s', (name, expected) => {
    expect(ids(nameMentions(name))).toEqual(expected);
  });

  it.each(['handles 1.2 inputs', 'parses version 1.2.3', '1.2.3: semver ranges', '2 items are listed', 'rounds 1.25 down', 'test_parse_1_2'])('never: %s', (name) => {
    expect(nameMentions(name)).toEqual([]);
  });
});

it('expands id lists and ranges, keeping the ends of ranges that do not line up', () => {
  expect(idsOfList('1.1-1.3, 2.1')).toEqual(['1.1', '1.2', '1.3', '2.1']);
  expect(idsOfList('1.9 - 2.1')).toEqual(['1.9', '2.1']);
  expect(idsOfList('1, 2 and 3')).toEqual(['1', '2', '3']);
});
