import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../../../src/core/activity';
import type { HostMessage } from '../../../src/shared/panelMessages';
import { gifImage, pngImage } from '../../support/images';
import { postedMessages, repoRoot, sendToPanel } from './panelHarness';
import { panelPages } from './panelPages';

const screenshots = path.join(repoRoot(), 'test-results', 'panel');
const RUN_ID = '20261204T170000Z-images';
const startedAt = '2026-12-04T17:00:00.000Z';
const run = { runId: RUN_ID, task: 'todo-cli · 3 Style the list', autonomy: 'balanced', model: 'claude-sonnet-4-5', mode: 'interactive' };
const state = { status: 'running' as const, tokens: 0, costUsd: 0, startedAt };
const started: ActivityEvent = { runId: RUN_ID, seq: 0, time: startedAt, type: 'run_started', workspace: '/home/dev/todo', model: 'claude-sonnet-4-5', autonomy: 'balanced', mode: 'interactive', tasks: [] };

const pages = panelPages({ screenshots });

async function openPanel(): Promise<Page> {
  const page = await pages.open({ height: 700 });
  await sendToPanel(page, { type: 'init', run, state, events: [started], hasOlder: false } satisfies HostMessage);
  await page.getByRole('banner').getByText('Running').waitFor();
  return page;
}

interface FileSpec {
  name: string;
  type: string;
  /** The bytes, base64 (built in Node: real PNG and GIF files). */
  data?: string;
  /** Or a file of this many zero bytes (a size check needs no real image). */
  size?: number;
}

const file = (name: string, bytes: Buffer, type = 'image/png'): FileSpec => ({ name, type, data: bytes.toString('base64') });

/** A real paste (a ClipboardEvent whose DataTransfer holds the files) on the message box. */
async function paste(page: Page, files: FileSpec[]): Promise<void> {
  await page.getByRole('combobox', { name: 'Message the agent' }).evaluate((box, specs) => {
    const transfer = new DataTransfer();
    for (const spec of specs) {
      const bytes = spec.data !== undefined ? Uint8Array.from(atob(spec.data), (c) => c.charCodeAt(0)) : new Uint8Array(spec.size ?? 0);
      transfer.items.add(new File([bytes], spec.name, { type: spec.type }));
    }
    box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, files);
}

/** A real drag and drop of the files onto the composer: dragover, then drop, with one DataTransfer. */
async function drop(page: Page, files: FileSpec[]): Promise<void> {
  await page.locator('form.sw-composer').evaluate((form, specs) => {
    const transfer = new DataTransfer();
    for (const spec of specs) transfer.items.add(new File([Uint8Array.from(atob(spec.data!), (c) => c.charCodeAt(0))], spec.name, { type: spec.type }));
    const over = new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true });
    form.dispatchEvent(over);
    if (!over.defaultPrevented) throw new Error('the composer does not accept the drag');
    form.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, files);
}

/** Hides and shows the panel again: a fresh page load with the state it saved, then the host's init. */
async function reshow(page: Page): Promise<void> {
  await page.reload();
  await page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === 'ready'));
  await sendToPanel(page, { type: 'init', run, state, events: [started], hasOlder: false } satisfies HostMessage);
  await page.getByRole('banner').getByText('Running').waitFor();
}

const attached = (page: Page) => page.getByRole('list', { name: 'Attached images' }).getByRole('img');
const sentMessages = async (page: Page) => (await postedMessages(page)).filter((m) => (m as { type: string }).type === 'sendMessage');

describe('images in the Agent Activity composer, in Chromium', () => {
  it('takes a pasted PNG: a thumbnail with a remove button, sent with the message as base64, and the composer empty after', async () => {
    const page = await openPanel();
    const shot = pngImage(64, 40, { rgb: [30, 120, 200] });
    await paste(page, [file('screenshot.png', shot)]);
    const thumb = attached(page).first();
    await thumb.waitFor();
    expect(await thumb.getAttribute('alt')).toBe('screenshot.png');
    // The thumbnail is the image itself, decoded by the browser.
    await expect(thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).resolves.toBe(64);
    await expect(page.getByRole('button', { name: 'Remove screenshot.png' }).isVisible()).resolves.toBe(true);
    await page.screenshot({ path: path.join(screenshots, 'composer-image.png') });

    const box = page.getByRole('combobox', { name: 'Message the agent' });
    await box.click();
    await page.keyboard.type('Why is the list cut off here?');
    await page.keyboard.press('Enter');
    expect(await sentMessages(page)).toEqual([{ type: 'sendMessage', text: 'Why is the list cut off here?', images: [{ name: 'screenshot.png', mediaType: 'image/png', data: shot.toString('base64') }] }]);
    await expect(attached(page).count()).resolves.toBe(0);
    await expect(box.inputValue()).resolves.toBe('');
  });

  it('takes dropped files, one removable at a time, and names two screenshots of the same name apart', async () => {
    const page = await openPanel();
    await drop(page, [file('spinner.gif', gifImage(), 'image/gif'), file('image.png', pngImage(2, 2))]);
    await paste(page, [file('image.png', pngImage(3, 3))]);
    await expect.poll(() => attached(page).evaluateAll((imgs) => imgs.map((img) => img.getAttribute('alt')))).toEqual(['spinner.gif', 'image.png', 'image (2).png']);
    await page.getByRole('button', { name: 'Remove spinner.gif' }).click();
    await expect(attached(page).count()).resolves.toBe(2);
    await page.getByRole('combobox', { name: 'Message the agent' }).fill('Compare these two.');
    await page.getByRole('button', { name: 'Send' }).click();
    const [message] = (await sentMessages(page)) as Array<{ images: Array<{ name: string; mediaType: string }> }>;
    expect(message!.images.map(({ name, mediaType }) => ({ name, mediaType }))).toEqual([
      { name: 'image.png', mediaType: 'image/png' },
      { name: 'image (2).png', mediaType: 'image/png' },
    ]);
  });

  it('refuses a file too large for the model, a type it does not read and an eleventh image, saying which and why in the composer', async () => {
    const page = await openPanel();
    await paste(page, [{ name: 'huge.png', type: 'image/png', size: 4 * 1024 * 1024 }, { name: 'scan.tiff', type: 'image/tiff', size: 1_000 }]);
    const alert = page.locator('.sw-composer').getByRole('alert');
    await alert.waitFor();
    await expect(alert.locator('p').allInnerTexts()).resolves.toEqual([
      'huge.png is 4.0 MB (5.3 MB once encoded); the model accepts images up to 5.0 MB encoded, about 3.8 MB of file. Compress or scale it down first.',
      'scan.tiff is of type image/tiff; the model reads JPEG, PNG, GIF and WebP only.',
    ]);
    await expect(attached(page).count()).resolves.toBe(0);

    await paste(page, Array.from({ length: 11 }, (_, i) => file(`frame${i + 1}.gif`, gifImage(), 'image/gif')));
    await expect.poll(() => attached(page).count()).toBe(10);
    await expect(alert.innerText()).resolves.toBe('frame11.gif was not attached: a message can carry at most 10 images.');
    await page.getByRole('combobox', { name: 'Message the agent' }).fill('All frames');
    await page.keyboard.press('Enter');
    const [message] = (await sentMessages(page)) as Array<{ images: unknown[] }>;
    expect(message!.images).toHaveLength(10);
  });

  it('shows why the host did not send a message, and puts the message and its images back', async () => {
    const page = await openPanel();
    await paste(page, [file('wide.png', pngImage(5, 5))]);
    await attached(page).first().waitFor();
    const box = page.getByRole('combobox', { name: 'Message the agent' });
    await box.fill('Look at this');
    await page.keyboard.press('Enter');
    await expect(attached(page).count()).resolves.toBe(0);
    await sendToPanel(page, { type: 'composerError', message: 'Not sent: the agent is running in autonomous mode and reads no messages; send the images once it has finished, or stop it.' } satisfies HostMessage);
    await expect(page.locator('.sw-composer').getByRole('alert').innerText()).resolves.toBe('Not sent: the agent is running in autonomous mode and reads no messages; send the images once it has finished, or stop it.');
    await expect(box.inputValue()).resolves.toBe('Look at this');
    await expect(attached(page).evaluateAll((imgs) => imgs.map((img) => img.getAttribute('alt')))).resolves.toEqual(['wide.png']);
  });

  it('keeps pasted images and the text typed beside them when hidden and shown again, and sends both', async () => {
    const page = await openPanel();
    const shot = pngImage(48, 30, { rgb: [200, 90, 20] });
    await paste(page, [file('screenshot.png', shot), file('spinner.gif', gifImage(), 'image/gif')]);
    await expect.poll(() => attached(page).count()).toBe(2);
    const box = page.getByRole('combobox', { name: 'Message the agent' });
    await box.click();
    // Typed just before the panel is put away: the save waiting for a pause goes out as the page goes.
    await page.keyboard.type('Why is the list cut off here?');

    await reshow(page);
    await expect(box.inputValue()).resolves.toBe('Why is the list cut off here?');
    await expect(attached(page).evaluateAll((imgs) => imgs.map((img) => img.getAttribute('alt')))).resolves.toEqual(['screenshot.png', 'spinner.gif']);
    // The thumbnail is the image itself again, decoded by the browser from the saved bytes.
    await expect.poll(() => attached(page).first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(48);

    await page.getByRole('button', { name: 'Remove spinner.gif' }).click();
    await reshow(page);
    await expect(attached(page).evaluateAll((imgs) => imgs.map((img) => img.getAttribute('alt')))).resolves.toEqual(['screenshot.png']);
    await box.click();
    await page.keyboard.press('Enter');
    expect(await sentMessages(page)).toEqual([{ type: 'sendMessage', text: 'Why is the list cut off here?', images: [{ name: 'screenshot.png', mediaType: 'image/png', data: shot.toString('base64') }] }]);

    // Sent is gone from the saved draft too.
    await reshow(page);
    await expect(box.inputValue()).resolves.toBe('');
    await expect(page.getByRole('list', { name: 'Attached images' }).count()).resolves.toBe(0);
  });

  it('loads an empty draft from a corrupt saved state, and one damaged image costs only itself', async () => {
    const page = await openPanel();
    const saved = { version: 1, filter: 'all', search: '', toggles: {}, anchor: null, draft: 'Look', draftImages: 'screenshot.png' };
    await page.evaluate((state) => sessionStorage.setItem('specwright.panel.state', JSON.stringify(state)), saved);
    await reshow(page);
    const box = page.getByRole('combobox', { name: 'Message the agent' });
    await expect(box.inputValue()).resolves.toBe('');
    await expect(page.getByRole('list', { name: 'Attached images' }).count()).resolves.toBe(0);

    const good = { name: 'good.png', mediaType: 'image/png', data: pngImage(6, 6).toString('base64') };
    const damaged = [{ name: 'broken.png', mediaType: 'image/png', data: '%%%' }, { name: 'scan.tiff', mediaType: 'image/tiff', data: good.data }, null];
    await page.evaluate((state) => sessionStorage.setItem('specwright.panel.state', JSON.stringify(state)), { ...saved, draftImages: [...damaged, good] });
    await reshow(page);
    await expect(box.inputValue()).resolves.toBe('Look');
    await expect(attached(page).evaluateAll((imgs) => imgs.map((img) => img.getAttribute('alt')))).resolves.toEqual(['good.png']);
  });

  it('names the images a chat’s messages carried in the log', async () => {
    const page = await openPanel();
    const note = (name: string) => ({ path: name, mediaType: 'image/png', bytes: 120, width: 40, height: 30 });
    const chat: ActivityEvent = { ...started, chat: { prompt: 'Why is this cut off?', images: [note('screenshot.png')] } };
    const reply: ActivityEvent = { runId: RUN_ID, seq: 1, time: startedAt, type: 'user_message', text: 'And here?', images: [note('image.png'), note('image (2).png')] };
    await sendToPanel(page, { type: 'init', run, state, events: [chat, reply], hasOlder: false } satisfies HostMessage);
    const log = page.getByRole('log');
    await log.getByText('Attached: screenshot.png').waitFor();
    await expect(log.getByText('Attached: image.png, image (2).png').isVisible()).resolves.toBe(true);
  });

  it('leaves a text paste to the text box', async () => {
    const page = await openPanel();
    const box = page.getByRole('combobox', { name: 'Message the agent' });
    const prevented = await box.evaluate((el) => {
      const transfer = new DataTransfer();
      transfer.setData('text/plain', 'plain words');
      const event = new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true });
      el.dispatchEvent(event);
      return event.defaultPrevented;
    });
    expect(prevented).toBe(false);
    await expect(page.getByRole('list', { name: 'Attached images' }).count()).resolves.toBe(0);
  });
});
