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
