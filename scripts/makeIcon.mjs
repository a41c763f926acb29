// Renders the marketplace icon (media/icon.png, 128×128) from the activity-bar mark
// (media/specwright.svg) in Chromium, so the two never drift apart. Run: npm run icon
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const { chromium } = createRequire(path.join(root, 'package.json'))('playwright-core');

// The mark is drawn in currentColor; on the icon it is white on the brand's deep teal.
const mark = readFileSync(path.join(root, 'media', 'specwright.svg'), 'utf8').replace(/width="24" height="24"/, 'width="88" height="88"');
const page = `<!doctype html><html><body style="margin:0;background:transparent">
<div id="icon" style="width:128px;height:128px;border-radius:24px;display:flex;align-items:center;justify-content:center;
  background:linear-gradient(135deg,#0f766e,#115e59);color:#ffffff">${mark}</div></body></html>`;

const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-dev-shm-usage'] });
try {
  const tab = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
  await tab.setContent(page);
  const png = await tab.locator('#icon').screenshot({ omitBackground: true });
  writeFileSync(path.join(root, 'media', 'icon.png'), png);
  console.log(`media/icon.png: ${png.length} bytes`);
} finally {
  await browser.close();
}
