import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { createNonce, panelHtml } from '../../../webview-ui/src/html';
import { themeStyle, vscodeDefaultStyle, type ThemeKind } from './vscodeTheme';

/**
 * Stands in for the VS Code webview around the real panel bundle: the page the host would serve
 * (panelHtml, with its CSP), a fake acquireVsCodeApi that records what the panel posts and keeps
 * its saved state in sessionStorage (so a reload is a hide and re-show), and theme variables.
 */

export const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** The repository root: the nearest folder above the working directory holding Specwright's package.json. */
export function repoRoot(from = process.cwd()): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'specwright') return dir;
    if (path.dirname(dir) === dir) throw new Error(`No Specwright package.json above ${from}; run from the repository.`);
  }
}

/** Bundles webview-ui/src/main.tsx the way esbuild.config.mjs does, into a fresh temp folder. */
export async function buildPanelBundle({ production = false } = {}): Promise<string> {
  const root = repoRoot();
  const outdir = mkdtempSync(path.join(tmpdir(), 'specwright-panel-'));
  const esbuild = path.join(root, 'node_modules', '.bin', 'esbuild');
  const args = ['webview-ui/src/main.tsx', '--bundle', '--platform=browser', '--target=chrome120', '--format=iife', '--entry-names=panel', `--outdir=${outdir}`, '--loader:.ttf=file', '--log-level=warning'];
  if (production) args.push('--minify');
  await promisify(execFile)(esbuild, args, { cwd: root });
  return outdir;
}

export interface PanelServer {
  origin: string;
  url(theme?: ThemeKind): string;
  close(): Promise<void>;
}

/** Serves the harness page and the bundle on 127.0.0.1 (a fresh nonce per page load). */
export async function startPanelServer(bundleDir: string): Promise<PanelServer> {
  const files: Record<string, string> = { '/panel.js': 'text/javascript', '/panel.css': 'text/css', '/panel.js.map': 'application/json' };
  let origin = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    const type = files[url.pathname];
    if (url.pathname === '/') {
      const theme = url.searchParams.get('theme') === 'light' ? 'light' : 'dark';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(harnessPage(origin, theme));
    } else if (type && existsSync(path.join(bundleDir, url.pathname))) {
      res.writeHead(200, { 'content-type': type }).end(readFileSync(path.join(bundleDir, url.pathname)));
    } else if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (theme = 'dark') => `${origin}/?theme=${theme}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function harnessPage(origin: string, theme: ThemeKind): string {
  const nonce = createNonce();
  const page = panelHtml({ scriptUri: `${origin}/panel.js`, styleUri: `${origin}/panel.css`, cspSource: origin, nonce });
  const stub = `<script nonce="${nonce}">
window.__posted = [];
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
const stateKey = 'specwright.panel.state';
window.acquireVsCodeApi = () => ({
  postMessage: (message) => window.__posted.push(JSON.parse(JSON.stringify(message))),
  getState: () => { const saved = sessionStorage.getItem(stateKey); return saved ? JSON.parse(saved) : undefined; },
  setState: (state) => { sessionStorage.setItem(stateKey, JSON.stringify(state)); return state; },
});
</script>`;
  const head = `<style id="_defaultStyles">${vscodeDefaultStyle}</style>\n<style>${themeStyle(theme)}</style>\n${stub}\n`;
  // After the CSP meta (so the policy governs the stub too), before the panel's stylesheet (as VS Code injects its defaults).
  return page.replace('<link rel="stylesheet"', `${head}<link rel="stylesheet"`).replace('<body>', `<body class="vscode-${theme}">`);
}

/** Launches Debian's Chromium; fails with what to do when it is not installed. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}; the panel's browser tests need it. Install it with: apt-get update && apt-get install -y chromium`);
  }
  // Required from the repository at run time rather than bundled (playwright-core reads its own
  // package.json from disk), so a bundled bench finds it wherever the bundle lives.
  const { chromium } = createRequire(path.join(repoRoot(), 'package.json'))('playwright-core') as typeof import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** Sends a host message to the panel, as the extension's webview.postMessage would. */
export async function sendToPanel(page: Page, message: unknown): Promise<void> {
  await page.evaluate((m) => window.postMessage(m, '*'), message);
}

export async function postedMessages(page: Page): Promise<unknown[]> {
  return page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted);
}

export async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
}
