import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ComposerInbox } from '../../../src/extension/agent/composerInbox';
import { composerImagesFrom, type SentImage } from '../../../src/extension/agent/composerImages';
import { parsePanelMessage } from '../../../src/shared/panelProtocol';
import { testAgentService } from '../../support/agentHost';
import { imagesIn, startFakeAnthropic, type FakeAnthropic } from '../../support/fakeAnthropic';
import { gifImage, pngImage } from '../../support/images';
import { mathsWorkspace } from '../../integration/agent/fixture';

const API_KEY = 'sk-ant-test-composer-images-91c2';
let fake: FakeAnthropic | undefined;
const made: string[] = [];

afterEach(async () => {
  await fake?.close();
  fake = undefined;
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const sent = (name: string, bytes: Buffer, mediaType = 'image/png'): SentImage => ({ name, mediaType, data: bytes.toString('base64') });

describe('images pasted in the composer, as the extension takes them', () => {
  it('checks them again on arrival and reads their format and size from the bytes', () => {
    const checked = composerImagesFrom([sent('shot.png', pngImage(30, 20)), sent('spinner.gif', gifImage(), 'image/gif')]);
    expect('images' in checked && checked.images.map(({ path, mediaType, width, height }) => ({ path, mediaType, width, height }))).toEqual([
      { path: 'shot.png', mediaType: 'image/png', width: 30, height: 20 },
      { path: 'spinner.gif', mediaType: 'image/gif', width: 1, height: 1 },
    ]);
  });

  it.each([
    ['a type the model does not read', sent('icon.bmp', Buffer.from('BM'), 'image/bmp'), 'icon.bmp is of type image/bmp; the model reads JPEG, PNG, GIF and WebP only.'],
    ['more than the API takes once encoded', sent('huge.png', pngImage(4, 4, { noiseBytes: 4 * 1024 * 1024 })), 'huge.png is 4.0 MB (5.3 MB once encoded); the model accepts images up to 5.0 MB encoded, about 3.8 MB of file. Compress or scale it down first.'],
    ['bytes that are no image', sent('notes.png', Buffer.from('just text')), 'notes.png is not an image the model can read (JPEG, PNG, GIF and WebP are).'],
    ['data that is not base64', { name: 'odd.png', mediaType: 'image/png', data: '<script>' }, 'odd.png could not be read: its data is not base64.'],
    ['an image too wide for the model', sent('strip.png', pngImage(9_000, 1)), 'strip.png is 9000×1 pixels; the model accepts images up to 8000×8000. Scale it down first.'],
  ])('refuses %s, naming the image', (_what, image, error) => {
    expect(composerImagesFrom([image])).toEqual({ error });
  });

  it('refuses more than 10 images in one message', () => {
    expect(composerImagesFrom(Array.from({ length: 11 }, (_, i) => sent(`g${i}.gif`, gifImage(), 'image/gif')))).toEqual({ error: '11 images are attached; a message can carry at most 10.' });
  });

  it('takes a sendMessage with images as the panel protocol describes it, and one without', () => {
    expect(parsePanelMessage({ type: 'sendMessage', text: 'look', images: [sent('a.png', pngImage(1, 1))] })).toMatchObject({ type: 'sendMessage', images: [{ name: 'a.png' }] });
    expect(parsePanelMessage({ type: 'sendMessage', text: 'look' })).toEqual({ type: 'sendMessage', text: 'look' });
  });

  it('sends a pasted image to the model with the message, as an image block before its text, in the conversation the run holds', async () => {
    fake = await startFakeAnthropic([{ content: [{ type: 'text', text: 'What should I look at?' }] }, { content: [{ type: 'text', text: 'A red rectangle.' }] }], { apiKey: API_KEY });
    const home = mkdtempSync(path.join(tmpdir(), 'sw-home-'));
    made.push(home);
    const workspace = mathsWorkspace();
    const agent = testAgentService({ home, env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url } });
    const prepared = await agent.prepare({ workspace });
    const shot = pngImage(30, 20);
    const checked = composerImagesFrom([sent('shot.png', shot)]);
    if (!('images' in checked)) throw new Error(checked.error);
    // The person answers the first time the agent waits, then ends the conversation.
    let asked = 0;
    const inbox: ComposerInbox = new ComposerInbox((waiting) => {
      if (!waiting) return;
      if (++asked === 1) queueMicrotask(() => inbox.post({ kind: 'message', text: 'What is in this screenshot?', images: checked.images }));
      else queueMicrotask(() => inbox.finish());
    });
    const events: Array<{ type: string; images?: unknown }> = [];
    try {
      const result = await agent.runPrompt(prepared, { prompt: 'Help me with the UI.', signal: new AbortController().signal, mode: 'interactive', userInput: inbox, onEvent: (e) => events.push(e) });
      expect(result).toMatchObject({ ok: true, output: 'A red rectangle.' });
    } finally {
      await prepared.release();
    }
    const [first, second] = fake.requests.filter((r) => r.path === '/v1/messages');
    expect(imagesIn(first!.body)).toEqual([]);
    expect(imagesIn(second!.body)).toEqual([{ location: 'messages.2.content.0', toolUseId: null, mediaType: 'image/png', bytes: shot }]);
    expect(JSON.stringify(second!.body!.messages[2]!.content)).toContain('What is in this screenshot?');
    expect(events.find((e) => e.type === 'user_message')).toMatchObject({ images: [{ path: 'shot.png', mediaType: 'image/png', width: 30, height: 20, bytes: shot.length }] });
  });
});
