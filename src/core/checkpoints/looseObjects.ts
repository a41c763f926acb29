import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { deflateSync } from 'node:zlib';

/**
 * The two writes that end every checkpoint, done in-process in git's documented on-disk formats
 * (a zlib-deflated loose object, a loose ref file) instead of `git commit-tree` and `git update-ref`:
 * each git process costs more than the write itself, and a checkpoint of a few files is mostly
 * process starts. Only for the shadow repository, which Specwright creates (SHA-1, files ref
 * backend) and never shares, and whose every write runs in turn (see CheckpointStore).
 */

export interface CommitIdentity {
  name: string;
  email: string;
}

/** Writes a parentless commit of `tree` with `message` and returns its id. */
export async function writeCommit(gitDir: string, tree: string, message: string, who: CommitIdentity, when: Date): Promise<string> {
  const stamp = `${who.name} <${who.email}> ${Math.floor(when.getTime() / 1000)} +0000`;
  const body = Buffer.from(`tree ${tree}\nauthor ${stamp}\ncommitter ${stamp}\n\n${message}`, 'utf8');
  const object = Buffer.concat([Buffer.from(`commit ${body.byteLength}\0`, 'latin1'), body]);
  const id = createHash('sha1').update(object).digest('hex');
  const file = path.join(gitDir, 'objects', id.slice(0, 2), id.slice(2));
  await fs.mkdir(path.dirname(file), { recursive: true });
  // git's own temporary-object name, so a write cut short is cleaned up by its gc like any other.
  const temp = path.join(path.dirname(file), `tmp_obj_${process.pid}_${randomBytes(4).toString('hex')}`);
  await fs.writeFile(temp, deflateSync(object));
  await fs.rename(temp, file);
  return id;
}

/**
 * Points `ref` (refs/…) at `id` with a loose ref file. The temporary name ends in `.lock`, which
 * git never reads as a ref, so an interrupted write leaves nothing git would list.
 */
export async function writeRef(gitDir: string, ref: string, id: string): Promise<void> {
  const file = path.join(gitDir, ...ref.split('/'));
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.lock`;
  await fs.writeFile(temp, `${id}\n`);
  await fs.rename(temp, file);
}
