import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import { mergeIndexParts } from './indexParts';
import type { ShadowRepository } from './shadowRepository';

/**
 * From this many files on, new blobs are streamed into one pack instead of a loose object each: the
 * first checkpoint of a large workspace then writes two files rather than one per workspace file,
 * and needs no gc afterwards. Below it, loose objects are cheaper than a pack per checkpoint.
 */
const packFrom = 256;

/**
 * Most paths per command, so per pack. git's bulk check-in compares each new object with every one
 * already in its pack (a list, not a set), which is quadratic: 100,000 files in one command took
 * twice as long as `git add` writing them loose; in packs of 10,000 it is linear again.
 */
export const defaultFilesPerPack = 10_000;

/** git processes hashing at once for a first snapshot; more mostly wait on the disk. */
const maxParts = 4;

/** A part is worth its own git process from a fifth of a pack's files on (2,000 by default). */
const partsPerPack = 5;

export interface StoredFiles {
  /** How many of the blobs were written as loose objects (the others went into packs). */
  looseBlobs: number;
}

/**
 * Hashes `paths` (files that exist and fit the limits, in git's order) into the store and records
 * them in the shadow index, `filesPerPack` at a time. Into an empty index (the first snapshot, or
 * after the index was dropped), thousands of files are hashed by several git processes at once, each
 * a contiguous share of the paths into an index of its own, joined afterwards (see mergeIndexParts):
 * one process uses one core, and each reads and writes a smaller index and searches fewer packs.
 */
export async function storeFiles(repo: ShadowRepository, paths: string[], options: { filesPerPack: number; indexIsEmpty: boolean }): Promise<StoredFiles> {
  const minPartFiles = Math.max(1, Math.floor(options.filesPerPack / partsPerPack));
  // Two at least: even on one core, each process then reads and writes a smaller index.
  const parts = options.indexIsEmpty ? Math.min(maxParts, Math.max(2, os.availableParallelism()), Math.floor(paths.length / minPartFiles)) : 1;
  if (parts <= 1) {
    const batches = batchesOf(paths, options.filesPerPack);
    for (const batch of batches) await addToIndex(repo, batch);
    return { looseBlobs: looseBlobsOf(batches) };
  }
  const perPart = Math.ceil(paths.length / parts);
  const partBatches = Array.from({ length: parts }, (_, k) => batchesOf(paths.slice(k * perPart, (k + 1) * perPart), options.filesPerPack));
  // Named by process as well: a part file is never shared, even with another store on the same folder.
  const partFiles = partBatches.map((_, k) => `${repo.indexFile}.part-${process.pid}-${k}`);
  try {
    const hashedFrom = new Date();
    const outcomes = await Promise.allSettled(
      partFiles.map(async (file, k) => {
        await fs.rm(file, { force: true });
        for (const batch of partBatches[k]!) await addToIndex(repo, batch, file);
      }),
    );
    // Every part has finished before one's failure is reported, so no git process writes a part file after the cleanup.
    const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failed) throw failed.reason;
    await mergeIndexParts(partFiles, repo.indexFile, hashedFrom);
  } finally {
    await Promise.all(partFiles.map((file) => fs.rm(file, { force: true })));
  }
  return { looseBlobs: looseBlobsOf(partBatches.flat()) };
}

/**
 * Paths go on stdin: one process however many there are, where arguments need one per 24 kB. No
 * --verbose: git then flushes its pack after every path (a pack per file). Silent, so the time
 * allowed grows with the number of paths instead. `core.bigFileThreshold=1` makes git store every
 * non-empty file through its bulk check-in, one pack per command. `--remove` as well: a file may
 * vanish between lstat and update-index (the agent is still working).
 */
async function addToIndex(repo: ShadowRepository, batch: string[], indexFile?: string): Promise<void> {
  const packed = batch.length >= packFrom ? ['-c', 'core.bigFileThreshold=1'] : [];
  await repo.runWithInput([...packed, 'update-index', '-z', '--add', '--remove', '--stdin'], nulList(batch), stallBudget(batch.length), indexFile);
}

function batchesOf(paths: string[], size: number): string[][] {
  const batches: string[][] = [];
  for (let at = 0; at < paths.length; at += size) batches.push(paths.slice(at, at + size));
  return batches;
}

function looseBlobsOf(batches: string[][]): number {
  return batches.reduce((loose, batch) => loose + (batch.length < packFrom ? batch.length : 0), 0);
}

/** Silent commands get the usual time without output per 10,000 paths they hash. */
export function stallBudget(paths: number): number {
  return Math.max(1, Math.ceil(paths / 10_000));
}

export function nulList(paths: string[]): string {
  return paths.join('\0') + '\0';
}
