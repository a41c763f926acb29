import { createModelProvider, type ModelProvider, type ModelProviderOptions, type TurnRequest } from '../../../src/core/model';
import { startFakeAnthropic, type FakeAnthropic, type FakeAnthropicOptions, type Script } from '../../support/fakeAnthropic';

export const TEST_KEY = 'sk-ant-api03-provider-test-key-7f3a9c';

export interface Harness {
  fake: FakeAnthropic;
  provider: ModelProvider;
  /** Every backoff the provider asked to wait, in ms; the waits themselves are skipped. */
  delays: number[];
}

/** A provider wired to a fresh fake over real HTTP; backoff waits are recorded, not slept. */
export async function startHarness(script: Script, options: ModelProviderOptions = {}, fakeOptions: FakeAnthropicOptions = {}): Promise<Harness> {
  const fake = await startFakeAnthropic(script, { apiKey: TEST_KEY, ...fakeOptions });
  const delays: number[] = [];
  const provider = createModelProvider({
    apiKey: TEST_KEY,
    baseUrl: fake.url,
    env: {},
    ...options,
    retry: {
      sleep: async (ms) => {
        delays.push(ms);
      },
      ...options.retry,
    },
  });
  return { fake, provider, delays };
}

export function userTurn(text: string, overrides: Partial<TurnRequest> = {}): TurnRequest {
  return { system: [{ type: 'text', text: 'You are a careful coding agent.' }], tools: [], messages: [{ role: 'user', content: text }], ...overrides };
}

export function noSignal(): AbortSignal {
  return new AbortController().signal;
}

export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: Error) => error,
  );
}
