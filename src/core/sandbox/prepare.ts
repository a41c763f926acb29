import { existsSync, promises as fs, realpathSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bubblewrapArgs, bubblewrapProgramArgs, findProgram, probeBubblewrap, PROXY_PORT_INSIDE, type BubblewrapPlan } from './bubblewrap';
import { sandboxEnvironment } from './environment';
import { sandboxFailureNote } from './failureNotes';
import { buildLayout, TOOL_CACHES, type SandboxLayout } from './layout';
import { layoutNotes } from './layoutNotes';
import { startNetworkProxy, type NetworkProxy } from './networkProxy';
import { holdPlaceholder, releasePlaceholder } from './placeholders';
import { hiddenByPrivateTmp } from './privateTmp';
import { seatbeltProfile } from './seatbelt';
import { SERVER_CACHES, serverOwnFolder } from './serverProfile';
import type { Sandbox, SandboxStatus, ServerWrapRequest, UserSandboxSettings, WrappedCommand, WrapRequest } from './types';
import { readUserSandboxSettings, userSettingsFile } from './userSettings';
import { WorkspaceIndex } from './workspaceIndex';

export interface SandboxOptions {
  workspace: string;
  /** Whose credential folders are hidden and whose settings count; default the user's home. */
  home?: string;
  /** For SPECWRIGHT_SANDBOX and PATH; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** The user's own sandbox settings; read from `~/.kiro/settings.json` when omitted. Never the workspace's. */
  settings?: UserSandboxSettings;
  platform?: NodeJS.Platform;
  /**
   * False: the sandbox is prepared only to learn its status and runs nothing, so the workspace is not
   * walked ahead of the first command. Default true.
   */
  indexWorkspace?: boolean;
}

const SEATBELT = '/usr/bin/sandbox-exec';

const INSTALL_BUBBLEWRAP =
  'install bubblewrap: `sudo apt install bubblewrap socat` (Debian, Ubuntu), `sudo dnf install bubblewrap socat` (Fedora), `sudo pacman -S bubblewrap socat` (Arch)';

/**
 * Decides once whether commands can be sandboxed here and gets ready to (a private temp folder, the
 * network proxy when domains are allowed). Never throws for a missing sandbox: the status says why
 * and how to enable it, and the policy becomes conservative.
 */
export async function prepareSandbox(options: SandboxOptions): Promise<Sandbox> {
  const env = options.env ?? process.env;
  const home = options.home ?? os.homedir();
  const platform = options.platform ?? process.platform;
  const settings = options.settings ?? (await readUserSandboxSettings(home)).settings;
  const allowedDomains = settings.allowedDomains ?? [];

  const switchedOff = /^(off|0|false|no)$/i.test(env.SPECWRIGHT_SANDBOX ?? '');
  if (switchedOff) {
    return unsandboxed({ state: 'off', reason: 'the sandbox is turned off by SPECWRIGHT_SANDBOX=off', remedy: 'unset SPECWRIGHT_SANDBOX to turn it back on', allowedDomains: [] });
  }
  if (settings.enabled === false) {
    return unsandboxed({ state: 'off', reason: `the sandbox is turned off by sandbox.enabled: false in ${userSettingsFile(home)}`, remedy: `remove "sandbox.enabled": false from ${userSettingsFile(home)}`, allowedDomains: [] });
  }

  if (platform === 'linux') {
    const bwrap = findProgram('bwrap', env);
    if (!bwrap) return unsandboxed({ state: 'unavailable', reason: 'bubblewrap (bwrap) is not installed, so commands cannot be sandboxed', remedy: INSTALL_BUBBLEWRAP, allowedDomains: [] });
    const dropCapabilities = process.getuid?.() === 0;
    const problem = await probeBubblewrap(bwrap, dropCapabilities);
    if (problem) {
      return unsandboxed({
        state: 'unavailable',
        reason: `bubblewrap cannot start a sandbox here (${problem})`,
        remedy: 'allow unprivileged user namespaces (`sysctl kernel.unprivileged_userns_clone=1`; on Ubuntu 24.04+ `sysctl kernel.apparmor_restrict_unprivileged_userns=0`); in a container, give it user namespaces (for Docker, `--security-opt seccomp=unconfined --security-opt apparmor=unconfined`)',
        allowedDomains: [],
      });
    }
    return SandboxSession.start({ ...options, home, env, settings, allowedDomains, mechanism: 'bubblewrap', program: bwrap, dropCapabilities });
  }
  if (platform === 'darwin') {
    if (!existsSync(SEATBELT)) return unsandboxed({ state: 'unavailable', reason: `${SEATBELT} is missing, so commands cannot be sandboxed`, remedy: 'use a macOS that ships sandbox-exec (every release since 10.5 does)', allowedDomains: [] });
    return SandboxSession.start({ ...options, home, env, settings, allowedDomains, mechanism: 'seatbelt', program: SEATBELT, dropCapabilities: false });
  }
  return unsandboxed({
    state: 'unavailable',
    reason: platform === 'win32' ? 'Windows has no sandbox Specwright can use yet' : `no sandbox is known for ${platform}`,
    remedy: platform === 'win32' ? 'run Specwright inside WSL 2, with bubblewrap installed there' : 'run Specwright on Linux with bubblewrap, or on macOS',
    allowedDomains: [],
  });
}

/** Whether commands would be sandboxed here, and if not why (for `doctor` and `policy check`); keeps nothing running. */
export async function sandboxStatus(options: SandboxOptions): Promise<SandboxStatus> {
  const sandbox = await prepareSandbox({ ...options, indexWorkspace: false });
  await sandbox.dispose();
  return sandbox.status;
}

/**
 * The status and, when commands are sandboxed, what the sandbox hides and keeps read-only in this
 * workspace and why (for `doctor`). Walks the workspace once; keeps nothing running.
 */
export async function sandboxReport(options: SandboxOptions): Promise<{ status: SandboxStatus; notes: string[] }> {
  const sandbox = await prepareSandbox({ ...options, indexWorkspace: false });
  try {
    return { status: sandbox.status, notes: await sandbox.describeLayout() };
  } finally {
    await sandbox.dispose();
  }
}

/** A sandbox that runs commands as they are, for the off and unavailable states. */
export function unsandboxed(status: SandboxStatus): Sandbox {
  return {
    status,
    wrap: async (request: WrapRequest): Promise<WrappedCommand> => ({ file: 'bash', args: ['-c', request.command], env: request.env, sandboxed: false, release: () => {} }),
    wrapServer: async (request: ServerWrapRequest): Promise<WrappedCommand> => ({ file: request.command, args: request.args, env: { ...request.inheritedEnv, ...request.env }, sandboxed: false, release: () => {} }),
    explainFailure: () => null,
    describeLayout: async () => [],
    dispose: async () => {},
  };
}

interface SessionOptions extends SandboxOptions {
  home: string;
  env: NodeJS.ProcessEnv;
  settings: UserSandboxSettings;
  allowedDomains: string[];
  mechanism: 'bubblewrap' | 'seatbelt';
  program: string;
  dropCapabilities: boolean;
}

class SandboxSession implements Sandbox {
  private constructor(
    readonly status: SandboxStatus,
    private readonly options: SessionOptions,
    private readonly privateDir: string,
    private readonly proxy: NetworkProxy | null,
    private readonly index: WorkspaceIndex,
  ) {}

  static async start(options: SessionOptions): Promise<SandboxSession> {
    const privateDir = realpathSync(await fs.mkdtemp(path.join(os.tmpdir(), 'specwright-sandbox-')));
    await fs.mkdir(path.join(privateDir, 'tmp'));
    await fs.writeFile(path.join(privateDir, 'hidden'), '', { mode: 0o000 });
    await fs.mkdir(path.join(privateDir, 'hidden-dir'), { mode: 0o000 });
    // Installs and test runs write their caches; make them exist so they can be bound writable.
    for (const cache of TOOL_CACHES) await fs.mkdir(path.join(options.home, cache), { recursive: true }).catch(() => undefined);

    let proxy: NetworkProxy | null = null;
    let networkProblem: string | undefined;
    if (options.allowedDomains.length) {
      if (options.mechanism === 'bubblewrap' && !findProgram('socat', options.env)) {
        networkProblem = 'socat is not installed, so sandbox.network.allowedDomains cannot be opened and the network stays off (install it: `sudo apt install socat`)';
      } else {
        proxy = await startNetworkProxy({ allowedDomains: options.allowedDomains, listen: options.mechanism === 'bubblewrap' ? { socketPath: path.join(privateDir, 'proxy.sock') } : { port: 0 } });
      }
    }
    const open = proxy ? `network only to ${options.allowedDomains.join(', ')} (through a proxy)` : 'no network';
    const status: SandboxStatus = {
      state: 'on',
      mechanism: options.mechanism,
      reason: `commands run in a ${options.mechanism} sandbox: they write only to the workspace, /tmp and tool caches, cannot read secrets files or credential folders, and have ${open}`,
      allowedDomains: proxy ? [...options.allowedDomains] : [],
      ...(networkProblem ? { networkProblem } : {}),
    };
    // Walked now, in the background, so the first command finds most of the work done.
    const index = new WorkspaceIndex(realOr(options.workspace), options.home);
    if (options.indexWorkspace !== false) index.prime();
    return new SandboxSession(status, options, privateDir, proxy, index);
  }

  async wrap(request: WrapRequest): Promise<WrappedCommand> {
    const { layout, release } = await this.layoutNow([]);
    const cwd = realOr(request.cwd);
    const env = { ...sandboxEnvironment(request.env), ...this.proxyEnvironment() };
    const privateTmp = path.join(this.privateDir, 'tmp');
    if (this.options.mechanism === 'seatbelt') {
      const profile = seatbeltProfile(layout, { privateTmp, ...(this.proxy && 'port' in this.proxy.address ? { proxyPort: this.proxy.address.port } : {}) });
      return { file: this.options.program, args: ['-p', profile, 'bash', '-c', request.command], env: { ...env, TMPDIR: privateTmp }, sandboxed: true, release };
    }
    const args = bubblewrapArgs(
      {
        ...this.bubblewrapPlan(layout, cwd),
        ...(this.proxy && 'socketPath' in this.proxy.address ? { proxySocket: this.proxy.address.socketPath } : {}),
      },
      request.command,
    );
    return { file: this.options.program, args, env: { ...env, TMPDIR: '/tmp' }, sandboxed: true, release };
  }

  /**
   * An MCP server's own profile: the files as for commands (the workspace writable, protected places
   * read-only, secrets and credentials hidden), plus its package caches and, for a user's server, its
   * own folder; the host's network (it calls its remote API). Protection holds for its whole life:
   * release() when it has ended.
   */
  async wrapServer(request: ServerWrapRequest): Promise<WrappedCommand> {
    const home = this.options.home;
    const own = serverOwnFolder({ cwd: request.cwd, home, workspace: this.options.workspace, scope: request.scope });
    const { layout, release } = await this.layoutNow([...SERVER_CACHES.map((cache) => path.join(home, cache)), ...(own ? [own] : [])]);
    if (this.options.mechanism === 'bubblewrap') {
      const hidden = hiddenByPrivateTmp(request, [layout.workspace, ...layout.writable, ...layout.readOnly, ...layout.writableAgain]);
      if (hidden) {
        release();
        throw hidden;
      }
    }
    const cwd = realOr(request.cwd);
    const env = { ...sandboxEnvironment(request.inheritedEnv, { keepProxies: true }), ...request.env };
    const privateTmp = path.join(this.privateDir, 'tmp');
    if (this.options.mechanism === 'seatbelt') {
      const profile = seatbeltProfile(layout, { privateTmp, network: 'all' });
      return { file: this.options.program, args: ['-p', profile, request.command, ...request.args], env: { ...env, TMPDIR: privateTmp }, sandboxed: true, release };
    }
    const args = bubblewrapProgramArgs({ ...this.bubblewrapPlan(layout, cwd), shareNetwork: true }, [request.command, ...request.args]);
    return { file: this.options.program, args, env: { ...env, TMPDIR: '/tmp' }, sandboxed: true, release };
  }

  async describeLayout(): Promise<string[]> {
    const scan = await this.index.scan();
    const { workspace, home, settings } = this.options;
    return layoutNotes(buildLayout({ workspace, home, ...(settings.writablePaths ? { writablePaths: settings.writablePaths } : {}) }, scan), realOr(home));
  }

  /** The layout as the workspace is now, with the placeholders it needs held until release(). */
  private async layoutNow(alsoWritable: string[]): Promise<{ layout: SandboxLayout; release: () => void }> {
    const scan = await this.index.scan();
    const { workspace, home, settings } = this.options;
    const layout = buildLayout({ workspace, home, ...(settings.writablePaths ? { writablePaths: settings.writablePaths } : {}), ...(alsoWritable.length ? { alsoWritable } : {}) }, scan);
    const held = this.options.mechanism === 'bubblewrap' ? layout.missingProtected.filter(holdPlaceholder) : [];
    if (this.options.mechanism === 'bubblewrap') layout.missingProtected = held;
    return { layout, release: once(() => held.forEach(releasePlaceholder)) };
  }

  private bubblewrapPlan(layout: SandboxLayout, cwd: string): BubblewrapPlan {
    return {
      layout,
      privateTmp: path.join(this.privateDir, 'tmp'),
      maskFile: path.join(this.privateDir, 'hidden'),
      maskDir: path.join(this.privateDir, 'hidden-dir'),
      cwd,
      dropCapabilities: this.options.dropCapabilities,
    };
  }

  explainFailure(output: string): string | null {
    return sandboxFailureNote(output, this.status.allowedDomains);
  }

  async dispose(): Promise<void> {
    this.index.stop();
    await this.proxy?.close();
    await fs.chmod(path.join(this.privateDir, 'hidden-dir'), 0o700).catch(() => undefined);
    await fs.rm(this.privateDir, { recursive: true, force: true }).catch(() => undefined);
  }

  private proxyEnvironment(): NodeJS.ProcessEnv {
    if (!this.proxy) return {};
    const port = 'port' in this.proxy.address ? this.proxy.address.port : PROXY_PORT_INSIDE;
    const url = `http://127.0.0.1:${port}`;
    const noProxy = 'localhost,127.0.0.1,::1';
    return { HTTP_PROXY: url, HTTPS_PROXY: url, http_proxy: url, https_proxy: url, npm_config_proxy: url, npm_config_https_proxy: url, NO_PROXY: noProxy, no_proxy: noProxy };
  }
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}

function realOr(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}
