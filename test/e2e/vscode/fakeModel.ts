import { onTestFinished } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic, type RecordedRequest, type Script, type ScriptedTurn } from '../../support/fakeAnthropic';

/** The key the tests give the extension host; the fake refuses any other. */
export const API_KEY = 'sk-ant-e2e-fake-key';

/**
 * The fake Messages API for one test, closed when the test ends. `env` is what the extension host
 * needs to talk to it (code-server passes its environment on).
 */
export async function startFakeModel(script: Script): Promise<{ fake: FakeAnthropic; env: Record<string, string> }> {
  const fake = await startFakeAnthropic(script, { apiKey: API_KEY });
  onTestFinished(() => fake.close());
  return { fake, env: { ANTHROPIC_BASE_URL: fake.url, ANTHROPIC_API_KEY: API_KEY } };
}

/** Model turns the agent tests script. */
export const write = (file: string, text: string): ScriptedTurn => ({ content: [{ type: 'tool_use', name: 'fs_write', input: { command: 'create', path: file, file_text: text } }] });
export const bash = (command: string): ScriptedTurn => ({ content: [{ type: 'tool_use', name: 'execute_bash', input: { command, summary: 'run a command' } }] });
export const say = (text: string): ScriptedTurn => ({ content: [{ type: 'text', text }] });

/** Requests to the Messages API (the fake also answers GET /v1/models). */
export const messageRequests = (fake: FakeAnthropic): RecordedRequest[] => fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/messages');

type Message = NonNullable<RecordedRequest['body']>['messages'][number];

/** The text of a message, sent as a string or as content blocks. */
export function textOf(message: Message | undefined): string {
  const content = message?.content;
  if (typeof content === 'string') return content;
  return (content ?? []).map((block) => (block.type === 'text' ? block.text : '')).join('');
}

/** The text of a request's first user message. */
export const promptOf = (request: RecordedRequest): string => textOf(request.body?.messages[0]);
