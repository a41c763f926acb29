import { existsSync, lstatSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { isPlaceholder } from './placeholders';
import type { WorkspaceScan } from './workspaceIndex';

/**
 * What a sandboxed command may see and change, as plain paths: the bubblewrap arguments and the
 * Seatbelt profile are both written from it. Later entries win over earlier ones (a read-only folder
 * inside the writable workspace, a writable folder inside that read-only folder).
 */
export interface SandboxLayout {
  workspace: string;
  /** Writable besides the workspace and the private temp folder: tool caches, the user's extra paths. */
  writable: string[];
  /** Inside the writable places, read-only (existing paths). */
  readOnly: string[];
  /** Inside those read-only folders, writable again (what git needs to commit objects and refs). */
  writableAgain: string[];
  /**
   * Protected folders that do not exist yet: a command must not create them (a `.vscode/tasks.json`
   * or a `.git/hooks/` written now would run outside the sandbox later).
   */
  missingProtected: string[];
  /** Neither readable nor writable: secrets files and credential folders (shown empty or unreadable). */
  hiddenFiles: string[];
  hiddenDirs: string[];
  /** Scan notes worth telling (a huge workspace walked only in part). */
  notes: string[];
}

/**
 * The user's credential stores, relative to home. What a sandboxed command prints goes to the model,
 * so anything readable is one `cat` away from leaving the machine.
 */
export const CREDENTIAL_PATHS = [
  '.ssh', '.gnupg', '.aws', '.azure', '.config/gcloud', '.config/gh', '.config/hub', '.config/glab-cli', '.docker', '.kube', '.minikube',
  '.netrc', '.npmrc', '.yarnrc', '.yarnrc.yml', '.pypirc', '.gem/credentials', '.cargo/credentials', '.cargo/credentials.toml', '.git-credentials',
  '.config/git/credentials', '.terraform.d/credentials.tfrc.json', '.m2/settings.xml', '.m2/settings-security.xml', '.gradle/gradle.properties',
  '.password-store', '.local/share/keyrings', '.config/op', '.vault-token', '.config/anthropic', '.claude/.credentials.json',
  '.config/Code/User/globalStorage', '.vscode-server/data/User/globalStorage', '.local/share/code-server/User/globalStorage',
  '.mozilla', '.config/google-chrome', '.config/chromium', '.config/BraveSoftware',
  '.bash_history', '.zsh_history', '.python_history', '.node_repl_history', '.psql_history', '.mysql_history', '.lesshst',
];

/** Readable by root's owner bit even with every capability dropped: hidden as well. */
const SYSTEM_SECRETS = ['/etc/shadow', '/etc/gshadow', '/etc/shadow-', '/etc/gshadow-', '/etc/ssh/ssh_host_rsa_key', '/etc/ssh/ssh_host_ecdsa_key', '/etc/ssh/ssh_host_ed25519_key', '/etc/sudoers'];

/** Tool caches a build needs, relative to home (created if missing, so installs and test runs work). */
export const TOOL_CACHES = ['.npm', '.cache'];

/** Top-level workspace entries that are read-only; `.git` and `.kiro` are handled on their own. */
const PROTECTED_ENTRIES = ['.vscode', '.idea', '.github/workflows', '.husky', '.gitmodules', '.mcp.json', '.envrc', '.devcontainer'];

/** Inside `.git`, what git writes when committing (index excepted: see README "Sandbox"). */
const GIT_WRITABLE = ['objects', 'refs', 'logs'];

/** Inside `.kiro`, what a command may write: the spec documents and steering. */
const KIRO_WRITABLE = ['specs', 'steering'];

export interface LayoutOptions {
  workspace: string;
  home: string;
  /** Extra writable folders from the user's own settings. */
  writablePaths?: string[];
  /** Writable as well, absolute (an MCP server's package caches and own folder). */
  alsoWritable?: string[];
}

/** The layout for one command; `scan` is what the workspace index found when the command started. */
export function buildLayout(options: LayoutOptions, scan: WorkspaceScan): SandboxLayout {
  const workspace = realpathSync(options.workspace);
  const home = realOr(options.home);
  const inside = (relative: string) => path.join(workspace, relative);

  const writable = [...TOOL_CACHES.map((c) => path.join(home, c)), ...(options.writablePaths ?? []).map((p) => path.resolve(home, p.replace(/^~(?=$|\/)/, home))), ...(options.alsoWritable ?? [])]
    .filter(isDirectory)
    .map(realOr)
    .filter((dir) => !isAtOrUnder(workspace, dir) && !isAtOrUnder(dir, workspace));

  const readOnly: string[] = [];
  const writableAgain: string[] = [];
  const missingProtected: string[] = [];
  for (const [name, reopened] of [['.git', GIT_WRITABLE], ['.kiro', KIRO_WRITABLE]] as const) {
    const dir = inside(name);
    if (!existsOrLink(dir) || isPlaceholder(dir)) {
      missingProtected.push(dir);
      continue;
    }
    readOnly.push(dir);
    if (isDirectory(dir) && !lstatSync(dir).isSymbolicLink()) writableAgain.push(...reopened.map((sub) => path.join(dir, sub)).filter(isRealDirectory));
  }
  if (!existsOrLink(inside('.vscode')) || isPlaceholder(inside('.vscode'))) missingProtected.push(inside('.vscode'));
  readOnly.push(...PROTECTED_ENTRIES.map(inside).filter(existsOrLink), ...scan.nestedGit, ...scan.mcpFiles);

  const credentials = CREDENTIAL_PATHS.map((p) => path.join(home, p)).filter((p) => existsOrLink(p) && !isAtOrUnder(workspace, p));
  const hidden = [...credentials, ...SYSTEM_SECRETS.filter(existsSync), ...scan.secretFiles, ...scan.secretDirs];
  const hiddenFiles: string[] = [];
  const hiddenDirs: string[] = [];
  for (const p of hidden) {
    const real = realOr(p);
    if (!existsSync(real)) continue;
    (isDirectory(real) ? hiddenDirs : hiddenFiles).push(real);
  }
  return { workspace, writable: unique(writable), readOnly: unique(readOnly), writableAgain, missingProtected, hiddenFiles: unique(hiddenFiles), hiddenDirs: unique(hiddenDirs), notes: scanNotes(scan) };
}

function scanNotes(scan: WorkspaceScan): string[] {
  return scan.truncated ? ['the workspace is too large to look through entirely for secrets files; only the first 200,000 entries were checked'] : [];
}

/** `p` is `dir` or lies beneath it. */
export function isAtOrUnder(p: string, dir: string): boolean {
  return p === dir || p.startsWith(dir.endsWith('/') ? dir : `${dir}/`);
}

function existsOrLink(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isRealDirectory(p: string): boolean {
  try {
    return lstatSync(p).isDirectory();
  } catch {
    return false;
  }
}

function realOr(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}
