import type Anthropic from '@anthropic-ai/sdk';
import type {
  ContentBlock,
  Message,
  MessageCreateParamsBase,
  MessageParam,
  StopReason,
  TextBlockParam,
  ThinkingConfigParam,
  Tool,
} from '@anthropic-ai/sdk/resources/messages';
import type { StepUsage } from '../activity';
import type { TokenUsage } from './pricing';

export interface TurnRequest {
  system: TextBlockParam[];
  tools: Tool[];
  messages: MessageParam[];
  /** Overrides the provider's maxTokens for this turn. */
  maxTokens?: number;
  /** Overrides the provider's thinking setting for this turn. */
  thinking?: ThinkingConfigParam;
}

/** Same shape as the activity log's `retry` event, so the runner can forward it as is. */
export interface RetryNotice {
  /** The attempt about to start (2 for the first retry). */
  attempt: number;
  delayMs: number;
  reason: string;
}

export interface TurnOptions {
  signal: AbortSignal;
  onTextDelta?: (text: string) => void;
  /** Thinking text as it streams; on Claude 5 models this includes the progress notes between tool calls. */
  onThinkingDelta?: (thinking: string) => void;
  /** The attempt failed and will be retried from scratch: discard what was streamed since the last notice. */
  onRetry?: (notice: RetryNotice) => void;
}

export interface ModelTurn {
  /** The complete answer of the one attempt that succeeded, as plain JSON. Thinking blocks keep their signatures. */
  content: ContentBlock[];
  stopReason: StopReason | null;
  usage: StepUsage;
  /** False when the model has no known price, so usage.costUsd is 0 rather than the real cost. */
  priced: boolean;
  /** Size of the request body in bytes: the context the model was sent. */
  requestBytes: number;
  /** How many attempts this turn took (1 without retries). */
  attempts: number;
  requestId?: string;
}

interface StreamedMessage {
  message: Message;
  requestId: string | undefined;
}

/** Thrown when a delta callback throws: the caller's bug, not a failed attempt, so it is never retried. */
export class DeltaCallbackError extends Error {
  override readonly name = 'DeltaCallbackError';
}

/** One attempt: stream the answer, forwarding deltas, and resolve only when message_stop arrived. */
export async function streamMessage(client: Anthropic, params: MessageCreateParamsBase, options: TurnOptions): Promise<StreamedMessage> {
  const stream = client.messages.stream(params, { signal: options.signal });
  // The SDK would report a listener's exception as a broken stream; keep it apart so it is not retried.
  let callbackFailure: unknown;
  const guarded = (callback: (delta: string) => void) => (delta: string) => {
    if (callbackFailure !== undefined) return;
    try {
      callback(delta);
    } catch (error) {
      callbackFailure = error ?? new Error('delta callback threw');
      stream.abort();
    }
  };
  if (options.onTextDelta) stream.on('text', guarded(options.onTextDelta));
  if (options.onThinkingDelta) stream.on('thinking', guarded(options.onThinkingDelta));
  try {
    const message = await stream.finalMessage();
    return { message, requestId: stream.request_id ?? undefined };
  } catch (error) {
    if (callbackFailure === undefined) throw error;
    throw new DeltaCallbackError(`A stream callback failed: ${String(callbackFailure)}`, { cause: callbackFailure });
  }
}

/** Key order is fixed so that consecutive requests of a task share their leading bytes. */
export function messageParams(request: TurnRequest, model: string, maxTokens: number, thinking: ThinkingConfigParam | undefined): MessageCreateParamsBase {
  const effectiveThinking = request.thinking ?? thinking;
  return {
    model,
    max_tokens: request.maxTokens ?? maxTokens,
    ...(effectiveThinking ? { thinking: effectiveThinking } : {}),
    ...(request.system.length ? { system: request.system } : {}),
    ...(request.tools.length ? { tools: request.tools } : {}),
    messages: request.messages,
  };
}

export function tokenUsage(message: Message): TokenUsage {
  const usage = message.usage;
  return {
    inputTokens: usage.input_tokens,
    outputTokens: usage.output_tokens,
    cacheReadTokens: usage.cache_read_input_tokens ?? 0,
    cacheWriteTokens: usage.cache_creation_input_tokens ?? 0,
  };
}

/** The SDK's blocks carry lazy getters and hidden buffers; the runner stores and resends plain data. */
export function plainContent(message: Message): ContentBlock[] {
  return JSON.parse(JSON.stringify(message.content)) as ContentBlock[];
}
