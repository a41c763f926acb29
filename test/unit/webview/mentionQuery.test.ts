import { describe, expect, it } from 'vitest';
import { completeMention, matchingChoices, mentionAt } from '../../../webview-ui/src/composer/mentionQuery';
import { mentionsIn } from '../../../src/core/steering';

const choice = (name: string) => ({ name, inclusion: 'manual' as const, description: '', source: `.kiro/steering/${name}.md` });

describe('the composer’s # completion', () => {
  it('finds the mention the caret is in, as the core reads mentions', () => {
    expect(mentionAt('use #ap', 7)).toEqual({ start: 4, query: 'ap' });
    expect(mentionAt('#', 1)).toEqual({ start: 0, query: '' });
    expect(mentionAt('line one\n#db', 12)).toEqual({ start: 9, query: 'db' });
    // Not a mention: inside a word, a heading's second #, a file reference, after the caret moved on.
    expect(mentionAt('C#', 2)).toBeNull();
    expect(mentionAt('##', 2)).toBeNull();
    expect(mentionAt('#[[file:', 2)).toBeNull();
    expect(mentionAt('use #ap now', 11)).toBeNull();
  });

  it('ranks names starting with the query before names containing it', () => {
    const choices = [choice('api-style'), choice('graph-api'), choice('db')];
    expect(matchingChoices(choices, 'api').map((c) => c.name)).toEqual(['api-style', 'graph-api']);
    expect(matchingChoices(choices, '').map((c) => c.name)).toEqual(['api-style', 'graph-api', 'db']);
    expect(matchingChoices(choices, 'zzz')).toEqual([]);
  });

  it('completes the mention to a name the core reads back, with one space after it', () => {
    const done = completeMention('use #ap for this', { start: 4, query: 'ap' }, 'api-style');
    expect(done).toEqual({ text: 'use #api-style for this', caret: 15 });
    const atEnd = completeMention('use #a', { start: 4, query: 'a' }, 'api-style');
    expect(atEnd).toEqual({ text: 'use #api-style ', caret: 15 });
    expect(mentionsIn(atEnd.text)).toEqual(['api-style']);
  });
});
