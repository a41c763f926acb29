import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { inject, onTestFinished } from 'vitest';
import { codeServerBinary, copyInstalledExtensions, hostDirs, hostEnv, installExtension, startCodeServer, writeUserSettings, type CodeServer, type HostDirs } from './codeServer';
import { descendants } from './processTree';
import { CHROMIUM_PATH, INSTALL_SCRIPT, RESULTS_DIR } from './paths';
import { screenshot } from './workbench';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

export interface StartOptions {
  /** The folder VS Code opens. */
  workspace: string;
  /** Added to code-server's environment (the extension host inherits it), e.g. ANTHROPIC_BASE_URL. */
  env?: Record<string, string>;
  /** User settings on top of the quiet defaults. */
  settings?: Record<string, unknown>;
  /** Turn Workspace Trust on (off by default, so no trust prompt). The folder then opens untrusted. */
  trustWorkspace?: boolean;
  /** The .vsix to install; by default the one the run packaged (globalSetup.ts). */
  vsix?: string;
}

/** One real VS Code (code-server) with the extension installed, in one headless Chromium page. */
export interface VsCodeSession {
  page: Page;
  context: BrowserContext;
  workspace: string;
  url: string;
  dirs: HostDirs;
  /** Ends Chromium and code-server with everything it started; safe to call more than once. */
  stop(): Promise<void>;
}

interface LiveSession {
  dirs: HostDirs;
  page?: Page;
  stop(): Promise<void>;
}

/** Sessions started by the current test: setup.ts screenshots and stops them after it, pass or fail. Call startVsCode inside a test. */
const live = new Set<LiveSession>();

export async function startVsCode(options: StartOptions): Promise<VsCodeSession> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}. Install it with: apt-get update && apt-get install -y chromium (or run ${INSTALL_SCRIPT}).`);
  }
  codeServerBinary(); // throws with how to install it
  const provided = options.vsix ? null : providedVsix();

  const dirs = hostDirs(mkdtempSync(path.join(tmpdir(), 'specwright-e2e-')));
  // Filled in as startup gets further; stop() ends whatever exists, so a failed start leaves nothing behind.
  const started: { server?: CodeServer; context?: BrowserContext } = {};
  let stopping: Promise<void> | undefined;
  const session: LiveSession = {
    dirs,
    stop: () =>
      (stopping ??= (async () => {
        live.delete(session);
        await withTimeout(started.context?.close(), 15_000).catch(() => undefined);
        killBrowserLeftovers(dirs.browserProfile);
        await started.server?.stop();
        if (!process.env.SPECWRIGHT_E2E_KEEP) rmSync(dirs.root, { recursive: true, force: true, maxRetries: 3 });
      })()),
  };
  live.add(session);
  // Backstop for runs without setup.ts (another vitest config): still stopped when the test ends.
  onTestFinished(() => session.stop());

  const env = hostEnv(dirs, options.env);
  writeUserSettings(dirs, options);
  if (provided) copyInstalledExtensions(provided.installed, dirs);
  else await installExtension(options.vsix!, dirs, env);
  const server = (started.server = await startCodeServer({ workspace: options.workspace, dirs, env, trustWorkspace: options.trustWorkspace }));

  // Playwright rejects --user-data-dir in args; a persistent context takes the fresh profile folder instead.
  const context = (started.context = await chromium.launchPersistentContext(dirs.browserProfile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 900 },
  }));
  const page = context.pages()[0] ?? (await context.newPage());
  session.page = page;
  await page.goto(`${server.url}/?folder=${encodeURIComponent(options.workspace)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.statusbar').waitFor({ timeout: 60_000 });
  return { page, context, workspace: options.workspace, url: server.url, dirs, stop: session.stop };
}

/**
 * After each test: a screenshot of every session it started (`<name>.png`, `<name>-failed.png` when it
 * failed), its logs kept under test-results/e2e/logs/<name>/ when it failed, then everything stopped.
 */
export async function finishSessions(name: string, failed: boolean): Promise<void> {
  const sessions = [...live];
  for (const [i, session] of sessions.entries()) {
    const shotName = `${name}${sessions.length > 1 ? `-${i + 1}` : ''}${failed ? '-failed' : ''}`;
    if (session.page && !session.page.isClosed()) await screenshot(session.page, shotName).catch(() => undefined);
    if (failed) keepLogs(session.dirs, shotName);
    await session.stop();
  }
}

function keepLogs(dirs: HostDirs, name: string): void {
  const into = path.join(RESULTS_DIR, 'logs', name);
  try {
    if (existsSync(dirs.log)) cpSync(dirs.log, path.join(into, 'code-server.log'));
    // Extension host, language server and output channel logs of this run.
    const logs = path.join(dirs.userData, 'logs');
    if (existsSync(logs)) cpSync(logs, path.join(into, 'user-data-logs'), { recursive: true });
  } catch {
    // logs are a courtesy; the test's own error is what matters
  }
}

/** Chromium processes that outlived context.close(): ours, recognised by this run's profile folder. */
function killBrowserLeftovers(profile: string): void {
  for (const pid of descendants(process.pid)) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(profile)) process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
}

function providedVsix(): { path: string; installed: string } {
  const provided = inject('specwrightVsix');
  if (!provided) throw new Error('No extension package: run these tests with --config test/e2e/vscode/vitest.config.mts (its globalSetup packages and installs the extension).');
  if ('error' in provided) throw new Error(provided.error);
  return provided;
}

async function withTimeout<T>(promise: Promise<T> | undefined, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
