import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { ModelError } from './errors';
import type { ModelProvider } from './provider';
import type { ModelTurn } from './turn';

export interface CompleteTextRequest {
  system: string;
  prompt: string;
  maxTokens?: number;
  signal: AbortSignal;
  /**
   * How many times to ask for the rest of an answer that stopped at the output limit (max_tokens);
   * if it is still cut after that, ModelError('output_truncated'). Unset: a cut answer is returned
   * as it is.
   */
  continuations?: number;
  /** Told before each request for the rest (1-based round, of `continuations`). */
  onContinuation?: (round: number, of: number) => void;
}

/** Sent after a cut answer: the model picks up at the very next character. */
export const CONTINUE_PROMPT =
  'Your answer stopped at the output limit. Continue it from exactly where it stopped, beginning with the very next character: ' +
  'do not repeat anything already written, and add no preamble or remarks about the cut.';

/** One question, one text answer, no tools: commit messages, spec drafts. Retries like any turn. */
export async function completeText(provider: ModelProvider, request: CompleteTextRequest): Promise<string> {
  const ask = (messages: MessageParam[]) =>
    provider.createTurn(
      {
        system: request.system ? [{ type: 'text', text: request.system }] : [],
        tools: [],
        messages,
        ...(request.maxTokens !== undefined ? { maxTokens: request.maxTokens } : {}),
      },
      { signal: request.signal },
    );
  const question: MessageParam = { role: 'user', content: request.prompt };
  let turn = await ask([question]);
  let text = textOf(turn);
  const rounds = request.continuations;
  if (rounds === undefined) return text.trim();
  for (let round = 1; turn.stopReason === 'max_tokens'; round++) {
    if (round > rounds) {
      const limit = request.maxTokens ?? provider.maxTokens;
      throw new ModelError(
        'output_truncated',
        `The answer was still cut off at the output limit (${limit} tokens) after ${rounds} continuation${rounds === 1 ? '' : 's'}.`,
      );
    }
    request.onContinuation?.(round, rounds);
    // An answer cut before any text (all of it spent thinking) has nothing to continue: ask afresh.
    turn = await ask(text.trim() ? [question, { role: 'assistant', content: text.trimEnd() }, { role: 'user', content: CONTINUE_PROMPT }] : [question]);
    text = text.trim() ? joinContinuation(text, textOf(turn)) : textOf(turn);
  }
  return text.trim();
}

function textOf(turn: ModelTurn): string {
  return turn.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
}

/**
 * Joins a cut answer and its continuation. The cut answer was sent back without its trailing
 * whitespace: a continuation that starts with whitespace brings its own, else the cut one's is
 * kept. A continuation that starts the cut line over replaces it.
 */
function joinContinuation(before: string, rest: string): string {
  const head = before.trimEnd();
  const lineStart = head.lastIndexOf('\n') + 1;
  const lastLine = head.slice(lineStart);
  const restarted = rest.replace(/^[ \t]*\r?\n/, '');
  if (lastLine.trim().length >= 12 && restarted.startsWith(lastLine)) return head.slice(0, lineStart) + restarted;
  return /^\s/.test(rest) ? head + rest : before + rest;
}

/** The one-shot text port that features needing a model take (commit messages, hook drafts), so they stay testable without one. */
export type TextCompleter = (request: { system: string; prompt: string; maxTokens: number; signal?: AbortSignal }) => Promise<string>;

export function textCompleter(provider: ModelProvider): TextCompleter {
  return (request) => completeText(provider, { ...request, signal: request.signal ?? new AbortController().signal });
}
