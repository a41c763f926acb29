import { describe, expect, it } from 'vitest';
import { buildCommitMessagePrompt, cleanCommitMessage, generateCommitMessage, wrapBody, type TextCompleter } from '../../../src/core/checkpoints';

const smallDiff = ['diff --git a/src/a.ts b/src/a.ts', '--- a/src/a.ts', '+++ b/src/a.ts', '@@ -1 +1 @@', '-export const a = 1;', '+export const a = 2;', ''].join('\n');

describe('building the commit message prompt', () => {
  it('asks for a conventional commit with a 72-character subject and a body wrapped at 72', () => {
    const { system } = buildCommitMessagePrompt({ diff: smallDiff });

    expect(system).toMatch(/Conventional Commits/);
    expect(system).toMatch(/at most 72 characters/);
    expect(system).toMatch(/wrapped at 72 characters/);
  });

  it('includes the task text and the whole diff when it fits', () => {
    const { prompt } = buildCommitMessagePrompt({ task: 'Task 2.1: make a configurable', diff: smallDiff });

    expect(prompt).toContain('Task 2.1: make a configurable');
    expect(prompt).toContain(smallDiff);
  });

  it('leaves the task out when there is none', () => {
    const { prompt } = buildCommitMessagePrompt({ task: null, diff: smallDiff });

    expect(prompt).not.toMatch(/task/i);
  });
});

describe('asking the model', () => {
  it('passes the prompt, a token limit and the abort signal to the completer, and cleans its answer', async () => {
    const requests: Parameters<TextCompleter>[0][] = [];
    const complete: TextCompleter = async (request) => {
      requests.push(request);
      return '```\nfeat(a): make a two\n```';
    };
    const signal = new AbortController().signal;

    const message = await generateCommitMessage(complete, { task: 'bump a', diff: smallDiff }, { signal });

    expect(message).toBe('feat(a): make a two');
    expect(requests).toHaveLength(1);
    expect(requests[0]!.maxTokens).toBe(400);
    expect(requests[0]!.signal).toBe(signal);
    expect(requests[0]!.prompt).toContain('bump a');
  });

  it('refuses an empty diff without calling the model', async () => {
    let called = false;
    const complete: TextCompleter = async () => {
      called = true;
      return 'x';
    };

    await expect(generateCommitMessage(complete, { diff: '  \n' })).rejects.toThrow('there are no changes to describe');
    expect(called).toBe(false);
  });

  it('reports an empty answer as an error', async () => {
    await expect(generateCommitMessage(async () => '```\n```', { diff: smallDiff })).rejects.toThrow('the model returned an empty commit message');
  });
});

describe('cleaning the answer', () => {
  it('strips code fences around the message', () => {
    expect(cleanCommitMessage('```text\nfix: handle empty input\n\nBody line.\n```')).toBe('fix: handle empty input\n\nBody line.');
  });

  it('drops a chatty preamble before a conventional subject', () => {
    expect(cleanCommitMessage('Here is a commit message for your change:\n\nfeat: add export')).toBe('feat: add export');
  });

  it('removes quotes and a trailing period from the subject', () => {
    expect(cleanCommitMessage('"docs: explain checkpoints."')).toBe('docs: explain checkpoints');
  });

  it('cuts a long subject at a word boundary within 72 characters and moves the rest into the body', () => {
    const subject = 'feat(checkpoints): restore only the files the agent touched and leave every other file alone';

    const [first, blank, ...body] = cleanCommitMessage(subject).split('\n');

    expect(first!.length).toBeLessThanOrEqual(72);
    expect(subject.startsWith(first!)).toBe(true);
    expect(first!.endsWith(' ')).toBe(false);
    expect(blank).toBe('');
    expect(`${first} ${body.join(' ')}`).toBe(subject);
  });

  it('hard-cuts a subject that has no space to break at', () => {
    expect(cleanCommitMessage('x'.repeat(100)).split('\n')[0]).toHaveLength(72);
  });

  it('wraps the body at 72 columns', () => {
    const long = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');

    const lines = cleanCommitMessage(`fix: x\n\n${long}`).split('\n').slice(2);

    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(72);
    expect(lines.join(' ')).toBe(long);
  });
});

describe('wrapping a body', () => {
  it('keeps list items separate and indents their continuation lines', () => {
    const text = `- ${'alpha '.repeat(15).trim()}\n- short item`;

    expect(wrapBody(text)).toBe(
      ['- alpha alpha alpha alpha alpha alpha alpha alpha alpha alpha alpha', '  alpha alpha alpha alpha', '- short item'].join('\n'),
    );
  });

  it('keeps paragraphs apart and leaves indented code and unbreakable URLs as they are', () => {
    const url = `https://example.com/${'a'.repeat(80)}`;
    const text = `First paragraph.\n\n    const x = 1; // code keeps its indentation\n\nSee ${url}`;

    expect(wrapBody(text)).toBe(`First paragraph.\n\n    const x = 1; // code keeps its indentation\n\nSee\n${url}`);
  });
});
