import { summariseDiff } from './diffSummary';
import type { TextCompleter } from '../model';

export interface CommitMessageInput {
  /** What the change was for: the task's title and text, if any. */
  task?: string | null;
  /** Unified diff of the change (the diff since a task's checkpoint, or the user's staged diff). */
  diff: string;
  /** Token budget for the diff part of the prompt (default 6,000). */
  diffBudgetTokens?: number;
}

export const subjectLimit = 72;
export const bodyWidth = 72;

const system = [
  'You write git commit messages in the Conventional Commits format.',
  `First line: type(optional scope): subject — types are feat, fix, refactor, perf, test, docs, build, ci, chore, style; imperative mood, at most ${subjectLimit} characters, no trailing period.`,
  `Then a blank line and a short body, wrapped at ${bodyWidth} characters, saying what changed and why (not how). Leave the body out for trivial changes.`,
  'Reply with the commit message only: no code fences, no quotes, no preamble.',
].join('\n');

/** The system text and prompt asking for a commit message; huge diffs are summarised to fit the budget. */
export function buildCommitMessagePrompt(input: CommitMessageInput): { system: string; prompt: string } {
  const diff = summariseDiff(input.diff, input.diffBudgetTokens ?? 6_000);
  const task = input.task?.trim();
  const prompt = [task ? `The change was made for this task:\n${task}` : '', `The change:\n${diff}`, 'Write the commit message.']
    .filter(Boolean)
    .join('\n\n');
  return { system, prompt };
}

/** Asks the model for a commit message and returns it cleaned up to fit git conventions. */
export async function generateCommitMessage(complete: TextCompleter, input: CommitMessageInput, options: { maxTokens?: number; signal?: AbortSignal } = {}): Promise<string> {
  if (!input.diff.trim()) throw new Error('there are no changes to describe: the diff is empty');
  const { system: sys, prompt } = buildCommitMessagePrompt(input);
  const answer = await complete({ system: sys, prompt, maxTokens: options.maxTokens ?? 400, ...(options.signal ? { signal: options.signal } : {}) });
  const message = cleanCommitMessage(answer);
  if (!message) throw new Error('the model returned an empty commit message; try again');
  return message;
}

const conventionalSubject = /^[a-z]+(\([^)]*\))?!?: \S/;

/**
 * Turns a model's answer into a commit message: code fences and preambles removed, the subject cut
 * at a word boundary to 72 characters (the rest moves to the body), the body wrapped at 72.
 */
export function cleanCommitMessage(answer: string): string {
  let lines = unfence(answer).replace(/\r\n?/g, '\n').split('\n');
  // Drop a chatty first line ("Here is a commit message:") when a conventional subject follows soon after.
  const subjectAt = lines.slice(0, 4).findIndex((l) => conventionalSubject.test(l.trim()));
  if (subjectAt > 0) lines = lines.slice(subjectAt);
  while (lines.length && !lines[0]!.trim()) lines.shift();
  if (lines.length === 0) return '';
  const rawSubject = lines[0]!.trim().replace(/^["'`]+|["'`]+$/g, '').replace(/^(subject|commit message):\s*/i, '').replace(/\.$/, '');
  const { subject, overflow } = fitSubject(rawSubject);
  const bodyText = [overflow ? `${overflow}` : '', lines.slice(1).join('\n').trim()].filter(Boolean).join('\n\n');
  const body = wrapBody(bodyText);
  return body ? `${subject}\n\n${body}` : subject;
}

function unfence(text: string): string {
  const fenced = /```[\w-]*\n([\s\S]*?)\n?```/.exec(text);
  return (fenced ? fenced[1]! : text).replace(/^```[\w-]*$/gm, '').trim();
}

function fitSubject(subject: string): { subject: string; overflow: string } {
  if (subject.length <= subjectLimit) return { subject, overflow: '' };
  const space = subject.lastIndexOf(' ', subjectLimit);
  const cut = space > subjectLimit / 2 ? space : subjectLimit;
  return { subject: subject.slice(0, cut).trimEnd().replace(/[,;:]$/, ''), overflow: subject.slice(cut).trim() };
}

/**
 * Wraps prose paragraphs and list items at 72 columns (continuation lines of an item indented to its
 * text). Indented lines (code) and words too long to wrap (URLs) are left as they are.
 */
export function wrapBody(text: string, width = bodyWidth): string {
  const out: string[] = [];
  let pending: { prefix: string; words: string[] } | null = null;
  const flush = () => {
    if (pending) out.push(...wrapWords(pending.words, pending.prefix, width));
    pending = null;
  };
  for (const line of text.split('\n')) {
    const item = /^(\s{0,3}(?:[-*•]|\d+[.)])\s+)(.*)$/.exec(line);
    if (!line.trim()) {
      flush();
      if (out.length && out[out.length - 1] !== '') out.push('');
    } else if (/^( {4}|\t)/.test(line) && !pending) {
      out.push(line.trimEnd());
    } else if (item) {
      flush();
      pending = { prefix: item[1]!, words: item[2]!.split(/\s+/).filter(Boolean) };
    } else if (pending) {
      pending.words.push(...line.trim().split(/\s+/));
    } else {
      pending = { prefix: '', words: line.trim().split(/\s+/) };
    }
  }
  flush();
  while (out.length && out[out.length - 1] === '') out.pop();
  return out.join('\n');
}

function wrapWords(words: string[], prefix: string, width: number): string[] {
  const indent = ' '.repeat(prefix.length);
  const lines: string[] = [];
  let current = prefix;
  for (const word of words) {
    const lead = lines.length === 0 ? prefix : indent;
    if (current.length > lead.length && current.length + 1 + word.length > width) {
      lines.push(current);
      current = indent + word;
    } else {
      current = current.length > lead.length ? `${current} ${word}` : current + word;
    }
  }
  lines.push(current);
  return lines;
}
