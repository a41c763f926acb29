import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createModelProvider, type ModelProvider } from '../../../src/core/model';
import type { WorkflowEnvironment } from '../../../src/core/workflow';
import { startFakeAnthropic, type FakeAnthropic, type RecordedRequest, type Script, type ScriptedReply } from '../../support/fakeAnthropic';

export interface WorkflowHarness {
  fake: FakeAnthropic;
  provider: ModelProvider;
  workspace: string;
  /** What every workflow call needs, with an empty home so the developer's own steering stays out. */
  env: WorkflowEnvironment;
  /** The user prompt of every request the fake received, in order. */
  prompts(): string[];
  /** A file of the spec, or null when it does not exist. */
  specFile(name: string, file: string): string | null;
  close(): Promise<void>;
}

/** The real SDK against a fake Messages API that answers from `script`, in a fresh temp workspace. */
export async function startWorkflowHarness(script: Script): Promise<WorkflowHarness> {
  const fake = await startFakeAnthropic(script);
  const provider = createModelProvider({ apiKey: 'test-key', baseUrl: fake.url, env: {}, retry: { sleep: async () => {} } });
  const workspace = mkdtempSync(path.join(tmpdir(), 'specwright-workflow-'));
  const home = mkdtempSync(path.join(tmpdir(), 'specwright-home-'));
  return {
    fake,
    provider,
    workspace,
    env: { workspace, provider, signal: new AbortController().signal, steeringHome: home },
    prompts: () => fake.requests.map(promptOf),
    specFile: (name, file) => readOrNull(path.join(workspace, '.kiro', 'specs', name, file)),
    close: async () => {
      await fake.close();
      rmSync(workspace, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    },
  };
}

export function reply(text: string): ScriptedReply {
  return { content: [{ type: 'text', text }] };
}

/** The text of a request's user message, whether sent as a string or as content blocks. */
export function promptOf(request: RecordedRequest): string {
  const content = request.body?.messages[0]?.content;
  if (typeof content === 'string') return content;
  return (content ?? []).map((block) => (block.type === 'text' ? block.text : '')).join('');
}

export function systemOf(request: RecordedRequest): string {
  const system = request.body?.system;
  if (typeof system === 'string') return system;
  return (system ?? []).map((block) => block.text).join('');
}

export function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
