import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import * as path from 'node:path';
import type { LaunchSpec } from './types';
import { SerialFile, userStateDir } from './userFiles';

/** What a person is asked before a workspace-defined server starts for the first time. */
export interface ServerApprovalRequest {
  server: string;
  /** The mcp.json it comes from, as shown to people. */
  file: string;
  workspace: string;
  /** The command line or URL exactly as configured (variables not expanded, so no secret is shown). */
  launch: string;
  /** Tools the entry would run without asking at the balanced level. */
  autoApprove: string[];
  /** Names of the variables it sets for the program. */
  envKeys: string[];
}

/** `remember`: keep the approval (outside the repository) so the same launch is not asked about again. */
export type ServerApprovalAnswer = { approved: true; remember: boolean } | { approved: false };

/**
 * The host's side of starting servers that came with a repository. VS Code: Workspace Trust and a
 * notification; the CLI: `--trust`, or a prompt on a terminal; tests: plain values.
 */
export interface ServerApprovalPort {
  /** False: no workspace-defined server starts, and nobody is asked. */
  readonly workspaceTrusted: boolean;
  /** Asks a person; null when nobody can be asked here (no terminal, a background job). */
  ask(request: ServerApprovalRequest, signal?: AbortSignal): Promise<ServerApprovalAnswer | null>;
}

/** Nobody to ask: workspace servers stay stopped unless approved before (user servers still start). */
export const NO_SERVER_APPROVALS: ServerApprovalPort = { workspaceTrusted: false, ask: async () => null };

export const APPROVALS_FILE = 'mcp-approvals.json';

interface ApprovalsFile {
  version: 1;
  /** workspace real path → launch fingerprint → record. */
  workspaces: Record<string, Record<string, { server: string; approvedAt: string }>>;
}

/**
 * Approvals of workspace-defined servers, in a user-only file under `~/.kiro/specwright/`, keyed by
 * the workspace's real path and a fingerprint of everything that decides what runs (command, args,
 * env, folder, URL, headers, auto-approved tools): change any of it and the user is asked again.
 */
export class ServerApprovalStore {
  private readonly data: SerialFile;

  constructor(readonly file: string) {
    this.data = new SerialFile(file);
  }

  static forHome(home: string): ServerApprovalStore {
    return new ServerApprovalStore(path.join(userStateDir(home), APPROVALS_FILE));
  }

  async isApproved(workspace: string, launch: LaunchSpec): Promise<boolean> {
    const file = asApprovals(await this.data.read());
    return Boolean(file.workspaces[workspaceKey(workspace)]?.[launchFingerprint(launch)]);
  }

  async approve(workspace: string, server: string, launch: LaunchSpec): Promise<void> {
    await this.data.update((current) => {
      const file = asApprovals(current);
      const key = workspaceKey(workspace);
      file.workspaces[key] = { ...file.workspaces[key], [launchFingerprint(launch)]: { server, approvedAt: new Date().toISOString() } };
      return { next: file, result: undefined };
    });
  }
}

/** A stable hash of a launch: the same configuration always gives the same fingerprint. */
export function launchFingerprint(launch: LaunchSpec): string {
  return createHash('sha256').update(JSON.stringify(canonical(launch))).digest('hex');
}

/** The command line (arguments quoted where needed) or the URL, as configured. */
export function describeLaunch(launch: LaunchSpec): string {
  if (launch.url !== undefined) return launch.url;
  return [launch.command ?? '', ...(launch.args ?? [])].map(shellQuote).join(' ');
}

function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./~-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}

function workspaceKey(workspace: string): string {
  try {
    return realpathSync(workspace);
  } catch {
    return path.resolve(workspace);
  }
}

function asApprovals(value: unknown): ApprovalsFile {
  const v = value as Partial<ApprovalsFile> | undefined;
  return v && v.version === 1 && v.workspaces && typeof v.workspaces === 'object' ? (v as ApprovalsFile) : { version: 1, workspaces: {} };
}
