import type { FrameLocator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { imagesIn } from '../../support/fakeAnthropic';
import { pngImage } from '../../support/images';
import { messageRequests, say, startFakeModel, textOf } from './fakeModel';
import { editorTab, mathsProject, openFile, panelFrame, runCommand, screenshot, startVsCode } from './harness';

/** A real paste on the composer's message box: a ClipboardEvent whose DataTransfer holds the PNG. */
async function pastePng(panel: FrameLocator, name: string, bytes: Buffer): Promise<void> {
  await panel.getByRole('combobox', { name: 'Message the agent' }).evaluate(
    (box, file) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([Uint8Array.from(atob(file.data), (c) => c.charCodeAt(0))], file.name, { type: 'image/png' }));
      box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
    },
    { name, data: bytes.toString('base64') },
  );
}

/** VS Code on the maths project with the model answering `answer`, the Agent Activity panel open at its composer. */
async function openComposer(answer: Parameters<typeof startFakeModel>[0]) {
  const { fake, env } = await startFakeModel(answer);
  const { page } = await startVsCode({ workspace: mathsProject(), env });
  await runCommand(page, 'Specwright: Open Agent Activity', { timeoutMs: 60_000 });
  const panel = panelFrame(page);
  const box = panel.getByRole('combobox', { name: 'Message the agent' });
  await box.waitFor({ timeout: 60_000 });
  return { fake, page, panel, box, attached: panel.getByRole('list', { name: 'Attached images' }).getByRole('img') };
}

describe('images pasted into the Agent Activity composer in VS Code', () => {
  it('go to the model with the message that starts a chat and with a later one; an image the extension refuses comes back with why', async () => {
    const { fake, page, panel, box, attached } = await openComposer((request) => say(request.body!.messages.length === 1 ? 'FIRST: the list overflows its box.' : 'SECOND: now it fits.'));

    // A message with an image starts a chat; the image goes before the text.
    const before = pngImage(48, 32, { rgb: [200, 40, 40] });
    await pastePng(panel, 'before.png', before);
    await attached.first().waitFor({ timeout: 30_000 });
    await box.fill('Why is the list cut off?');
    await box.press('Enter');
    await panel.getByText('FIRST: the list overflows its box.').waitFor({ timeout: 60_000 });
    await panel.getByText('Attached: before.png').waitFor({ timeout: 30_000 });

    // Too wide for the model: the extension checks the bytes and refuses; the message comes back.
    await pastePng(panel, 'strip.png', pngImage(9_000, 1));
    await attached.first().waitFor({ timeout: 30_000 });
    await box.fill('And this strip?');
    await box.press('Enter');
    const alert = panel.locator('.sw-composer').getByRole('alert');
    await expect.poll(() => alert.innerText(), { timeout: 30_000 }).toBe('Not sent: strip.png is 9000×1 pixels; the model accepts images up to 8000×8000. Scale it down first.');
    await expect(box.inputValue()).resolves.toBe('And this strip?');
    await expect(attached.evaluateAll((imgs) => imgs.map((img) => img.getAttribute('alt')))).resolves.toEqual(['strip.png']);
    await panel.getByRole('button', { name: 'Remove strip.png' }).click();

    // The chat waits for the next message: one with an image goes to it.
    const after = pngImage(48, 32, { rgb: [40, 200, 40] });
    await pastePng(panel, 'after.png', after);
    await attached.first().waitFor({ timeout: 30_000 });
    await box.fill('And now?');
    await box.press('Enter');
    await panel.getByText('SECOND: now it fits.').waitFor({ timeout: 60_000 });
    await screenshot(page, 'composerImages--chat');

    const [first, second, ...more] = messageRequests(fake);
    expect(more).toEqual([]);
    expect(imagesIn(first!.body)).toEqual([{ location: 'messages.0.content.0', toolUseId: null, mediaType: 'image/png', bytes: before }]);
    expect(textOf(first!.body!.messages[0])).toBe('Why is the list cut off?');
    const last = second!.body!.messages.length - 1;
    expect(imagesIn(second!.body).map((image) => image.bytes)).toEqual([before, after]);
    expect(imagesIn(second!.body)[1]!.location).toBe(`messages.${last}.content.0`);
    expect(textOf(second!.body!.messages[last])).toContain('And now?');
    expect(JSON.stringify(second!.body!.messages)).not.toContain('And this strip?');
  });

  it('are still in the draft, beside its text, after the panel is hidden behind another editor and shown again, and go with it', async () => {
    const { fake, panel, page, box, attached } = await openComposer(() => say('SEEN: a red box.'));
    const shot = pngImage(40, 24, { rgb: [200, 40, 40] });
    await pastePng(panel, 'screenshot.png', shot);
    await attached.first().waitFor({ timeout: 30_000 });
    await box.click();
    await box.pressSequentially('What is this box?');

    // Another editor in the panel's group hides it; a hidden webview is torn down (retainContextWhenHidden: false).
    await openFile(page, '.kiro/specs/maths/tasks.md');
    await page.locator('iframe.webview.ready:visible').waitFor({ state: 'detached', timeout: 30_000 });
    await editorTab(page, 'Agent Activity').first().click();
    await expect.poll(() => box.inputValue().catch(() => null), { timeout: 60_000 }).toBe('What is this box?');
    await expect(attached.evaluateAll((imgs) => imgs.map((img) => img.getAttribute('alt')))).resolves.toEqual(['screenshot.png']);
    await expect.poll(() => attached.first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(40);
    await screenshot(page, 'composerImages--reshown');

    await box.press('Enter');
    await panel.getByText('SEEN: a red box.').waitFor({ timeout: 60_000 });
    const [request, ...more] = messageRequests(fake);
    expect(more).toEqual([]);
    expect(imagesIn(request!.body)).toEqual([{ location: 'messages.0.content.0', toolUseId: null, mediaType: 'image/png', bytes: shot }]);
    expect(textOf(request!.body!.messages[0])).toBe('What is this box?');
  });
});
