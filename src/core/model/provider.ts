import Anthropic from '@anthropic-ai/sdk';
import { resolveModelConfig, type ModelProviderOptions } from './config';
import { abortedError, isAbortError } from './errors';
import { idleGuardedFetch } from './idleGuard';
import { classifyFailure, type FailureContext } from './failures';
import { costOf, priceFor, unpricedModelWarning, type ModelPrice } from './pricing';
import { withPromptCaching } from './promptCaching';
import { backoffDelay, retryPolicy } from './retry';
import { DeltaCallbackError, messageParams, plainContent, streamMessage, tokenUsage, type ModelTurn, type TurnOptions, type TurnRequest } from './turn';

export interface ModelProvider {
  readonly model: string;
  /** The API root requests go to (never includes the key). */
  readonly baseUrl: string;
  readonly maxTokens: number;
  /** Undefined when the model has no known price: costs are then reported as 0. */
  readonly price: ModelPrice | undefined;
  /** Things the user should know about this configuration, e.g. an unpriced model. */
  readonly warnings: readonly string[];
  /**
   * One streamed answer, retried as a whole on transient failures. Rejects with ModelError, or with
   * DeltaCallbackError when one of the caller's delta callbacks threw.
   */
  createTurn(request: TurnRequest, options: TurnOptions): Promise<ModelTurn>;
}

/** Throws ModelError('no_api_key' | 'invalid_config') when the configuration cannot work. */
export function createModelProvider(options: ModelProviderOptions = {}): ModelProvider {
  const config = resolveModelConfig(options);
  const policy = retryPolicy(options.retry);
  const caching = options.promptCaching ?? true;
  const price = priceFor(config.model, config.prices);
  // The SDK's own retries stay off: a retry must restart the whole turn, which only this layer can do.
  // A stalled answer (no byte for streamIdleTimeoutMs) fails like a cut one, so it is retried below.
  const client = new Anthropic({ apiKey: config.apiKey, baseURL: config.baseUrl, maxRetries: 0, logLevel: 'off', fetch: idleGuardedFetch(config.streamIdleTimeoutMs) });
  const failureContext: FailureContext = { baseUrl: config.baseUrl, model: config.model, apiKey: config.apiKey };

  async function createTurn(request: TurnRequest, turnOptions: TurnOptions): Promise<ModelTurn> {
    const { signal } = turnOptions;
    const params = messageParams(caching ? withPromptCaching(request) : request, config.model, config.maxTokens, config.thinking);
    const requestBytes = new TextEncoder().encode(JSON.stringify({ ...params, stream: true })).length;

    for (let attempt = 1; ; attempt++) {
      if (signal.aborted) throw abortedError();
      try {
        const { message, requestId } = await streamMessage(client, params, turnOptions);
        const tokens = tokenUsage(message);
        const cost = costOf(tokens, config.model, config.prices);
        return {
          content: plainContent(message),
          stopReason: message.stop_reason,
          usage: { ...tokens, costUsd: cost.usd },
          priced: cost.priced,
          requestBytes,
          attempts: attempt,
          ...(requestId ? { requestId } : {}),
        };
      } catch (error) {
        if (signal.aborted || isAbortError(error)) throw abortedError();
        if (error instanceof DeltaCallbackError) throw error;
        const failure = classifyFailure(error, failureContext);
        if (!failure.retryable || attempt >= policy.maxAttempts) throw failure.toError(attempt);
        const delayMs = backoffDelay(attempt, policy, failure.retryAfterMs);
        turnOptions.onRetry?.({ attempt: attempt + 1, delayMs, reason: `${failure.reason}; attempt ${attempt + 1} of ${policy.maxAttempts}` });
        await policy.sleep(delayMs, signal);
      }
    }
  }

  return {
    model: config.model,
    baseUrl: config.baseUrl,
    maxTokens: config.maxTokens,
    price,
    warnings: price ? [] : [unpricedModelWarning(config.model)],
    createTurn,
  };
}
