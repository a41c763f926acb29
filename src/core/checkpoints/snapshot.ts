import { lstatSync, promises as fs, type Stats } from 'node:fs';
import * as path from 'node:path';
import { SnapshotTooLargeError } from './errors';
import type { ShadowRepository } from './shadowRepository';
import { defaultFilesPerPack, nulList, stallBudget, storeFiles } from './storeFiles';

export interface SnapshotLimits {
  maxFileBytes: number;
  maxFiles: number;
  maxSnapshotBytes: number;
  /** Most files per pack (and per git command); defaultFilesPerPack unless a test wants many packs of few files. */
  filesPerPack?: number;
}

export interface Snapshot {
  /** Tree object id of the workspace as it is now (ignored, oversized and nested-repository files left out). */
  tree: string;
  /** Files left out because they are larger than maxFileBytes. */
  oversized: string[];
}

/** What a snapshot stored: enough to bound the space its new objects take (see StorageBound). */
export interface SnapshotWrites {
  /** Files hashed into the store (new or changed since the index last saw them). */
  files: number;
  /** Their size in bytes. */
  bytes: number;
  /** How many of their blobs were written as loose objects (the others went into packs). */
  looseBlobs: number;
  /** The most folders any of them is nested in (each level's tree is written again). */
  depth: number;
  /** Entries of the index afterwards: every tree written holds some of them. */
  indexEntries: number;
}

/**
 * Records the workspace in the shadow index and writes it as a tree. Only files git reports as
 * possibly changed (stat differs from the index) or new (untracked and not ignored) are looked at,
 * so a snapshot of a large, mostly unchanged tree costs three short git commands. `alongside` runs
 * once the index holds the snapshot, at the same time as the tree is written, told what was stored.
 */
export async function takeSnapshot(repo: ShadowRepository, limits: SnapshotLimits, alongside?: (writes: SnapshotWrites) => Promise<void>): Promise<Snapshot> {
  // One listing for both: "C path" may have changed (stat differs from the index, or deleted), "? path" is new.
  const listed = splitNul(await repo.run(['ls-files', '-z', '-t', '--modified', '--others', '--exclude-standard']));
  const changed = [...new Set(listed.filter((l) => l.startsWith('C ')).map((l) => l.slice(2)))];
  // A nested repository (submodule, vendored clone) is listed as "dir/": git cannot snapshot inside
  // it without treating it as a submodule, so it is left out, and a restore never touches it.
  const added = listed.filter((l) => l.startsWith('? ') && !l.endsWith('/')).map((l) => l.slice(2));

  const toUpdate: string[] = [];
  const toDrop: string[] = [];
  const oversized: string[] = [];
  let newBytes = 0;
  let newFiles = 0;
  const candidates = [...changed, ...added];
  const found = await lstatAll(repo.workTree, candidates);
  candidates.forEach((p, i) => {
    const tracked = i < changed.length;
    const kind = found.kinds[i];
    const size = found.sizes[i]!;
    if (kind === FileKind.Missing) {
      if (tracked) toDrop.push(p);
    } else if (kind === FileKind.File && size > limits.maxFileBytes) {
      oversized.push(p);
      if (tracked) toDrop.push(p);
    } else {
      toUpdate.push(p);
      newBytes += size;
      if (!tracked) newFiles++;
    }
  });

  const indexEntries = await indexEntryCount(repo.indexFile);
  const total = indexEntries + newFiles - toDrop.length;
  if (total > limits.maxFiles) {
    throw new SnapshotTooLargeError(
      `the workspace has ${total.toLocaleString('en-US')} files after .gitignore, more than the checkpoint limit of ${limits.maxFiles.toLocaleString('en-US')}` +
        `${biggestFolders(added)}; add bulky folders to .gitignore or raise the limit`,
    );
  }
  if (newBytes > limits.maxSnapshotBytes) {
    throw new SnapshotTooLargeError(
      `a checkpoint would have to store ${megabytes(newBytes)} of new or changed files, more than the limit of ${megabytes(limits.maxSnapshotBytes)}` +
        `${biggestFolders(toUpdate)}; add bulky folders to .gitignore or raise the limit`,
    );
  }

  if (toDrop.length > 0) await repo.runWithInput(['update-index', '-z', '--force-remove', '--stdin'], nulList(toDrop), stallBudget(toDrop.length));
  const { looseBlobs } = await storeFiles(repo, toUpdate, { filesPerPack: limits.filesPerPack ?? defaultFilesPerPack, indexIsEmpty: indexEntries === 0 });
  const writes: SnapshotWrites = {
    files: toUpdate.length,
    bytes: newBytes,
    looseBlobs,
    depth: toUpdate.reduce((deepest, p) => Math.max(deepest, p.split('/').length - 1), 0),
    indexEntries: total,
  };
  // The index now holds the snapshot: questions about it run while git writes it as a tree.
  const [written] = await Promise.all([repo.run(['write-tree']), alongside?.(writes)]);
  return { tree: written.trim(), oversized };
}

/** Paths stat'ed per turn of the event loop: a few milliseconds, so the host stays responsive. */
const lstatChunk = 1_000;

/** What a snapshot can store at a path: a file, a symlink, or nothing (gone, a folder, a socket…). */
const FileKind = { Missing: 0, File: 1, Symlink: 2 } as const;

/**
 * Kind and size (lstat) of each of `paths` (relative to `root`, as git lists them). Synchronous calls
 * in chunks: a promise and a thread-pool round trip per file cost four times the CPU of the calls
 * themselves (the first checkpoint of a large workspace stats every file). Only two numbers per file
 * are kept, so the 100,000 Stats objects of a first checkpoint die young instead of filling the heap.
 */
async function lstatAll(root: string, paths: string[]): Promise<{ kinds: Uint8Array; sizes: Float64Array }> {
  const kinds = new Uint8Array(paths.length);
  const sizes = new Float64Array(paths.length);
  // git lists clean relative paths with '/' (no '.', '..' or doubled separators), which every
  // platform's lstat accepts as they are: joined without path.join's normalising.
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  for (let at = 0; at < paths.length; at += lstatChunk) {
    if (at > 0) await new Promise((resume) => setImmediate(resume));
    for (let i = at; i < Math.min(at + lstatChunk, paths.length); i++) {
      let stat: Stats | undefined;
      try {
        stat = lstatSync(prefix + paths[i], { throwIfNoEntry: false });
      } catch {
        // unreadable (a folder without permission, a name too long): as if gone
      }
      if (stat?.isFile()) kinds[i] = FileKind.File;
      else if (stat?.isSymbolicLink()) kinds[i] = FileKind.Symlink;
      else continue;
      sizes[i] = stat.size;
    }
  }
  return { kinds, sizes };
}

export function splitNul(output: string): string[] {
  return output.split('\0').filter((p) => p.length > 0);
}

/** The entry count from the index header ("DIRC", version, count): cheaper than listing every path. */
export async function indexEntryCount(indexFile: string): Promise<number> {
  try {
    const handle = await fs.open(indexFile, 'r');
    try {
      const header = Buffer.alloc(12);
      const { bytesRead } = await handle.read(header, 0, 12, 0);
      return bytesRead === 12 && header.toString('latin1', 0, 4) === 'DIRC' ? header.readUInt32BE(8) : 0;
    } finally {
      await handle.close();
    }
  } catch {
    return 0;
  }
}

function biggestFolders(paths: string[]): string {
  const counts = new Map<string, number>();
  for (const p of paths) {
    const top = p.includes('/') ? `${p.slice(0, p.indexOf('/'))}/` : '(top level)';
    counts.set(top, (counts.get(top) ?? 0) + 1);
  }
  const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 3);
  return top.length ? ` (most new files: ${top.map(([folder, n]) => `${folder} ${n.toLocaleString('en-US')}`).join(', ')})` : '';
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
