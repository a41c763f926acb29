import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/cli';
import { imagesIn, startFakeAnthropic, type FakeAnthropic, type RecordedRequest, type ScriptedTurn } from '../../support/fakeAnthropic';
import { gifImage, pngImage } from '../../support/images';
import { mathsWorkspace } from './fixture';

const API_KEY = 'sk-ant-test-chat-images-7d40';
let fake: FakeAnthropic | undefined;
const made: string[] = [];

afterEach(async () => {
  await fake?.close();
  fake = undefined;
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const say = (text: string): ScriptedTurn => ({ content: [{ type: 'text', text }] });
/** The last user message's blocks as sent, without the prompt-caching marks the model layer adds. */
const lastUserContent = (request: RecordedRequest) => {
  const content = request.body!.messages.filter((m) => m.role === 'user').at(-1)!.content;
  return typeof content === 'string' ? [{ type: 'text', text: content }] : content.map((block) => {
    const { cache_control: _cache, ...rest } = block as typeof block & { cache_control?: unknown };
    return rest;
  });
};

/** A BMP header: a real image format, but not one the model reads. */
function bmpImage(): Buffer {
  const bmp = Buffer.alloc(64);
  bmp.write('BM', 0, 'latin1');
  bmp.writeUInt32LE(64, 2);
  bmp.writeUInt32LE(54, 10);
  bmp.writeUInt32LE(40, 14);
  bmp.writeInt32LE(4, 18);
  bmp.writeInt32LE(4, 22);
  return bmp;
}

/** `specwright chat …` in-process in a fresh maths workspace with `files` added; stdin a terminal when given. */
async function chat(args: string[], files: Record<string, Buffer | string>, options: { stdin?: PassThrough & { isTTY?: boolean }; onStderr?: (text: string) => void; answers?: number } = {}) {
  await fake?.close();
  fake = await startFakeAnthropic((_request, index) => say(`ANSWER-${index + 1}`), { apiKey: API_KEY });
  const home = mkdtempSync(path.join(tmpdir(), 'sw-home-'));
  made.push(home);
  const ws = mathsWorkspace();
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(ws, name)), { recursive: true });
    writeFileSync(path.join(ws, name), content);
  }
  let stdout = '';
  let stderr = '';
  const code = await runCli(['--workspace', ws, 'chat', ...args], {
    stdout: (t) => (stdout += t),
    stderr: (t) => {
      stderr += t;
      options.onStderr?.(t);
    },
    isTTY: false,
    ...(options.stdin ? { stdin: options.stdin } : {}),
    env: { PATH: process.env.PATH, HOME: home, ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url },
    signal: new AbortController().signal,
  });
  return { code, stdout, stderr, ws, home, requests: fake.requests.filter((r) => r.path === '/v1/messages') };
}

describe('specwright chat attaches the images a prompt names', () => {
  it('sends a named image file to the model as an image block of the user message, before the text, and logs what it attached', async () => {
    const shot = pngImage(40, 30);
    const result = await chat(['what is wrong in ./shots/login.png?'], { 'shots/login.png': shot });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [request] = result.requests;
    expect(imagesIn(request!.body)).toEqual([{ location: 'messages.0.content.0', toolUseId: null, mediaType: 'image/png', bytes: shot }]);
    expect(lastUserContent(request!)).toEqual([
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: shot.toString('base64') } },
      { type: 'text', text: 'what is wrong in ./shots/login.png?' },
    ]);
    expect(result.stdout).toContain(`Attached: shots/login.png (PNG 40×30, ${shot.length} bytes)`);
    // The log keeps what was attached, never the bytes.
    const runsDir = path.join(result.ws, '.kiro/.specwright/runs');
    const log = readFileSync(path.join(runsDir, readdirSync(runsDir).find((f) => f.endsWith('.jsonl'))!), 'utf8');
    const started = JSON.parse(log.split('\n')[0]!) as { chat: { images: unknown[] } };
    expect(started.chat.images).toEqual([{ path: 'shots/login.png', mediaType: 'image/png', bytes: shot.length, width: 40, height: 30 }]);
    expect(log).not.toContain(shot.toString('base64'));
    // runs show says what the chat's first message carried.
    let shown = '';
    await runCli(['--workspace', result.ws, 'runs', 'show'], { stdout: (t) => (shown += t), stderr: () => undefined, isTTY: false, env: { PATH: process.env.PATH, HOME: result.home }, signal: new AbortController().signal });
    expect(shown).toContain('Chat: what is wrong in ./shots/login.png? Attached: shots/login.png.');
  });

  it('attaches bare, quoted and several names alike, and leaves other paths and names of files not there as text', async () => {
    const result = await chat(['compare a.gif with "my shot.png", see notes.md; the new logo will be logo-v2.png'], { 'a.gif': gifImage(), 'my shot.png': pngImage(2, 2), 'notes.md': '# notes\n' });
    expect(result.code).toBe(0);
    expect(imagesIn(result.requests[0]!.body).map((i) => i.mediaType)).toEqual(['image/gif', 'image/png']);
    const plain = await chat(['describe notes.md and draw logo-v2.png'], { 'notes.md': '# notes\n' });
    expect(plain.code).toBe(0);
    expect(lastUserContent(plain.requests[0]!)).toEqual([{ type: 'text', text: 'describe notes.md and draw logo-v2.png' }]);
  });

  it('attaches what the prompt names, never what piped input mentions', async () => {
    const stdin = new PassThrough();
    stdin.end('+++ b/./assets/gone.png\nsee ./piped.png and /usr/share/pixmaps/debian-logo.png\n');
    const result = await chat(['Review this with ./typed.png:'], { 'typed.png': pngImage(2, 2), 'piped.png': pngImage(3, 3) }, { stdin });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(imagesIn(result.requests[0]!.body).map((i) => i.bytes)).toEqual([pngImage(2, 2)]);
  });

  it.each([
    ['a missing file written as a path', 'look at ./shots/gone.png', {}, './shots/gone.png does not exist, so it cannot be attached'],
    ['a file over 10 MB', 'look at big.png', { 'big.png': pngImage(8, 8, { noiseBytes: 11 * 1024 * 1024 }) }, 'big.png is 11.0 MB; images can be at most 10.0 MB.'],
    ['a file that is no image', 'look at fake.png', { 'fake.png': 'just text\n' }, 'fake.png is not an image the model can read (JPEG, PNG, GIF and WebP are).'],
    ['a format the model does not read', 'look at icon.webp', { 'icon.webp': bmpImage() }, 'icon.webp is a BMP image; the model reads JPEG, PNG, GIF and WebP only.'],
  ])('refuses %s with an error naming it, before anything is sent', async (_what, prompt, files, message) => {
    const result = await chat([prompt], files);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`specwright: ${message}`);
    expect(result.requests).toEqual([]);
  });

  it('refuses an image outside the workspace as the agent’s read of it is refused', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'sw-outside-'));
    made.push(outside);
    writeFileSync(path.join(outside, 'leak.png'), pngImage(2, 2));
    const result = await chat([`look at ${path.join(outside, 'leak.png')}`], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/leak\.png was not attached: reading .*leak\.png .* is outside the workspace; the agent never reads outside the workspace/);
    expect(result.requests).toEqual([]);
  });

  it('asks before a secrets file is attached: with nobody to ask it is not sent', async () => {
    const result = await chat(['look at secret.png'], { 'secret.png': pngImage(2, 2) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('secret.png was not attached: reading secret.png needs your approval: it is a secrets file, and what the agent reads is sent to the model; no terminal to ask on');
    expect(result.requests).toEqual([]);
  });

  it('attaches a secrets file once the person says yes on the terminal, and not when they say no', async () => {
    const answered = async (answer: string) => {
      // The answer waits in the terminal's input for the question (a prompt given: no conversation).
      const stdin = Object.assign(new PassThrough(), { isTTY: true });
      stdin.write(`${answer}\n`);
      return chat(['look at secret.png'], { 'secret.png': pngImage(3, 3) }, { stdin });
    };
    const yes = await answered('y');
    expect(yes.code).toBe(0);
    expect(imagesIn(yes.requests[0]!.body).map((i) => i.mediaType)).toEqual(['image/png']);
    const no = await answered('n');
    expect(no.code).toBe(2);
    expect(no.stderr).toContain('secret.png was not attached: reading secret.png needs your approval: it is a secrets file, and what the agent reads is sent to the model; you said no.');
    expect(no.requests).toEqual([]);
  });

  it('in a conversation, attaches the images a later message names; a message whose image cannot go is not sent, and the person is asked again', async () => {
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    const shot = pngImage(6, 6);
    const typed = ['Hello', 'now look at ./gone.png', 'now look at ./ui.png', ''];
    let next = 0;
    const result = await chat([], { 'ui.png': shot }, {
      stdin,
      onStderr: (text) => {
        if (text.includes('you (empty line to finish)>') && next < typed.length) setTimeout(() => stdin.write(`${typed[next++]}\n`), 10);
      },
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('specwright: ./gone.png does not exist, so it cannot be attached. To mention the name without attaching it, write it without the leading path (gone.png). The message was not sent.');
    expect(result.requests).toHaveLength(2);
    expect(imagesIn(result.requests[0]!.body)).toEqual([]);
    const second = result.requests[1]!;
    expect(lastUserContent(second)).toEqual([
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: shot.toString('base64') } },
      { type: 'text', text: 'now look at ./ui.png' },
    ]);
    expect(JSON.stringify(second.body!.messages)).not.toContain('gone.png');
    expect(result.stdout).toContain(`Attached: ui.png (PNG 6×6, ${shot.length} bytes)`);
  });
});
