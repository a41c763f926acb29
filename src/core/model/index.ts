export { createModelProvider, type ModelProvider } from './provider';
export { DEFAULT_BASE_URL, DEFAULT_MAX_TOKENS, DEFAULT_MODEL, resolveModelConfig, type ModelProviderOptions, type ModelSettingsInput, type ResolvedModelConfig } from './config';
export { DeltaCallbackError, type ModelTurn, type RetryNotice, type TurnOptions, type TurnRequest } from './turn';
export { ModelError, isAbortError, redactSecrets, NO_API_KEY_MESSAGE, type ModelErrorCode } from './errors';
export { costOf, priceFor, DEFAULT_PRICES, type CostEstimate, type ModelPrice, type PriceTable, type TokenUsage } from './pricing';
export { withPromptCaching, MAX_CACHE_BREAKPOINTS } from './promptCaching';
export { backoffDelay, retryAfterFromHeaders, retryPolicy, type RetryOptions } from './retry';
export { completeText, textCompleter, CONTINUE_PROMPT, type CompleteTextRequest, type TextCompleter } from './completeText';
export { DEFAULT_STREAM_IDLE_TIMEOUT_MS, StreamIdleError } from './idleGuard';
