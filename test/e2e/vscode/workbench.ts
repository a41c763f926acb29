import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { RESULTS_DIR } from './paths';

/** Driving the VS Code workbench the way a person does: palette, quick open, CodeLens, panels. */

const quickInput = (page: Page) => page.locator('.quick-input-widget');
const quickInputBox = (page: Page) => page.locator('.quick-input-widget input.input');
const quickInputRows = (page: Page) => page.locator('.quick-input-widget .quick-input-list .monaco-list-row');

/**
 * Runs a command by its palette title ("Specwright: Open Agent Activity"). Retries until `timeoutMs`:
 * an extension's commands appear only once it has activated.
 */
export async function runCommand(page: Page, title: string, { timeoutMs = 30_000 } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen: string[] = [];
  for (;;) {
    await openQuickInput(page, 'F1');
    const box = quickInputBox(page);
    await box.fill(`>${title}`);
    const row = quickInputRows(page).filter({ has: page.locator('.label-name', { hasText: exactly(title) }) }).first();
    try {
      // The palette lists the commands there are whenever its filter changes: typing the title again
      // shows a command the extension registered meanwhile, without closing and reopening the palette.
      const openedAt = Date.now();
      while (!(await row.isVisible()) && Date.now() - openedAt < 8_000 && Date.now() < deadline) {
        await page.waitForTimeout(250);
        await box.fill('>');
        await box.fill(`>${title}`);
      }
      await row.waitFor({ timeout: 2_000 });
      await row.click();
      await paletteClosed(page);
      return;
    } catch {
      seen = await quickInputRows(page).locator('.label-name').allInnerTexts();
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) {
        throw new Error(`The command palette has no command "${title}" after ${timeoutMs / 1000} s (is the extension active?). It offered: ${seen.join(' | ') || 'nothing'}`);
      }
      await page.waitForTimeout(500);
    }
  }
}

/**
 * The palette has gone: hidden, or replaced by the command's own quick pick or input box (the widget
 * is reused, so it may never be hidden in between, and pressing Escape then would cancel the command).
 */
async function paletteClosed(page: Page, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!(await quickInput(page).isVisible())) return;
    const value = await quickInputBox(page).inputValue({ timeout: 1_000 }).catch(() => '');
    if (!value.startsWith('>')) return;
    if (Date.now() > deadline) throw new Error('the command palette stayed open after its command was clicked');
    await page.waitForTimeout(100);
  }
}

/** Opens a workspace file through Quick Open (Ctrl+P) and waits for its editor tab. */
export async function openFile(page: Page, relativePath: string, { timeoutMs = 30_000 } = {}): Promise<void> {
  const name = path.posix.basename(relativePath);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await openQuickInput(page, 'Control+P');
    await quickInputBox(page).fill(relativePath);
    // Rows are labelled "<name>, <folder>"; the file index may need a moment after the window opens.
    const row = quickInputRows(page).filter({ has: page.locator('.label-name', { hasText: exactly(name) }) }).filter({ hasText: path.posix.dirname(relativePath) === '.' ? '' : path.posix.dirname(relativePath) }).first();
    try {
      await row.waitFor({ timeout: 3_000 });
      await row.click();
      await activeEditorTab(page, name).waitFor({ timeout: 10_000 });
      await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor();
      return;
    } catch (error) {
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) throw new Error(`Could not open ${relativePath} with Quick Open: ${(error as Error).message}`);
      await page.waitForTimeout(500);
    }
  }
}

export function activeEditorTab(page: Page, name: string): Locator {
  return page.locator('.tabs-container .tab.active', { has: page.locator('.label-name', { hasText: exactly(name) }) });
}

/**
 * The text of the active editor, line by line as shown (Monaco renders lines as positioned divs,
 * not in document order, and with non-breaking spaces). Only visible lines: fine for short files.
 */
export async function editorText(page: Page): Promise<string> {
  return page.locator('.editor-instance .monaco-editor .view-lines').first().evaluate((el) =>
    [...el.querySelectorAll<HTMLElement>('.view-line')]
      .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
      .map((line) => (line.textContent ?? '').replace(/\u00a0/g, ' '))
      .join('\n'),
  );
}

/**
 * Waits until an editor shows a line matching `pattern`; fails with what it shows. With `file`, that
 * file's tab is brought to the front first (the extension may open a diff or the panel meanwhile).
 */
export async function waitForEditorLine(page: Page, pattern: RegExp, { file, timeoutMs = 30_000 }: { file?: string; timeoutMs?: number } = {}): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    if (file) await editorTab(page, file).first().click({ timeout: 2_000 }).catch(() => undefined);
    text = await editorText(page).catch(() => '');
    const line = text.split('\n').find((l) => pattern.test(l));
    if (line !== undefined) return line;
    await page.waitForTimeout(250);
  }
  throw new Error(`${file ?? 'The active editor'} shows no line matching ${pattern} after ${timeoutMs / 1000} s. It shows:\n${text}`);
}

/** The editor tabs of a file, by its name ("tasks.md"). */
export function editorTab(page: Page, name: string): Locator {
  return page.locator('.tabs-container .tab', { has: page.locator('.label-name', { hasText: exactly(name) }) });
}

/** Opens an extension's view container from the activity bar by its title ("Specwright"). */
export async function showViewContainer(page: Page, title: string): Promise<void> {
  await page.locator(`.activitybar .action-item .action-label[aria-label^=${JSON.stringify(title)}]`).first().click();
}

/** A view of an extension's container, found by ids: `sideBarView(page, 'specwright', 'Specs')`. */
export function sideBarView(page: Page, containerId: string, viewName: string): Locator {
  return page.locator(`[id="workbench.view.extension.${containerId}"] .pane`, { has: page.locator('.pane-header .title', { hasText: exactly(viewName) }) });
}

/** Every CodeLens line of the visible editors as shown, actions and plain labels ("✓ Done") alike. */
export function codeLensLines(page: Page): Promise<string[]> {
  return page.locator('.codelens-decoration').allInnerTexts();
}

/** CodeLens links in the visible editors whose title matches. */
export function codeLens(page: Page, title: string | RegExp): Locator {
  return page.locator('.codelens-decoration a', { hasText: title });
}

/**
 * Inside the visible webview (the Agent Activity panel): VS Code nests the content two iframes deep.
 * Hidden webviews stay in the page, so only the visible one is picked.
 */
export function panelFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready:visible').frameLocator('#active-frame');
}

/** A toast notification whose message matches. */
export function notification(page: Page, message: string | RegExp): Locator {
  return page.locator('.notifications-toasts .notification-list-item, .notifications-center .notification-list-item').filter({ has: page.locator('.notification-list-item-message', { hasText: message }) });
}

/**
 * A notification whose message matches, read from the notification centre (opened if it is not).
 * A toast hides after a while, or when another one comes, possibly before a test looks for it; the
 * centre lists every notification until it is cleared.
 */
export async function centreNotification(page: Page, message: string | RegExp): Promise<Locator> {
  const centre = page.locator('.notifications-center');
  if (!(await centre.locator('.notifications-list-container').isVisible())) await runCommand(page, 'Notifications: Show Notifications');
  await centre.locator('.notifications-list-container').waitFor({ timeout: 10_000 });
  return centre.locator('.notification-list-item').filter({ has: page.locator('.notification-list-item-message', { hasText: message }) });
}

/** Closes the notification centre (if open), so it does not cover the views. */
export async function hideNotificationCentre(page: Page): Promise<void> {
  if (await page.locator('.notifications-center .notifications-list-container').isVisible()) await runCommand(page, 'Notifications: Hide Notifications');
}

/** A button of that notification. */
export function notificationButton(item: Locator, label: string | RegExp): Locator {
  return item.locator('.notification-list-item-buttons-container .monaco-button', { hasText: label });
}

/**
 * Answers the input box the extension opened (showInputBox): waits until its title matches `title`
 * (a command asks several questions in the same widget), types `text` and accepts it.
 */
export async function answerInput(page: Page, title: string | RegExp, text: string, { timeoutMs = 30_000 } = {}): Promise<void> {
  await quickInputTitle(page, title).waitFor({ timeout: timeoutMs });
  await quickInputBox(page).fill(text);
  await page.keyboard.press('Enter');
}

/** Picks an item of the quick pick the extension opened (showQuickPick), once its title matches `title`. */
export async function pickItem(page: Page, title: string | RegExp, label: string | RegExp, { timeoutMs = 30_000 } = {}): Promise<void> {
  await quickInputTitle(page, title).waitFor({ timeout: timeoutMs });
  const row = quickInputRows(page).filter({ has: page.locator('.label-name', { hasText: label }) }).first();
  await row.click({ timeout: timeoutMs });
}

function quickInputTitle(page: Page, title: string | RegExp): Locator {
  return page.locator('.quick-input-widget:visible .quick-input-title', { hasText: title });
}

/** A modal dialog (showWarningMessage with `modal: true`) whose message matches. */
export function modalDialog(page: Page, message: string | RegExp): Locator {
  return page.locator('.monaco-dialog-box', { has: page.locator('.dialog-message-text', { hasText: message }) });
}

/** A button of that dialog. */
export function dialogButton(dialog: Locator, label: string | RegExp): Locator {
  return dialog.locator('.dialog-buttons .monaco-button', { hasText: label });
}

/** A status bar item by its accessible label (StatusBarItem.accessibilityInformation, else its text). */
export function statusBarItem(page: Page, label: string | RegExp): Locator {
  return page.locator('.statusbar').getByRole('button', { name: label });
}

/** Closes an editor tab (a file, or the Agent Activity panel) with its close button. */
export async function closeEditorTab(page: Page, name: string): Promise<void> {
  const tab = editorTab(page, name).first();
  await tab.hover();
  await tab.locator('.tab-actions .action-label').first().click();
  await tab.waitFor({ state: 'detached', timeout: 10_000 });
}

/** Saves a PNG of the whole window under test-results/e2e/ and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path: file, timeout: 15_000 });
  return file;
}

async function openQuickInput(page: Page, key: string): Promise<void> {
  if (await quickInput(page).isVisible()) await page.keyboard.press('Escape');
  await page.keyboard.press(key);
  await quickInputBox(page).waitFor({ state: 'visible', timeout: 10_000 });
}

function exactly(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}
