import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createModelProvider, type ModelProviderOptions } from '../../../src/core/model';
import { startFakeAnthropic, type FakeAnthropic, type ScriptedTurn } from '../../support/fakeAnthropic';
import { noSignal, rejectionOf, userTurn } from './providerHarness';

/** Distinctive, so any leak is found verbatim. */
const SECRET_KEY = 'sk-ant-api03-LEAKCANARY-9f8e7d6c5b4a-do-not-print';

let fake: FakeAnthropic | undefined;
afterEach(() => fake?.close());

function expectNoKey(error: Error) {
  for (const text of [error.message, error.stack ?? '', JSON.stringify(error), inspect(error, { depth: 10 })]) {
    expect(text).not.toContain(SECRET_KEY);
    expect(text).not.toContain('LEAKCANARY');
  }
}

async function failTurn(script: ScriptedTurn[], options: ModelProviderOptions = {}, fakeKey = SECRET_KEY): Promise<Error> {
  fake = await startFakeAnthropic(script, { apiKey: fakeKey });
  const provider = createModelProvider({ apiKey: SECRET_KEY, baseUrl: fake.url, env: {}, retry: { maxAttempts: 2, sleep: async () => {} }, ...options });
  return rejectionOf(provider.createTurn(userTurn('Go'), { signal: noSignal() }));
}

/** A proxy that echoes the key it was given back in its error message. */
const echoing = (status: number): ScriptedTurn => ({ fault: 'status', status, message: `bad credentials: ${SECRET_KEY}` });

describe('the API key never appears in an error', () => {
  it('when the key is rejected (401), even if the server echoes it', async () => {
    const error = await failTurn([echoing(401)]);
    expect(error).toMatchObject({ code: 'auth_failed' });
    expectNoKey(error);
  });

  it('when the server refuses a different key', async () => {
    const error = await failTurn([{ content: [] }], {}, 'sk-ant-expected-other-key');
    expect(error).toMatchObject({ code: 'auth_failed' });
    expectNoKey(error);
  });

  it('when the model is unknown (404)', async () => {
    const error = await failTurn([{ fault: 'status', status: 404, message: `model: claude-nope (key ${SECRET_KEY})` }]);
    expect(error).toMatchObject({ code: 'model_not_found' });
    expectNoKey(error);
  });

  it('when the request is rejected (400) with the key in the message', async () => {
    const error = await failTurn([echoing(400)]);
    expect(error).toMatchObject({ code: 'request_rejected' });
    expectNoKey(error);
  });

  it('when the API stays overloaded after all retries', async () => {
    const error = await failTurn([echoing(529), echoing(529)]);
    expect(error).toMatchObject({ code: 'overloaded' });
    expectNoKey(error);
  });

  it('when the stream keeps breaking', async () => {
    const error = await failTurn([{ fault: 'cutInToolInput' }, { fault: 'cutInToolInput' }]);
    expect(error).toMatchObject({ code: 'stream_interrupted' });
    expectNoKey(error);
  });

  it('when the endpoint is unreachable', async () => {
    const closed = await startFakeAnthropic([]);
    await closed.close();
    const provider = createModelProvider({ apiKey: SECRET_KEY, baseUrl: closed.url, env: {}, retry: { maxAttempts: 1 } });
    const error = await rejectionOf(provider.createTurn(userTurn('Go'), { signal: noSignal() }));
    expect(error).toMatchObject({ code: 'endpoint_unreachable' });
    expectNoKey(error);
  });

  it('when the turn is cancelled', async () => {
    fake = await startFakeAnthropic([{ fault: 'hang' }], { apiKey: SECRET_KEY });
    const provider = createModelProvider({ apiKey: SECRET_KEY, baseUrl: fake.url, env: {} });
    const error = await rejectionOf(provider.createTurn(userTurn('Go'), { signal: AbortSignal.timeout(50) }));
    expect(error).toMatchObject({ code: 'aborted' });
    expectNoKey(error);
  });

  it('when the configuration is invalid', () => {
    let error: Error | undefined;
    try {
      createModelProvider({ apiKey: SECRET_KEY, baseUrl: 'not a url', env: {} });
    } catch (e) {
      error = e as Error;
    }
    expect(error).toMatchObject({ code: 'invalid_config' });
    expectNoKey(error!);
  });
});
