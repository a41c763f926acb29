import { createHash } from 'node:crypto';
import { promises as fs, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../fs';

/**
 * One thing a workspace's own settings ask for that would make Specwright ask less than the user's
 * own settings do (a higher autonomy level, more allowed commands, another API endpoint…).
 */
export interface LooseningItem {
  /** The setting, as written in the file: `agent.autonomyLevel`, `kiroAgent.trustedCommands`. */
  field: string;
  /** Where it was read: `.kiro/settings.json`, `.vscode/settings.json`. */
  file: string;
  /** What it asks for, in words: `autonomy level full (yours: balanced)`. */
  summary: string;
  /** The value asked for (for lists: only the entries the user's own settings do not have). */
  value: unknown;
}

/** What the workspace asks for, and whether the user has said yes to exactly that. */
export interface WorkspaceSettingsRequest {
  /** The workspace's real path: what a confirmation is kept under. */
  workspace: string;
  items: LooseningItem[];
  /** Hash of exactly these items: any change asks again. */
  hash: string;
  /** True when they apply: confirmed earlier (same hash), or trusted for this run (`--trust`). */
  applied: boolean;
}

/** Where the user's yes is kept: outside every repository, keyed by workspace and hash. */
export interface WorkspaceConsentStore {
  isConfirmed(workspace: string, hash: string): Promise<boolean>;
  confirm(workspace: string, hash: string, items: readonly LooseningItem[]): Promise<void>;
}

export function requestHash(items: readonly LooseningItem[]): string {
  const canonical = [...items].map((i) => ({ field: i.field, file: i.file, value: i.value })).sort((a, b) => (a.field + a.file < b.field + b.file ? -1 : 1));
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

export function workspaceKey(workspace: string): string {
  try {
    return realpathSync(workspace);
  } catch {
    return path.resolve(workspace);
  }
}

/** The confirmations file both the CLI and the extension use: `~/.kiro/specwright/workspace-settings.json`. */
export function consentFileIn(home: string): string {
  return path.join(home, '.kiro', 'specwright', 'workspace-settings.json');
}

interface ConsentFile {
  version: 1;
  workspaces: Record<string, { hash: string; confirmedAt: string; items: Array<{ field: string; file: string; summary: string }> }>;
}

/**
 * A JSON file of confirmations: one entry per workspace, holding the hash of what was confirmed
 * (a later change has another hash, so it asks again) and, for a person reading it, what that was.
 */
export class FileConsentStore implements WorkspaceConsentStore {
  constructor(private readonly file: string) {}

  async isConfirmed(workspace: string, hash: string): Promise<boolean> {
    return (await this.read()).workspaces[workspace]?.hash === hash;
  }

  async confirm(workspace: string, hash: string, items: readonly LooseningItem[]): Promise<void> {
    const data = await this.read();
    data.workspaces[workspace] = { hash, confirmedAt: new Date().toISOString(), items: items.map(({ field, file, summary }) => ({ field, file, summary })) };
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    await writeFileAtomic(this.file, `${JSON.stringify(data, null, 2)}\n`);
  }

  private async read(): Promise<ConsentFile> {
    try {
      const value = JSON.parse(await fs.readFile(this.file, 'utf8')) as Partial<ConsentFile>;
      if (value && typeof value.workspaces === 'object' && value.workspaces !== null) return { version: 1, workspaces: { ...value.workspaces } };
    } catch {
      // Missing or unreadable: nothing was confirmed.
    }
    return { version: 1, workspaces: {} };
  }
}
