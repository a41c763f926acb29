import * as fs from 'node:fs';
import * as path from 'node:path';
import { PathPolicy } from '../policy';

/** What inside the workspace a sandboxed command must not read or change. */
export interface WorkspaceScan {
  /** Secrets files (the policy's list: `.env*`, keys, certificates, `.npmrc`, credentials…), real paths. */
  secretFiles: string[];
  /** Folders with a secret's name (`secrets.d/`), real paths. */
  secretDirs: string[];
  /** Every `mcp.json` (MCP servers run programs with the user's credentials). */
  mcpFiles: string[];
  /** `.git` folders or files of nested repositories and submodules. */
  nestedGit: string[];
  /** True when the workspace holds more entries than are looked through (the rest is not looked at). */
  truncated: boolean;
}

/** The file system calls an index made, for the benchmark and the tests. */
export interface IndexCounts {
  directoryReads: number;
  stats: number;
}

/**
 * Folders not walked: installed dependencies and caches hold no secrets of the user's, and walking
 * them would cost more than the command.
 */
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.venv', 'venv', '__pycache__', '.tox', '.gradle', '.next', '.turbo', '.pnpm-store', 'bower_components', '.specwright']);

const MAX_ENTRIES = 200_000;

/** Calls in flight at once: enough to keep libuv's thread pool busy, few enough to leave the event loop free. */
const CONCURRENCY = 64;

/** Folders stat'ed between two yields to the event loop when looking for changes (a few ms each). */
const STAT_CHUNK = 1_000;

/**
 * A folder read this close to its last change (ms) is read again next time even if its mtime has not
 * moved: a change made in the same clock tick as the one before it (coarse kernel clocks, file systems
 * with one- or two-second times) leaves the mtime as it was.
 */
const RACY_MS = 3_000;

interface Finding {
  kind: 'secretFile' | 'secretDir' | 'mcpFile' | 'nestedGit';
  absolute: string;
  /** A symlink's finding is where it leads, which can change without its folder changing: resolved on every look. */
  link: boolean;
}

/**
 * Times in ms as numbers, not bigint nanoseconds (a third of the cost of a look): a folder not racy was
 * last changed 3 s or more before it was read, so any later change moves its times by seconds, far
 * beyond a double's sub-microsecond rounding. The ctime guards what a rounded inode number could hide
 * (above 2^53, on overlay file systems): a folder renamed over another gets a new ctime, and so does
 * one whose mtime was set back (utimes).
 */
interface FolderState {
  /** The folder's absolute path, made once rather than joined on every look. */
  absolute: string;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  /** Read so soon after a change that the next look reads it again. */
  racy: boolean;
  entries: number;
  /** Sub-folders walked, by name. */
  folders: string[];
  findings: Finding[];
}

/**
 * The secrets files, `mcp.json` files and nested repositories of a workspace, kept up to date cheaply.
 * The first look walks the whole workspace asynchronously (yielding to the event loop between
 * folders); every later look stats each folder it knows and reads again only those whose mtime, ctime
 * or inode changed, since adding, removing or renaming an entry changes its folder's mtime and ctime
 * (and nothing sets a ctime back). So what
 * exists when a look starts is found, in a few stats per folder instead of a full walk.
 */
export class WorkspaceIndex {
  private readonly folders = new Map<string, FolderState>();
  private readonly policy: PathPolicy;
  private entries = 0;
  private truncated = false;
  private built: Promise<void> | null = null;
  /** The look in progress, and the one queued behind it (shared by every caller that arrived meanwhile). */
  private running: Promise<WorkspaceScan> | null = null;
  private queued: Promise<WorkspaceScan> | null = null;
  private stopped = false;
  readonly counts: IndexCounts = { directoryReads: 0, stats: 0 };

  constructor(readonly workspace: string, home: string) {
    this.policy = new PathPolicy(workspace, home);
  }

  /** Starts the first walk now, so the first command need not wait for all of it. */
  prime(): void {
    this.built ??= this.walk('').catch(() => undefined);
  }

  /**
   * What is in the workspace now: every change made before this call is seen. Calls made while a
   * look runs share the next one (a look already under way may have passed a folder changed since).
   */
  scan(): Promise<WorkspaceScan> {
    if (!this.running) return this.start();
    this.queued ??= this.running.then(
      () => this.start(),
      () => this.start(),
    );
    return this.queued;
  }

  /** Stops walking; later looks report what is known. */
  stop(): void {
    this.stopped = true;
  }

  private start(): Promise<WorkspaceScan> {
    this.queued = null;
    const look = this.look();
    this.running = look;
    const clear = () => {
      if (this.running === look) this.running = null;
    };
    look.then(clear, clear);
    return look;
  }

  private async look(): Promise<WorkspaceScan> {
    if (!this.built) {
      this.built = this.walk('');
      await this.built;
    } else {
      const first = this.built;
      await first;
      // The first walk is itself up to date with the moment it started reading each folder; the
      // racy rule and the mtimes catch anything changed after.
      await this.refresh();
    }
    return this.result();
  }

  /** Stats every known folder; reads again those that changed, walks new sub-folders, forgets removed ones. */
  private async refresh(): Promise<void> {
    const changed: string[] = [];
    // Synchronous stats in chunks, yielding between them: a promise and a thread-pool round trip per
    // folder cost several times the CPU of the stat itself, and every command waits for this. Nothing
    // else changes the map meanwhile (looks run one at a time, after the first walk).
    let inChunk = 0;
    for (const [relative, state] of this.folders) {
      if (++inChunk > STAT_CHUNK) {
        inChunk = 1;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      this.counts.stats++;
      const stat = fs.lstatSync(state.absolute, { throwIfNoEntry: false });
      if (state.racy || !stat || !stat.isDirectory() || stat.mtimeMs !== state.mtimeMs || stat.ctimeMs !== state.ctimeMs || stat.ino !== state.ino) changed.push(relative);
    }
    // Parents first, so a removed or renamed folder's subtree is forgotten before its children are read.
    const ordered = changed.sort((a, b) => depth(a) - depth(b));
    await eachLimited(ordered, async (relative) => {
      if (this.folders.has(relative)) await this.readFolder(relative, true);
    });
  }

  /** Reads `relative` and walks every sub-folder not known yet. */
  private async walk(relative: string): Promise<void> {
    let level = [relative];
    while (level.length && !this.stopped) {
      const next: string[][] = [];
      await eachLimited(level, async (dir) => {
        next.push(await this.readFolder(dir, false));
      });
      level = next.flat();
    }
  }

  /**
   * Reads one folder into the index; returns the sub-folders to walk that the index did not know.
   * `again`: it was known; sub-folders gone from it are forgotten with everything under them.
   */
  private async readFolder(relative: string, again: boolean): Promise<string[]> {
    const absolute = this.absolute(relative);
    const readStarted = Date.now();
    const stat = await lstat(absolute, this.counts);
    const previous = this.folders.get(relative);
    if (!stat || !stat.isDirectory()) {
      this.forget(relative);
      return [];
    }
    this.counts.directoryReads++;
    const entries = await readdir(absolute);
    if (!entries) {
      this.forget(relative);
      return [];
    }
    if (previous) this.entries -= previous.entries;
    if (this.entries + entries.length > MAX_ENTRIES) {
      this.truncated = true;
      if (!again) return [];
    }
    const state: FolderState = { absolute, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino, racy: stat.mtimeMs > readStarted - RACY_MS, entries: entries.length, folders: [], findings: [] };
    for (const entry of entries) {
      const entryRelative = relative ? `${relative}/${entry.name}` : entry.name;
      const entryAbsolute = path.join(absolute, entry.name);
      if (entry.name === '.git') {
        if (relative) state.findings.push({ kind: 'nestedGit', absolute: entryAbsolute, link: false });
        continue;
      }
      const secret = this.policy.isSecret(entryRelative);
      if (entry.isDirectory()) {
        if (secret) state.findings.push({ kind: 'secretDir', absolute: entryAbsolute, link: false });
        else if (!SKIPPED_DIRS.has(entry.name)) state.folders.push(entry.name);
        continue;
      }
      const mcp = entry.name.toLowerCase() === 'mcp.json';
      if (!secret && !mcp) continue;
      state.findings.push({ kind: secret ? 'secretFile' : 'mcpFile', absolute: entryAbsolute, link: entry.isSymbolicLink() });
    }
    this.folders.set(relative, state);
    this.entries += entries.length;
    const before = new Set(previous?.folders ?? []);
    const now = new Set(state.folders);
    for (const name of before) if (!now.has(name)) this.forget(relative ? `${relative}/${name}` : name);
    const fresh = state.folders.filter((name) => !before.has(name) || !this.folders.has(relative ? `${relative}/${name}` : name)).map((name) => (relative ? `${relative}/${name}` : name));
    if (again) {
      for (const sub of fresh) await this.walk(sub);
      return [];
    }
    return fresh;
  }

  /** Drops a folder and everything under it. */
  private forget(relative: string): void {
    const prefix = relative ? `${relative}/` : '';
    for (const [key, state] of this.folders) {
      if (key === relative || key.startsWith(prefix)) {
        this.entries -= state.entries;
        this.folders.delete(key);
      }
    }
  }

  private async result(): Promise<WorkspaceScan> {
    const scan: WorkspaceScan = { secretFiles: [], secretDirs: [], mcpFiles: [], nestedGit: [], truncated: this.truncated };
    const links: Finding[] = [];
    for (const state of this.folders.values()) {
      for (const finding of state.findings) {
        if (finding.link) links.push(finding);
        else if (finding.kind === 'secretFile') scan.secretFiles.push(finding.absolute);
        else if (finding.kind === 'secretDir') scan.secretDirs.push(finding.absolute);
        else if (finding.kind === 'mcpFile') scan.mcpFiles.push(finding.absolute);
        else scan.nestedGit.push(finding.absolute);
      }
    }
    // A symlink is masked where it leads (the mount lands there); a dangling one has nothing to hide.
    await eachLimited(links, async (link) => {
      const target = await realTarget(link.absolute, this.counts);
      if (!target) return;
      if (link.kind === 'secretFile') (target.dir ? scan.secretDirs : scan.secretFiles).push(target.path);
      else if (!target.dir) scan.mcpFiles.push(target.path);
    });
    return scan;
  }

  private absolute(relative: string): string {
    return relative ? path.join(this.workspace, relative) : this.workspace;
  }
}

function depth(relative: string): number {
  return relative ? relative.split('/').length : 0;
}

/** Runs `fn` over `items`, at most CONCURRENCY at a time. */
async function eachLimited<T>(items: readonly T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
}

// Callback forms: a promise per call costs the event loop noticeably more on a 10,000-folder workspace.
function lstat(p: string, counts: IndexCounts): Promise<fs.Stats | null> {
  counts.stats++;
  return new Promise((resolve) => fs.lstat(p, (error, stats) => resolve(error ? null : stats)));
}

function readdir(p: string): Promise<fs.Dirent[] | null> {
  return new Promise((resolve) => fs.readdir(p, { withFileTypes: true }, (error, entries) => resolve(error ? null : entries)));
}

function realTarget(link: string, counts: IndexCounts): Promise<{ path: string; dir: boolean } | null> {
  return new Promise((resolve) =>
    fs.realpath(link, (error, real) => {
      if (error) return resolve(null);
      counts.stats++;
      fs.stat(real, (statError, stats) => resolve(statError ? null : { path: real, dir: stats.isDirectory() }));
    }),
  );
}
