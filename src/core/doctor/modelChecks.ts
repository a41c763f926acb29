import Anthropic from '@anthropic-ai/sdk';
import { ModelError, redactSecrets, resolveModelConfig, type ResolvedModelConfig } from '../model';
import type { DoctorCheck, DoctorContext } from './checks';

/** What one cheap request (GET /v1/models, free of charge) told about the endpoint and the key. */
type Probe =
  | { kind: 'no-key'; message: string }
  | { kind: 'bad-config'; message: string }
  | { kind: 'offline'; config: ResolvedModelConfig }
  | { kind: 'answered'; config: ResolvedModelConfig; models: string[] | null }
  | { kind: 'rejected'; config: ResolvedModelConfig; status: number; message: string }
  | { kind: 'unreachable'; config: ResolvedModelConfig; message: string };

const PROBE_TIMEOUT_MS = 10_000;
/** Enough to find the configured model on any real list; a longer list is not read to the end. */
const MAX_MODELS_READ = 500;

const probes = new WeakMap<DoctorContext, Promise<Probe>>();

/** The key and the endpoint checks share one request per doctor run. */
function probe(ctx: DoctorContext): Promise<Probe> {
  let pending = probes.get(ctx);
  if (!pending) {
    pending = runProbe(ctx);
    probes.set(ctx, pending);
  }
  return pending;
}

async function runProbe(ctx: DoctorContext): Promise<Probe> {
  let config: ResolvedModelConfig;
  try {
    config = resolveModelConfig({ ...ctx.model, env: ctx.env });
  } catch (error) {
    if (error instanceof ModelError && error.code === 'no_api_key') return { kind: 'no-key', message: error.message };
    return { kind: 'bad-config', message: error instanceof Error ? error.message : String(error) };
  }
  if (ctx.offline) return { kind: 'offline', config };
  const client = new Anthropic({ apiKey: config.apiKey, baseURL: config.baseUrl, maxRetries: 0, timeout: PROBE_TIMEOUT_MS, logLevel: 'off' });
  try {
    const models: string[] = [];
    let complete = false;
    for await (const model of client.models.list({ limit: 100 })) {
      models.push(model.id);
      if (models.length >= MAX_MODELS_READ) break;
    }
    complete = models.length < MAX_MODELS_READ;
    return { kind: 'answered', config, models: complete ? models : null };
  } catch (error) {
    if (error instanceof Anthropic.APIError && error.status !== undefined) {
      // An Anthropic-compatible endpoint may not list models: it answered, so it is reachable.
      if (error.status === 404) return { kind: 'answered', config, models: null };
      return { kind: 'rejected', config, status: error.status, message: redactSecrets(error.message, config.apiKey) };
    }
    return { kind: 'unreachable', config, message: redactSecrets(error instanceof Error ? error.message : String(error), config.apiKey) };
  }
}

export const apiKeyCheck: DoctorCheck = {
  id: 'api-key',
  title: 'API key',
  async run(ctx) {
    const result = await probe(ctx);
    switch (result.kind) {
      case 'no-key':
        return { status: 'problem', detail: 'no Anthropic API key is set', fix: 'set an API key', remedy: { kind: 'setApiKey' } };
      case 'bad-config':
        return { status: 'not checked', detail: `not checked: ${result.message}` };
      case 'offline':
        return { status: 'not checked', detail: `present (${maskKey(result.config.apiKey)}); not checked against the endpoint (offline)` };
      case 'answered':
        return { status: 'ok', detail: `${maskKey(result.config.apiKey)} accepted by ${result.config.baseUrl}` };
      case 'rejected':
        return result.status === 401 || result.status === 403
          ? { status: 'problem', detail: `${maskKey(result.config.apiKey)} was refused by ${result.config.baseUrl} (${result.status}): ${result.message}`, fix: 'check the key (a new one can be made in the Anthropic Console) and set it again', remedy: { kind: 'setApiKey' } }
          : { status: 'not checked', detail: `not checked: ${result.config.baseUrl} answered ${result.status}: ${result.message}` };
      case 'unreachable':
        return { status: 'not checked', detail: `present (${maskKey(result.config.apiKey)}); not checked: the endpoint did not answer` };
    }
  },
};

export const endpointCheck: DoctorCheck = {
  id: 'endpoint',
  title: 'Model endpoint',
  async run(ctx) {
    const result = await probe(ctx);
    switch (result.kind) {
      case 'no-key':
        return { status: 'not checked', detail: 'not checked: it needs an API key' };
      case 'bad-config':
        return { status: 'problem', detail: result.message, fix: 'correct the base URL' };
      case 'offline':
        return { status: 'not checked', detail: `${result.config.baseUrl}, model ${result.config.model}; not checked (offline)` };
      case 'unreachable':
        return { status: 'problem', detail: `${result.config.baseUrl} did not answer: ${result.message}`, fix: 'check the network, a proxy, or the base URL (ANTHROPIC_BASE_URL or model.baseUrl)' };
      case 'rejected':
        return { status: 'ok', detail: `${result.config.baseUrl} answers (${result.status}); model ${result.config.model}` };
      case 'answered': {
        const { config, models } = result;
        if (models && models.length > 0 && !models.includes(config.model)) {
          const offered = models.slice(0, 5).join(', ');
          return { status: 'problem', detail: `${config.baseUrl} answers, but does not offer the model ${config.model}`, fix: `choose one it offers (${offered}${models.length > 5 ? ', …' : ''}) with SPECWRIGHT_MODEL or model.name` };
        }
        return { status: 'ok', detail: `${config.baseUrl} answers; model ${config.model}${models ? ' offered' : ''}` };
      }
    }
  },
};

/** Enough of a key to tell two apart, never enough to use it. */
export function maskKey(key: string): string {
  return key.length <= 12 ? '…' : `${key.slice(0, 7)}…${key.slice(-4)}`;
}
