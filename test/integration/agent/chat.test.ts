import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/cli';
import { startFakeAnthropic, type FakeAnthropic, type RecordedRequest, type ScriptedTurn } from '../../support/fakeAnthropic';
import { mathsWorkspace } from './fixture';

const API_KEY = 'sk-ant-test-chat-2e71';
let fake: FakeAnthropic | undefined;
const made: string[] = [];

afterEach(async () => {
  await fake?.close();
  fake = undefined;
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const say = (text: string): ScriptedTurn => ({ content: [{ type: 'text', text }] });
const EXPLAINER = '---\ndescription: Explains code\nmodel: claude-haiku-4.5\ntools: [read]\n---\nYou are EXPLAINER-PROMPT.\n';
const userTexts = (request: RecordedRequest) =>
  request.body!.messages.filter((m) => m.role === 'user').map((m) => (typeof m.content === 'string' ? m.content : m.content.map((b) => (b.type === 'text' ? b.text : '')).join('')));

/** `specwright chat …` in-process, with stdin a stream the test feeds (a terminal when `tty`). */
async function chat(args: string[], script: ScriptedTurn[] | ((request: RecordedRequest, index: number) => ScriptedTurn), stdin?: PassThrough & { isTTY?: boolean }, onStderr?: (text: string) => void) {
  fake = await startFakeAnthropic(script, { apiKey: API_KEY });
  const home = mkdtempSync(path.join(tmpdir(), 'sw-home-'));
  made.push(home);
  const ws = mathsWorkspace({ '.kiro/agents/explainer.md': EXPLAINER });
  let stdout = '';
  let stderr = '';
  const code = await runCli(['--workspace', ws, 'chat', ...args], {
    stdout: (t) => (stdout += t),
    stderr: (t) => {
      stderr += t;
      onStderr?.(t);
    },
    isTTY: false,
    ...(stdin ? { stdin } : {}),
    env: { PATH: process.env.PATH, HOME: home, ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url },
    signal: new AbortController().signal,
  });
  return { code, stdout, stderr, ws, home, requests: fake.requests.filter((r) => r.path === '/v1/messages') };
}

describe('specwright chat', () => {
  it('answers one prompt as a custom agent and exits: its model, its prompt, its tools', async () => {
    const result = await chat(['--agent', 'explainer', '--trust', 'What does sum do?'], [say('It adds two numbers.')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('It adds two numbers.');
    const [request] = result.requests;
    expect(request!.body!.model).toBe('claude-haiku-4-5');
    expect(JSON.stringify(request!.body!.system)).toContain('EXPLAINER-PROMPT');
    expect(request!.body!.tools!.map((t) => (t as { name: string }).name)).toEqual(['fs_read']);
    expect(userTexts(request!)[0]).toBe('What does sum do?');
  });

  it('is logged as a run: runs list and runs show find it, and a resume does not take it for a run of tasks', async () => {
    const result = await chat(['--agent', 'explainer', '--trust', 'What does sum do?'], [say('It adds two numbers.')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Specwright · chat · agent explainer · claude-haiku-4-5/);
    const runId = /Chat log: \S+ \(specwright runs show (\S+)\)/.exec(result.stdout)![1]!;
    const cli = async (...args: string[]) => {
      let stdout = '';
      let stderr = '';
      const code = await runCli(['--workspace', result.ws, ...args], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false, env: { PATH: process.env.PATH, HOME: result.home }, signal: new AbortController().signal });
      return { code, stdout, stderr };
    };
    const listed = JSON.parse((await cli('runs', 'list', '--json')).stdout) as { runs: Array<{ runId: string; kind: string; outcome: string }> };
    expect(listed.runs).toEqual([expect.objectContaining({ runId, kind: 'chat', outcome: 'completed' })]);
    const shown = await cli('runs', 'show', runId);
    expect(shown.stdout).toContain(`${runId} (chat, completed)`);
    expect(shown.stdout).toContain('Chat: What does sum do?');
    expect(shown.stdout).toContain('It adds two numbers.');
    const resumed = await cli('run', 'maths', '--resume');
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toContain('no earlier run of maths to resume');
  });

  it('takes piped input as the prompt, after the one given; the default agent may delegate', async () => {
    const stdin = new PassThrough();
    stdin.end('function sum(a, b) { return a - b; }\n');
    const result = await chat(['--json', 'Find the bug in:'], [say('It subtracts.')], stdin);
    expect(result.code).toBe(0);
    expect(userTexts(result.requests[0]!)[0]).toBe('Find the bug in:\n\nfunction sum(a, b) { return a - b; }');
    expect(result.requests[0]!.body!.tools!.map((t) => (t as { name: string }).name)).toContain('use_subagent');
    const events = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; text?: string });
    expect(events.find((e) => e.type === 'assistant_text')?.text).toBe('It subtracts.');
  });

  it('holds a conversation on a terminal: each typed line is the next message, an empty line ends it', async () => {
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    const typed = ['What is in src?', 'And in test?', ''];
    let next = 0;
    // Each line is typed once the terminal asks for it.
    const result = await chat(['--agent', 'explainer', '--trust'], (_request, index) => say(index === 0 ? 'Only sum.js.' : 'One test.'), stdin, (text) => {
      if (text.includes('you (empty line to finish)>') && next < typed.length) setTimeout(() => stdin.write(`${typed[next++]}\n`), 10);
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Chatting with agent explainer');
    expect(result.requests).toHaveLength(2);
    expect(userTexts(result.requests[1]!)).toEqual(['What is in src?', 'And in test?']);
    expect(result.stdout).toContain('Only sum.js.');
    expect(result.stdout).toContain('One test.');
  });

  it('/compact FOCUS in a conversation summarises it at once with the focus given to the summariser, says the sizes, and the next message goes on from the summary', async () => {
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    // Long answers: a summary of them is smaller than they are.
    const typed = ['/compact', 'Where is sum?', 'What does it return?', 'Which tests cover it?', '/compact   the return value of sum ', 'Anything else?', ''];
    let next = 0;
    const isSummary = (request: RecordedRequest) => JSON.stringify(request.body?.system ?? '').includes('You compress the working history');
    let answers = 0;
    const result = await chat(
      ['--json'],
      (request) => (isSummary(request) ? say('SUMMARY-CHAT: sum lives in src/sum.js.') : say(`ANSWER-${++answers}: ${'sum adds its two arguments and returns the total. '.repeat(60)}`)),
      stdin,
      (text) => {
        if (text.includes('you (empty line to finish)>') && next < typed.length) setTimeout(() => stdin.write(`${typed[next++]}\n`), 10);
      },
    );
    expect(result.code).toBe(0);
    // Before the first message there is nothing to compact: said, and the first message is asked for again.
    expect(result.stderr).toContain('Nothing to compact yet: the conversation has not started.');
    const summaries = result.requests.filter(isSummary);
    expect(summaries).toHaveLength(1);
    // Asked after the third answer: the first answer and the second question are summarised, the last two exchanges kept.
    const order = result.requests.map((r) => (isSummary(r) ? 'summary' : 'turn'));
    expect(order).toEqual(['turn', 'turn', 'turn', 'summary', 'turn']);
    expect(summaries[0]!.rawBody).toContain('keep in particular: the return value of sum');
    expect(summaries[0]!.rawBody).toContain('ANSWER-1');
    const after = result.requests.at(-1)!;
    expect(after.rawBody).toContain('SUMMARY-CHAT');
    expect(after.rawBody).not.toContain('ANSWER-1');
    // The first message (the conversation's task) and the last two exchanges stay as they were.
    expect(userTexts(after)[0]).toContain('Where is sum?');
    expect(userTexts(after).slice(1)).toEqual(['Which tests cover it?', 'Anything else?']);
    const events = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; reason?: string; tokensBefore?: number; tokensAfter?: number; summarizedMessages?: number; focus?: string });
    const compacted = events.filter((e) => e.type === 'context_compacted');
    expect(compacted).toEqual([expect.objectContaining({ reason: 'manual', summarizedMessages: 2, focus: 'the return value of sum' })]);
    expect(compacted[0]!.tokensAfter).toBeGreaterThan(0);
    expect(compacted[0]!.tokensBefore).toBeGreaterThan(compacted[0]!.tokensAfter!);
    // Typed /compact is never sent to the model as a message.
    expect(result.requests.some((r) => r.rawBody?.includes('/compact'))).toBe(false);
  });

  it('prints what /compact did on a terminal: the sizes before and after, and the focus kept', async () => {
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    const typed = ['One?', 'Two?', 'Three?', '/compact the tests', ''];
    let next = 0;
    const result = await chat(
      [],
      (request) => say(JSON.stringify(request.body?.system ?? '').includes('You compress the working history') ? 'SUMMARY' : 'An answer.'),
      stdin,
      (text) => {
        if (text.includes('you (empty line to finish)>') && next < typed.length) setTimeout(() => stdin.write(`${typed[next++]}\n`), 10);
      },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Compacted the conversation on request: ~[\d.]+k? → ~[\d.]+k? tokens \(2 messages summarised\); the summary keeps in particular: the tests/);
  });

  it('says what it needs without a prompt, a terminal or piped input, and names the agents when one is missing', async () => {
    const empty = new PassThrough();
    empty.end('');
    const none = await chat([], [say('never')], empty);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('chat needs a prompt');
    const missing = await chat(['--agent', 'nobody', '--trust', 'hi'], [say('never')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no agent "nobody". Agents: explainer.');
    expect(missing.requests).toHaveLength(0);
  });
});
