import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, openSync, closeSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { CODE_SERVER_VERSION, E2E_DIR, INSTALL_SCRIPT } from './paths';
import { killProcessTree, killProcessTreeNow } from './processTree';

/** The folders one code-server run owns; all fresh, all under one temp root. */
export interface HostDirs {
  root: string;
  home: string;
  tmp: string;
  configHome: string;
  dataHome: string;
  cacheHome: string;
  userData: string;
  extensions: string;
  browserProfile: string;
  /** code-server's own stdout and stderr. */
  log: string;
}

export function hostDirs(root: string): HostDirs {
  const dirs: HostDirs = {
    root,
    home: path.join(root, 'home'),
    tmp: path.join(root, 'tmp'),
    configHome: path.join(root, 'xdg-config'),
    dataHome: path.join(root, 'xdg-data'),
    cacheHome: path.join(root, 'xdg-cache'),
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    browserProfile: path.join(root, 'chromium-profile'),
    log: path.join(root, 'code-server.log'),
  };
  for (const [key, dir] of Object.entries(dirs)) if (key !== 'log' && key !== 'root') mkdirSync(dir, { recursive: true });
  return dirs;
}

/** The code-server launcher installed by the install script; throws saying how to install it. */
export function codeServerBinary(): string {
  const bin = path.join(E2E_DIR, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', '.bin', 'code-server');
  if (!existsSync(bin)) {
    throw new Error(`code-server ${CODE_SERVER_VERSION} is not installed (no ${bin}). Install it with ${INSTALL_SCRIPT}; \`npm run test:e2e\` runs it first.`);
  }
  return bin;
}

/** Inherited variables that would leak the machine's identity, keys or npm context into the host. */
const DROPPED_ENV = /^(ANTHROPIC_|VSCODE_|ELECTRON_|npm_|VITEST|NODE_OPTIONS$|CODE_SERVER_|PASSWORD$|HASHED_PASSWORD$)/;

/**
 * code-server's environment: the machine's PATH and locale, but HOME, TMPDIR and XDG folders of its
 * own (never while npm installs it: the machine's ~/.npmrc is what builds native modules offline),
 * plus what the test adds, e.g. ANTHROPIC_BASE_URL for the fake model server.
 */
export function hostEnv(dirs: HostDirs, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!DROPPED_ENV.test(key)) env[key] = value;
  return {
    ...env,
    HOME: dirs.home,
    TMPDIR: dirs.tmp,
    XDG_CONFIG_HOME: dirs.configHome,
    XDG_DATA_HOME: dirs.dataHome,
    XDG_CACHE_HOME: dirs.cacheHome,
    ...extra,
  };
}

/** Quiet user settings: no welcome page, telemetry, update checks, tips or trust prompt. */
export function writeUserSettings(dirs: HostDirs, { trustWorkspace = false, settings = {} }: { trustWorkspace?: boolean; settings?: Record<string, unknown> }): void {
  const quiet = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'security.workspace.trust.enabled': trustWorkspace,
    'git.openRepositoryInParentFolders': 'never',
    'chat.commandCenter.enabled': false,
    'window.restoreWindows': 'none',
  };
  const file = path.join(dirs.userData, 'User', 'settings.json');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ ...quiet, ...settings }, null, 2));
}

/** `code-server --install-extension file.vsix` into the run's own extensions folder. */
export async function installExtension(vsix: string, dirs: HostDirs, env: NodeJS.ProcessEnv): Promise<void> {
  if (!existsSync(vsix)) throw new Error(`The extension package ${vsix} does not exist.`);
  const args = ['--extensions-dir', dirs.extensions, '--user-data-dir', dirs.userData, '--install-extension', vsix];
  try {
    const { stdout } = await promisify(execFile)(codeServerBinary(), args, { env, timeout: 120_000 });
    if (!/successfully installed/i.test(stdout)) throw Object.assign(new Error('no success message'), { stdout });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`code-server could not install ${vsix}:\n${stderr}${stdout}${(error as Error).message}`);
  }
}

/**
 * Copies an extensions folder that code-server installed into (see globalSetup.ts) to `dirs`, with
 * the absolute locations in its extensions.json moved along.
 */
export function copyInstalledExtensions(from: string, dirs: HostDirs): void {
  cpSync(from, dirs.extensions, { recursive: true });
  const manifest = path.join(dirs.extensions, 'extensions.json');
  if (!existsSync(manifest)) throw new Error(`${from} holds no extensions.json: not an extensions folder code-server installed into.`);
  const moved = JSON.parse(readFileSync(manifest, 'utf8'), (_key, value: unknown) =>
    typeof value === 'string' && (value.startsWith(from) || value.startsWith(`file://${from}`)) ? value.replace(from, dirs.extensions) : value,
  ) as unknown;
  writeFileSync(manifest, JSON.stringify(moved));
}

export interface CodeServer {
  url: string;
  pid: number;
  /** The last lines code-server printed (for error messages). */
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

/** Starts code-server on a free 127.0.0.1 port and waits for /healthz. */
export async function startCodeServer(options: { workspace: string; dirs: HostDirs; env: NodeJS.ProcessEnv; trustWorkspace?: boolean }): Promise<CodeServer> {
  const { dirs, env } = options;
  const port = await freePort();
  const args = [
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    ...(options.trustWorkspace ? [] : ['--disable-workspace-trust']),
    options.workspace,
  ];
  const logFd = openSync(dirs.log, 'a');
  let child: ChildProcess;
  try {
    child = spawn(codeServerBinary(), args, { env, cwd: options.workspace, detached: true, stdio: ['ignore', logFd, logFd] });
  } finally {
    closeSync(logFd);
  }
  const pid = child.pid!;
  let exited: string | null = null;
  child.on('exit', (code, sig) => (exited = `exited with ${sig ?? code}`));
  const onExit = () => killProcessTreeNow(pid);
  process.on('exit', onExit);

  const logTail = (lines = 40) => (existsSync(dirs.log) ? readFileSync(dirs.log, 'utf8').trimEnd().split('\n').slice(-lines).join('\n') : '');
  const url = `http://127.0.0.1:${port}`;
  const server: CodeServer = {
    url,
    pid,
    logTail,
    stop: async () => {
      process.off('exit', onExit);
      await killProcessTree(pid);
    },
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`code-server ${exited} before it was ready. Its log (${dirs.log}):\n${logTail()}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`code-server did not answer ${url}/healthz within 60 s. Its log (${dirs.log}):\n${logTail()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
