import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';

/**
 * Joins index files that git wrote for disjoint sets of paths into one index, in git's documented
 * index format (versions 2 and 3; gitformat-index(5)): the entries are copied byte for byte, stat
 * data and blob ids as git recorded them, so git trusts them as if it had written the whole index
 * itself. Extensions are left out (each is an optional cache git rebuilds: cache tree, untracked
 * cache). Lets a first snapshot hash its files in several git processes at once (see storeFiles).
 */

interface IndexPart {
  version: number;
  entries: Buffer[];
}

/**
 * Writes `parts` (missing ones count as empty) as one index at `target`, the way git replaces an
 * index: through `<target>.lock`, which also keeps out any git command that would write it meanwhile.
 * The new index gets `hashedFrom` (when git started hashing the files) as its time, so every entry
 * whose file changed since is "racily clean" to git and compared by content, never trusted by its
 * stat data: as safe as an index git wrote itself the moment it began.
 */
export async function mergeIndexParts(parts: string[], target: string, hashedFrom: Date): Promise<void> {
  const read = await Promise.all(parts.map(readIndexPart));
  const entries = read.flatMap((part) => part.entries);
  if (!inPathOrder(read)) entries.sort((a, b) => Buffer.compare(entryName(a), entryName(b)));
  const header = Buffer.alloc(12);
  header.write('DIRC', 0, 'latin1');
  header.writeUInt32BE(Math.max(2, ...read.map((part) => part.version)), 4);
  header.writeUInt32BE(entries.length, 8);
  const body = Buffer.concat([header, ...entries]);
  const checksum = createHash('sha1').update(body).digest();
  const lock = `${target}.lock`;
  const handle = await fs.open(lock, 'wx').catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
    throw new Error(`${lock} exists: another git command is writing the checkpoint index, or one was cut short (then delete that file)`);
  });
  try {
    try {
      await handle.writeFile(Buffer.concat([body, checksum]));
    } finally {
      await handle.close();
    }
    const seconds = Math.floor(hashedFrom.getTime() / 1000);
    await fs.utimes(lock, seconds, seconds);
    await fs.rename(lock, target);
  } catch (error) {
    await fs.rm(lock, { force: true });
    throw error;
  }
}

const extendedFlag = 0x4000;
const nameLengthMask = 0x0fff;
/** ctime, mtime, dev, ino, mode, uid, gid, size: ten 32-bit fields before the object id. */
const statBytes = 40;
const sha1Bytes = 20;

async function readIndexPart(file: string): Promise<IndexPart> {
  let data: Buffer;
  try {
    data = await fs.readFile(file);
  } catch (error) {
    // A part whose every file vanished before git got to it: git wrote no index.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 2, entries: [] };
    throw error;
  }
  const version = data.length >= 12 && data.toString('latin1', 0, 4) === 'DIRC' ? data.readUInt32BE(4) : 0;
  if (version !== 2 && version !== 3) throw new Error(`${file} is not an index file of version 2 or 3 (got ${version || 'no index header'})`);
  const count = data.readUInt32BE(8);
  const entries: Buffer[] = [];
  let at = 12;
  for (let i = 0; i < count; i++) {
    const flags = data.readUInt16BE(at + statBytes + sha1Bytes);
    const nameAt = at + statBytes + sha1Bytes + (flags & extendedFlag ? 4 : 2);
    let nameLength = flags & nameLengthMask;
    if (nameLength === nameLengthMask) nameLength = data.indexOf(0, nameAt) - nameAt;
    // Each entry is padded with 1–8 NULs to a multiple of 8 bytes.
    const end = at + ((nameAt - at + nameLength + 8) & ~7);
    if (nameLength < 0 || end > data.length - sha1Bytes) throw new Error(`${file} ends inside entry ${i + 1} of ${count}`);
    entries.push(data.subarray(at, end));
    at = end;
  }
  return { version, entries };
}

function entryName(entry: Buffer): Buffer {
  const flags = entry.readUInt16BE(statBytes + sha1Bytes);
  const nameAt = statBytes + sha1Bytes + (flags & extendedFlag ? 4 : 2);
  const end = entry.indexOf(0, nameAt);
  return entry.subarray(nameAt, end < 0 ? entry.length : end);
}

/** Whether the parts, each sorted by git, follow each other in path order (they were cut from one sorted list). */
function inPathOrder(parts: IndexPart[]): boolean {
  let last: Buffer | null = null;
  for (const { entries } of parts) {
    if (entries.length === 0) continue;
    if (last && Buffer.compare(last, entryName(entries[0]!)) >= 0) return false;
    last = entryName(entries[entries.length - 1]!);
  }
  return true;
}
