import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { isAtOrUnder, type SandboxLayout } from './layout';

/** Where the network proxy's socket appears inside the sandbox, and the port the bridge listens on. */
export const PROXY_SOCKET_INSIDE = '/run/specwright/proxy.sock';
export const PROXY_PORT_INSIDE = 3128;

export interface BubblewrapPlan {
  layout: SandboxLayout;
  /** Host folder shown as /tmp inside: private to this sandbox, kept for its lifetime. */
  privateTmp: string;
  /** An empty file and an empty folder, both mode 000: what hidden paths show instead. */
  maskFile: string;
  maskDir: string;
  cwd: string;
  /** The host side of the network proxy, when some domains are allowed (socat bridges to it). */
  proxySocket?: string;
  /** As root, the sandbox keeps every capability inside its namespace unless told to drop them. */
  dropCapabilities: boolean;
  /** Keeps the host's network (MCP servers); commands get none. */
  shareNetwork?: boolean;
}

/**
 * bubblewrap's arguments for one command. New namespaces for everything (user, pid, net, ipc, uts,
 * cgroup): the command sees only its own processes, and only a loopback network of its own. The file
 * system is the host's, read-only, with the writable places bound over it, then the protected
 * places read-only again, then the hidden ones masked. Later mounts win, so the order matters.
 */
export function bubblewrapArgs(plan: BubblewrapPlan, command: string): string[] {
  const args = [...sandboxArgs(plan), '--chdir', plan.cwd, '--', 'bash', '-c'];
  if (!plan.proxySocket) return [...args, command];
  // The command has no network of its own: a bridge inside passes 127.0.0.1:3128 to the host's proxy.
  const bridge = [
    `socat TCP-LISTEN:${PROXY_PORT_INSIDE},bind=127.0.0.1,fork,reuseaddr UNIX-CONNECT:${PROXY_SOCKET_INSIDE} >/dev/null 2>&1 &`,
    `for ((i = 0; i < 200; i++)); do (exec 3<>/dev/tcp/127.0.0.1/${PROXY_PORT_INSIDE}) 2>/dev/null && break; sleep 0.005; done`,
    'exec bash -c "$1"',
  ].join('\n');
  return [...args, bridge, 'specwright-sandbox', command];
}

/**
 * bubblewrap's arguments for a program run as it is (an MCP server): the same file system, and the
 * host's network when `plan.shareNetwork` (a server calls its remote API; the user approved it).
 */
export function bubblewrapProgramArgs(plan: BubblewrapPlan, argv: string[]): string[] {
  return [...sandboxArgs(plan), '--chdir', plan.cwd, '--', ...argv];
}

function sandboxArgs(plan: BubblewrapPlan): string[] {
  const { layout } = plan;
  const args = ['--die-with-parent', '--new-session', '--unshare-all', ...(plan.shareNetwork ? ['--share-net'] : []), ...(plan.dropCapabilities ? ['--cap-drop', 'ALL'] : [])];
  args.push('--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc');
  // Sockets of other programs (docker, the session bus, the editor's IPC) live in /run and /tmp.
  if (existsSync('/run') && !isAtOrUnder(layout.workspace, '/run')) {
    args.push('--tmpfs', '/run');
    // With the network, name resolution must still work where /etc/resolv.conf lives in /run (systemd-resolved).
    const resolver = plan.shareNetwork ? realOrNull('/etc/resolv.conf') : null;
    if (resolver && isAtOrUnder(resolver, '/run')) args.push('--ro-bind', resolver, resolver);
  }
  args.push('--bind', plan.privateTmp, '/tmp');
  for (const dir of layout.writable) args.push('--bind', dir, dir);
  args.push('--bind', layout.workspace, layout.workspace);
  for (const p of [...layout.readOnly, ...layout.missingProtected]) args.push('--ro-bind', p, p);
  for (const dir of layout.writableAgain) args.push('--bind', dir, dir);
  for (const file of layout.hiddenFiles) args.push('--ro-bind', plan.maskFile, file);
  for (const dir of layout.hiddenDirs) args.push('--ro-bind', plan.maskDir, dir);
  if (plan.proxySocket) args.push('--bind', plan.proxySocket, PROXY_SOCKET_INSIDE);
  return args;
}

function realOrNull(p: string): string | null {
  try {
    return realpathSync(p);
  } catch {
    return null;
  }
}

/** bubblewrap on PATH, or null. */
export function findProgram(name: string, env: NodeJS.ProcessEnv = process.env): string | null {
  for (const dir of (env.PATH ?? '/usr/local/bin:/usr/bin:/bin').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

const probes = new Map<string, Promise<string | null>>();

/**
 * Starts the smallest sandbox once (about 10 ms) to learn whether this machine can: a container
 * without user namespaces, or a kernel that forbids them, fails here. Null when it works, else why not.
 */
export function probeBubblewrap(bwrap: string, dropCapabilities: boolean): Promise<string | null> {
  const key = `${bwrap}:${dropCapabilities}`;
  let probe = probes.get(key);
  if (!probe) {
    const args = ['--die-with-parent', '--unshare-all', ...(dropCapabilities ? ['--cap-drop', 'ALL'] : []), '--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp', '--', 'true'];
    probe = new Promise((resolve) => {
      execFile(bwrap, args, { timeout: 10_000 }, (error, _stdout, stderr) => {
        resolve(error ? (String(stderr).trim() || error.message).split('\n')[0]! : null);
      });
    });
    probes.set(key, probe);
  }
  return probe;
}
