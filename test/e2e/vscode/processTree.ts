import { readdirSync, readFileSync } from 'node:fs';

/**
 * Ends a process and everything it started. code-server's extension host, language server and the
 * agent's commands may sit in other process groups (a runner that can stop a command starts it
 * detached), so the tree is read from /proc, not assumed from the group.
 */
export async function killProcessTree(rootPid: number, { graceMs = 2_000 } = {}): Promise<void> {
  const pids = [rootPid, ...descendants(rootPid)];
  signal(pids, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && pids.some(isAlive)) await new Promise((r) => setTimeout(r, 100));
  // Children started during the grace period are caught by a second look.
  signal([...pids, ...descendants(rootPid)].filter(isAlive), 'SIGKILL');
}

/** Synchronous last resort for process exit: no waiting, straight to SIGKILL. */
export function killProcessTreeNow(rootPid: number): void {
  signal([rootPid, ...descendants(rootPid)], 'SIGKILL');
}

export function descendants(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const list = children.get(ppid) ?? [];
    list.push(Number(entry));
    children.set(ppid, list);
  }
  const found: number[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function signal(pids: number[], sig: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  }
}

/** Running, or stopped; not a zombie (an exited child nobody has reaped yet still takes signals). */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return false;
  }
}

/** Processes on this machine whose argv is exactly `argv` (to see whether a command the agent ran is still alive). */
export function processesWithArgv(argv: string[]): number[] {
  const wanted = argv.join('\0');
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0$/, '') === wanted) found.push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  return found;
}

/** The VS Code extension hosts this test process started (through code-server): to tell a restarted one. */
export function extensionHostPids(): number[] {
  return descendants(process.pid).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('--type=extensionHost');
    } catch {
      return false;
    }
  });
}
