import type { ModelProvider } from './provider';

export interface CompleteTextRequest {
  system: string;
  prompt: string;
  maxTokens?: number;
  signal: AbortSignal;
}

/** One question, one text answer, no tools: commit messages, spec drafts. Retries like any turn. */
export async function completeText(provider: ModelProvider, request: CompleteTextRequest): Promise<string> {
  const turn = await provider.createTurn(
    {
      system: request.system ? [{ type: 'text', text: request.system }] : [],
      tools: [],
      messages: [{ role: 'user', content: request.prompt }],
      ...(request.maxTokens !== undefined ? { maxTokens: request.maxTokens } : {}),
    },
    { signal: request.signal },
  );
  return turn.content
    .flatMap((block) => (block.type === 'text' ? [block.text] : []))
    .join('')
    .trim();
}

/** The one-shot text port that features needing a model take (commit messages, hook drafts), so they stay testable without one. */
export type TextCompleter = (request: { system: string; prompt: string; maxTokens: number; signal?: AbortSignal }) => Promise<string>;

export function textCompleter(provider: ModelProvider): TextCompleter {
  return (request) => completeText(provider, { ...request, signal: request.signal ?? new AbortController().signal });
}
