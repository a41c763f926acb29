import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { checkpointRefPrefix, type ShadowRepository } from './shadowRepository';
import type { Checkpoint } from './types';

/**
 * A checkpoint is a parentless commit of the workspace tree under refs/specwright/checkpoints/<id>.
 * Parentless so that dropping a ref makes exactly that checkpoint's unshared objects prunable; its
 * details travel in the commit message, so the repository is the only source of truth.
 */
export interface StoredCheckpoint extends Checkpoint {
  commit: string;
  tree: string;
  seq: number;
}

const metadataPrefix = 'specwright-checkpoint: ';

const metadataSchema = z.object({
  v: z.literal(1),
  seq: z.number().int(),
  task: z.string().nullable(),
  reason: z.enum(['before-task', 'before-approval', 'before-restore', 'manual']),
  createdAt: z.string(),
  files: z.number().int().nonnegative(),
  userHead: z.object({ commit: z.string().nullable(), branch: z.string().nullable() }).optional(),
});

type Metadata = z.infer<typeof metadataSchema>;

export function checkpointMessage(meta: Omit<Metadata, 'v'>): string {
  const subject = meta.task ?? `(${meta.reason})`;
  return `${subject.replace(/\s+/g, ' ').slice(0, 200)}\n\n${metadataPrefix}${JSON.stringify({ v: 1, ...meta })}\n`;
}

/** Every readable checkpoint, oldest first. */
export async function readCheckpoints(repo: ShadowRepository): Promise<StoredCheckpoint[]> {
  const out = await repo.run(['for-each-ref', '--format=%(refname:lstrip=3)%00%(objectname)%00%(tree)%00%(contents)%00', checkpointRefPrefix]);
  const fields = out.split('\0');
  const checkpoints: StoredCheckpoint[] = [];
  for (let i = 0; i + 3 < fields.length; i += 4) {
    const id = fields[i]!.replace(/^\n/, '');
    const meta = parseMetadata(fields[i + 3]!);
    if (!meta) continue;
    const { seq, task, reason, createdAt, files, userHead } = meta;
    checkpoints.push({ id, commit: fields[i + 1]!, tree: fields[i + 2]!, seq, task, reason, createdAt, files, ...(userHead ? { userHead } : {}) });
  }
  return checkpoints.sort((a, b) => a.seq - b.seq);
}

/**
 * The checkpoint list, read from git again only when the refs changed. Checkpoint refs are only
 * created and deleted, never moved: the names in their folder change, or packed-refs is replaced
 * (gc moves refs there, deleting a packed ref rewrites it; both by rename, so a new inode).
 */
export class CheckpointListCache {
  private cached: { refs: RefsFingerprint; checkpoints: StoredCheckpoint[] } | null = null;

  constructor(private readonly repo: ShadowRepository) {}

  async read(): Promise<StoredCheckpoint[]> {
    const refs = await this.fingerprint();
    if (!this.cached || !sameRefs(refs, this.cached.refs)) this.cached = { refs, checkpoints: await readCheckpoints(this.repo) };
    return [...this.cached.checkpoints];
  }

  /** This store has just written `checkpoint`'s ref: the list is the known one plus it, unless something else changed too. */
  async noteCreated(checkpoint: StoredCheckpoint): Promise<void> {
    const known = this.cached;
    const refs = await this.fingerprint();
    const expected = known && { packed: known.refs.packed, names: [...known.refs.names, checkpoint.id].sort() };
    this.cached = known && expected && sameRefs(refs, expected) ? { refs, checkpoints: [...known.checkpoints, checkpoint] } : null;
  }

  private async fingerprint(): Promise<RefsFingerprint> {
    const folder = path.join(this.repo.gitDir, ...checkpointRefPrefix.split('/').filter(Boolean));
    const [names, packed] = await Promise.all([fs.readdir(folder).catch(() => []), fs.stat(path.join(this.repo.gitDir, 'packed-refs')).catch(() => null)]);
    return { packed: packed ? `${packed.ino}:${packed.size}:${packed.mtimeMs}` : 'none', names: names.sort() };
  }
}

interface RefsFingerprint {
  packed: string;
  names: string[];
}

function sameRefs(a: RefsFingerprint, b: RefsFingerprint): boolean {
  return a.packed === b.packed && a.names.length === b.names.length && a.names.every((name, i) => name === b.names[i]);
}

function parseMetadata(message: string): Metadata | null {
  const line = message.split('\n').find((l) => l.startsWith(metadataPrefix));
  if (!line) return null;
  try {
    const parsed = metadataSchema.safeParse(JSON.parse(line.slice(metadataPrefix.length)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The public face of a stored checkpoint (no git object ids). */
export function publicCheckpoint(c: StoredCheckpoint): Checkpoint {
  const { id, task, reason, createdAt, files, userHead } = c;
  return { id, task, reason, createdAt, files, ...(userHead ? { userHead } : {}) };
}

export async function deleteCheckpointRef(repo: ShadowRepository, id: string): Promise<void> {
  await repo.run(['update-ref', '-d', `${checkpointRefPrefix}${id}`]);
}
