import { describe, expect, it } from 'vitest';
import { DEFAULT_BASE_URL, DEFAULT_MODEL, NO_API_KEY_MESSAGE, resolveModelConfig } from '../../../src/core/model';

describe('resolveModelConfig', () => {
  it('takes the key from the options before ANTHROPIC_API_KEY', () => {
    expect(resolveModelConfig({ apiKey: 'from-option', env: { ANTHROPIC_API_KEY: 'from-env' } }).apiKey).toBe('from-option');
    expect(resolveModelConfig({ env: { ANTHROPIC_API_KEY: 'from-env' } }).apiKey).toBe('from-env');
  });

  it('trims whitespace pasted around the key', () => {
    expect(resolveModelConfig({ env: { ANTHROPIC_API_KEY: ' key\n' } }).apiKey).toBe('key');
  });

  it('fails with no_api_key and says how to set one', () => {
    expect(() => resolveModelConfig({ env: { ANTHROPIC_API_KEY: '  ' } })).toThrow(expect.objectContaining({ code: 'no_api_key', message: NO_API_KEY_MESSAGE }));
  });

  it('takes the endpoint from the options, then ANTHROPIC_BASE_URL, then the public API', () => {
    expect(resolveModelConfig({ apiKey: 'k', baseUrl: 'http://proxy:8080/', env: { ANTHROPIC_BASE_URL: 'http://env' } }).baseUrl).toBe('http://proxy:8080');
    expect(resolveModelConfig({ apiKey: 'k', env: { ANTHROPIC_BASE_URL: 'http://env' } }).baseUrl).toBe('http://env');
    expect(resolveModelConfig({ apiKey: 'k', env: {} }).baseUrl).toBe(DEFAULT_BASE_URL);
  });

  it('rejects an endpoint that is not an http(s) URL', () => {
    expect(() => resolveModelConfig({ apiKey: 'k', baseUrl: 'api.anthropic.com', env: {} })).toThrow(expect.objectContaining({ code: 'invalid_config' }));
    expect(() => resolveModelConfig({ apiKey: 'k', baseUrl: 'ftp://x', env: {} })).toThrow(/https:\/\//);
  });

  it('picks the model from --model, then SPECWRIGHT_MODEL, then model.name in the settings, then the default', () => {
    const env = { SPECWRIGHT_MODEL: 'env-model' };
    const settings = { name: 'settings-model' };
    expect(resolveModelConfig({ apiKey: 'k', model: 'cli-model', settings, env }).model).toBe('cli-model');
    expect(resolveModelConfig({ apiKey: 'k', settings, env }).model).toBe('env-model');
    expect(resolveModelConfig({ apiKey: 'k', settings, env: {} }).model).toBe('settings-model');
    expect(resolveModelConfig({ apiKey: 'k', env: {} }).model).toBe(DEFAULT_MODEL);
  });

  it('falls back to the settings for the endpoint and output limit', () => {
    const settings = { baseUrl: 'http://settings-proxy', maxTokens: 8000 };
    expect(resolveModelConfig({ apiKey: 'k', settings, env: { ANTHROPIC_BASE_URL: 'http://env' } }).baseUrl).toBe('http://env');
    expect(resolveModelConfig({ apiKey: 'k', settings, env: {} })).toMatchObject({ baseUrl: 'http://settings-proxy', maxTokens: 8000 });
    expect(resolveModelConfig({ apiKey: 'k', maxTokens: 100, settings, env: {} }).maxTokens).toBe(100);
  });

  it('merges option prices over settings prices', () => {
    const settings = { prices: { a: { inputPerMTok: 1, outputPerMTok: 1 }, b: { inputPerMTok: 2, outputPerMTok: 2 } } };
    const prices = resolveModelConfig({ apiKey: 'k', settings, prices: { b: { inputPerMTok: 3, outputPerMTok: 3 } }, env: {} }).prices;
    expect(prices).toEqual({ a: { inputPerMTok: 1, outputPerMTok: 1 }, b: { inputPerMTok: 3, outputPerMTok: 3 } });
  });

  it('turns a thinking budget into manual extended thinking', () => {
    expect(resolveModelConfig({ apiKey: 'k', env: {}, thinkingBudget: 2048 }).thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
    expect(resolveModelConfig({ apiKey: 'k', env: {} }).thinking).toBeUndefined();
  });

  it('treats a thinking budget of 0 as no manual thinking', () => {
    expect(resolveModelConfig({ apiKey: 'k', env: {}, settings: { thinkingBudget: 0 } }).thinking).toBeUndefined();
  });

  it('rejects a thinking budget below 1024 or not below maxTokens', () => {
    expect(() => resolveModelConfig({ apiKey: 'k', env: {}, thinkingBudget: 500 })).toThrow(/thinkingBudget/);
    expect(() => resolveModelConfig({ apiKey: 'k', env: {}, maxTokens: 4000, thinkingBudget: 4000 })).toThrow(/thinkingBudget/);
  });
});
