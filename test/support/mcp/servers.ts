import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ServerApprovalAnswer, ServerApprovalPort, ServerApprovalRequest } from '../../../src/core/mcp';

const root = path.resolve(__dirname, '../../..');

/** The registry's reference servers, installed as devDependencies (never fetched at test time). */
export const EVERYTHING_SERVER = path.join(root, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');
export const FILESYSTEM_SERVER = path.join(root, 'node_modules/@modelcontextprotocol/server-filesystem/dist/index.js');
/** Our own stdio test server (test/support/mcp/flakyServer.mjs). */
export const FLAKY_SERVER = path.join(__dirname, 'flakyServer.mjs');

export const everything = () => ({ command: process.execPath, args: [EVERYTHING_SERVER, 'stdio'] });
export const filesystem = (dir: string) => ({ command: process.execPath, args: [FILESYSTEM_SERVER, dir] });
export const flaky = (env: Record<string, string> = {}, extra: Record<string, unknown> = {}) => ({ command: process.execPath, args: [FLAKY_SERVER], env, ...extra });

export interface McpFixture {
  workspace: string;
  home: string;
}

/**
 * A workspace with `.kiro/settings/mcp.json` (if `servers`) and a home with `~/.kiro/settings/mcp.json`
 * (if `user`), in a new folder of the temp folder or of `under` (a sandboxed server sees a /tmp of its
 * own, so what it must see outside the workspace cannot be in /tmp).
 */
export function mcpFixture(options: { servers?: Record<string, unknown>; user?: Record<string, unknown>; workspaceText?: string; files?: Record<string, string>; under?: string } = {}): McpFixture {
  const base = mkdtempSync(path.join(options.under ?? os.tmpdir(), 'sw-mcp-'));
  const workspace = path.join(base, 'ws');
  const home = path.join(base, 'home');
  mkdirSync(path.join(workspace, '.kiro', 'settings'), { recursive: true });
  mkdirSync(path.join(home, '.kiro', 'settings'), { recursive: true });
  const text = options.workspaceText ?? (options.servers ? JSON.stringify({ mcpServers: options.servers }, null, 2) : undefined);
  if (text !== undefined) writeFileSync(path.join(workspace, '.kiro/settings/mcp.json'), text);
  if (options.user) writeFileSync(path.join(home, '.kiro/settings/mcp.json'), JSON.stringify({ mcpServers: options.user }, null, 2));
  for (const [name, content] of Object.entries(options.files ?? {})) {
    mkdirSync(path.dirname(path.join(workspace, name)), { recursive: true });
    writeFileSync(path.join(workspace, name), content);
  }
  return { workspace, home };
}

/** A scripted person: answers each approval question with `answer`, and remembers what was asked. */
export function scriptedApprovals(answer: ServerApprovalAnswer | null, options: { trusted?: boolean } = {}): ServerApprovalPort & { asked: ServerApprovalRequest[] } {
  const asked: ServerApprovalRequest[] = [];
  return {
    workspaceTrusted: options.trusted ?? true,
    asked,
    ask: async (request) => {
      asked.push(request);
      return answer;
    },
  };
}

/** Starts everything without asking (like --trust). */
export const trustEverything = (): ServerApprovalPort & { asked: ServerApprovalRequest[] } => scriptedApprovals({ approved: true, remember: false });

/** Whether a process is still running (a zombie waiting for its reaper is not). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/** The pid a flaky server wrote in its start marker (`started-<pid>-<unique>`). */
export const startedPid = (marker: string) => Number.parseInt(marker.slice('started-'.length), 10);

/**
 * Host pids of the processes (bubblewrap's excepted) whose environment holds `entry`: a server and its
 * children, inside a sandbox or not.
 */
export function processesWithEnv(entry: string): number[] {
  const found: number[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'bwrap') continue;
      if (readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(entry) && alive(Number(pid))) found.push(Number(pid));
    } catch {
      // Gone, or not ours to read.
    }
  }
  return found;
}
