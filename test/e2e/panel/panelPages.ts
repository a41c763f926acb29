import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { buildPanelBundle, cspViolations, launchChromium, startPanelServer, type PanelServer } from './panelHarness';
import type { ThemeKind } from './vscodeTheme';

export interface PanelPageOptions {
  theme?: ThemeKind;
  height?: number;
}

/**
 * Chromium and the panel's page server for the test file that calls this (at its top level). Every
 * page opened must end its test under the host's CSP without a violation, an error or a React
 * warning. A setup failure (no Chromium, a bundle that does not build) fails every test with its
 * message. `screenshots`: a folder made for the file's screenshots.
 */
export function panelPages(options: { screenshots?: string } = {}): { open(page?: PanelPageOptions): Promise<Page> } {
  let browser: Browser | undefined;
  let server: PanelServer | undefined;
  let setupError: unknown = null;
  const opened: Array<{ page: Page; problems: string[] }> = [];

  beforeAll(async () => {
    try {
      browser = await launchChromium();
      server = await startPanelServer(await buildPanelBundle());
      if (options.screenshots) mkdirSync(options.screenshots, { recursive: true });
    } catch (error) {
      setupError = error;
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  afterEach(async () => {
    for (const { page, problems } of opened.splice(0)) {
      expect(await cspViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
      await page.close();
    }
  });

  return {
    async open({ theme = 'dark', height = 900 } = {}) {
      if (setupError) throw setupError;
      const page = await browser!.newPage({ viewport: { width: 820, height } });
      const problems: string[] = [];
      page.on('console', (m) => void ((m.type() === 'error' || m.type() === 'warning') && problems.push(m.text())));
      page.on('pageerror', (e) => void problems.push(e.message));
      opened.push({ page, problems });
      await page.goto(server!.url(theme));
      await page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === 'ready'));
      return page;
    },
  };
}
