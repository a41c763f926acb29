import type { ThinkingConfigParam } from '@anthropic-ai/sdk/resources/messages';
import { ModelError, NO_API_KEY_MESSAGE } from './errors';
import { DEFAULT_STREAM_IDLE_TIMEOUT_MS } from './idleGuard';
import type { PriceTable } from './pricing';
import type { RetryOptions } from './retry';

/** The current Sonnet in the SDK's model list: fast, capable, and adaptive thinking by default. */
export const DEFAULT_MODEL = 'claude-sonnet-5-5';
export const DEFAULT_BASE_URL = 'https://api.anthropic.com';
/** Room for a long file written through a tool call; thinking counts against it too. */
export const DEFAULT_MAX_TOKENS = 32_000;

/** The `model` section of .kiro/settings.json, as the settings module loads it. */
export interface ModelSettingsInput {
  name?: string;
  baseUrl?: string;
  maxTokens?: number;
  /** 0 or unset: no manual thinking budget. */
  thinkingBudget?: number;
  prices?: PriceTable;
  /** A model answer that sends nothing for this long is abandoned and asked again; 0: never. */
  streamIdleTimeoutSeconds?: number;
}

/**
 * Precedence, strongest first: these options (CLI flags, the VS Code secret store), then the
 * environment (ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL, SPECWRIGHT_MODEL), then `settings`, then defaults.
 */
export interface ModelProviderOptions {
  apiKey?: string;
  baseUrl?: string;
  /** The explicit choice, e.g. CLI --model. */
  model?: string;
  maxTokens?: number;
  /**
   * Manual extended thinking with this budget ({type:'enabled'}). Leave unset for the model's own
   * default: adaptive thinking on Claude 5 models, which reject manual budgets.
   */
  thinkingBudget?: number;
  /** Merged over the settings' prices and DEFAULT_PRICES. */
  prices?: PriceTable;
  settings?: ModelSettingsInput;
  retry?: RetryOptions;
  /** Overrides settings.streamIdleTimeoutSeconds (a host setting, or a test's short timeout); 0: never. */
  streamIdleTimeoutMs?: number;
  /** Add cache breakpoints to every turn (see withPromptCaching). Default true. */
  promptCaching?: boolean;
  /** Environment to read the variables from. Default process.env. */
  env?: Record<string, string | undefined>;
}

export interface ResolvedModelConfig {
  apiKey: string;
  baseUrl: string;
  model: string;
  maxTokens: number;
  thinking?: ThinkingConfigParam;
  prices: PriceTable;
  /** 0: no idle watch. */
  streamIdleTimeoutMs: number;
}

function firstSet(...values: Array<string | undefined>): string | undefined {
  return values.map((v) => v?.trim()).find((v) => v);
}

export function resolveModelConfig(options: ModelProviderOptions): ResolvedModelConfig {
  const env = options.env ?? process.env;
  const settings = options.settings ?? {};
  // Keys pasted from a web page often carry a trailing newline; the API would reject them as invalid.
  const apiKey = firstSet(options.apiKey, env.ANTHROPIC_API_KEY);
  if (!apiKey) throw new ModelError('no_api_key', NO_API_KEY_MESSAGE, { remedy: { kind: 'setApiKey' } });

  const baseUrl = (firstSet(options.baseUrl, env.ANTHROPIC_BASE_URL, settings.baseUrl) ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  let protocol: string;
  try {
    protocol = new URL(baseUrl).protocol;
  } catch {
    throw new ModelError('invalid_config', `The Anthropic base URL "${baseUrl}" is not a valid URL. Fix ANTHROPIC_BASE_URL or model.baseUrl in .kiro/settings.json (for example https://api.anthropic.com).`);
  }
  if (protocol !== 'https:' && protocol !== 'http:') {
    throw new ModelError('invalid_config', `The Anthropic base URL "${baseUrl}" must start with https:// (or http:// for a local proxy).`);
  }

  const maxTokens = options.maxTokens ?? settings.maxTokens ?? DEFAULT_MAX_TOKENS;
  if (!Number.isInteger(maxTokens) || maxTokens < 1) throw new ModelError('invalid_config', `maxTokens must be a whole number ≥ 1, got ${maxTokens}.`);
  const budget = options.thinkingBudget ?? settings.thinkingBudget ?? 0;
  if (budget !== 0 && (!Number.isInteger(budget) || budget < 1024 || budget >= maxTokens)) {
    throw new ModelError('invalid_config', `thinkingBudget must be 0 (off) or a whole number from 1024 up to maxTokens (${maxTokens}), got ${budget}.`);
  }

  const idleMs = options.streamIdleTimeoutMs ?? (settings.streamIdleTimeoutSeconds !== undefined ? settings.streamIdleTimeoutSeconds * 1000 : DEFAULT_STREAM_IDLE_TIMEOUT_MS);
  if (!Number.isFinite(idleMs) || idleMs < 0) {
    throw new ModelError('invalid_config', `streamIdleTimeoutSeconds must be a number of seconds ≥ 0 (0 turns the watch off), got ${idleMs / 1000}.`);
  }

  return {
    apiKey,
    baseUrl,
    model: firstSet(options.model, env.SPECWRIGHT_MODEL, settings.name) ?? DEFAULT_MODEL,
    maxTokens,
    ...(budget !== 0 ? { thinking: { type: 'enabled', budget_tokens: budget } } : {}),
    prices: { ...settings.prices, ...options.prices },
    streamIdleTimeoutMs: idleMs,
  };
}
