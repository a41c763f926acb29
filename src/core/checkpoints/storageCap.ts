import { deleteCheckpointRef, readCheckpoints } from './checkpointRecords';
import type { ShadowRepository } from './shadowRepository';

export interface StorageSize {
  bytes: number;
  looseObjects: number;
}

/** Bytes the shadow repository's objects take on disk (loose, packed and garbage), per `git count-objects`. */
export async function storageBytes(repo: ShadowRepository): Promise<StorageSize> {
  const out = await repo.run(['count-objects', '-v']);
  const field = (name: string) => Number(new RegExp(`^${name}: (\\d+)$`, 'm').exec(out)?.[1] ?? 0);
  return { bytes: (field('size') + field('size-pack') + field('size-garbage')) * 1024, looseObjects: field('count') };
}

/** Loose objects beyond this are packed: thousands of small files make every later count slower. */
const looseObjectLimit = 5_000;

export interface CapOutcome {
  /** Ids of the checkpoints dropped to get under the cap, oldest first. */
  evicted: string[];
  bytes: number;
}

/**
 * Keeps the shadow repository under `maxBytes` by dropping the oldest checkpoints (never the newest)
 * and pruning what only they referenced. Objects the shadow index still uses (the workspace as it is)
 * always stay, so a cap smaller than one snapshot keeps only the newest checkpoint. `measured` is a
 * size just taken (after the snapshot's objects were written), so the common case needs no git command.
 */
export async function enforceStorageCap(repo: ShadowRepository, maxBytes: number, measured?: StorageSize): Promise<CapOutcome> {
  const initial = measured ?? (await storageBytes(repo));
  let bytes = initial.bytes;
  if (bytes <= maxBytes) {
    if (initial.looseObjects > looseObjectLimit) await repo.run(['gc', '--quiet', '--prune=now']);
    return { evicted: [], bytes };
  }
  const evicted: string[] = [];
  // A pack compresses loose objects a lot: measure again once packed before evicting anything.
  await repo.run(['gc', '--quiet', '--prune=now']);
  ({ bytes } = await storageBytes(repo));
  while (bytes > maxBytes) {
    const checkpoints = await readCheckpoints(repo);
    const oldest = checkpoints[0];
    if (!oldest || checkpoints.length <= 1) break;
    await deleteCheckpointRef(repo, oldest.id);
    evicted.push(oldest.id);
    await repo.run(['gc', '--quiet', '--prune=now']);
    ({ bytes } = await storageBytes(repo));
  }
  return { evicted, bytes };
}
