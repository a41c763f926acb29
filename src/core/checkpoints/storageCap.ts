import { deleteCheckpointRef, readCheckpoints } from './checkpointRecords';
import type { ShadowRepository } from './shadowRepository';
import type { SnapshotWrites } from './snapshot';

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
  /** Whether git packed the store (no loose objects left). */
  packed: boolean;
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
    if (initial.looseObjects <= looseObjectLimit) return { evicted: [], bytes, packed: false };
    await repo.run(['gc', '--quiet', '--prune=now']);
    return { evicted: [], bytes, packed: true };
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
  return { evicted, bytes, packed: true };
}

/** Disk blocks are 4 KiB: a loose object takes at least one, and a compressed one can outgrow its data a little. */
const block = 4096;
/** A tree entry: mode, a name of at most 255 bytes, and the object id. */
const treeEntryBytes = 300;

/**
 * An upper bound of the store's size kept without asking git: the last size measured plus, for every
 * snapshot since, the most its new objects can take (its files, compressed no smaller than nothing,
 * each in whole blocks, and every tree written again). `current` gives the bound while it is below
 * the cap and the loose-object limit and the last measurement is recent; otherwise null, and the
 * caller measures, so the cap is enforced exactly as with a measurement every time.
 */
export class StorageBound {
  private measured: StorageSize | null = null;
  private snapshotsSince = 0;

  constructor(
    private readonly maxBytes: number,
    /** Other processes may write to the same store: measure at least this often. */
    private readonly measureEvery = 16,
  ) {}

  /** A snapshot stored `writes`. */
  grow(writes: SnapshotWrites): void {
    this.snapshotsSince++;
    if (!this.measured) return;
    const trees = writes.files * (writes.depth + 1);
    this.measured = {
      bytes: this.measured.bytes + writes.bytes * 1.01 + writes.files * block + trees * block + writes.indexEntries * treeEntryBytes + block,
      looseObjects: this.measured.looseObjects + writes.looseBlobs + trees + 1,
    };
  }

  /** The bound, or null when it has to be measured. */
  current(): StorageSize | null {
    const bound = this.measured;
    if (!bound || this.snapshotsSince > this.measureEvery) return null;
    return bound.bytes <= this.maxBytes && bound.looseObjects <= looseObjectLimit ? bound : null;
  }

  /** The store measured (or packed, when the outcome of a cap says so). */
  remember(size: StorageSize): void {
    this.measured = size;
    this.snapshotsSince = 0;
  }
}
