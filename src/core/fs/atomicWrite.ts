import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { OwnWriteRecorder } from './ownWrites';

/** Raised when a file changed on disk between the moment it was read and the moment we write it. */
export class FileChangedOnDiskError extends Error {
  constructor(readonly file: string) {
    super(`${file} changed on disk since it was read; reload it and try again (nothing was written).`);
    this.name = 'FileChangedOnDiskError';
  }
}

export interface AtomicWriteOptions {
  /**
   * The exact text the caller read and based its edit on. When given, the write is refused with
   * FileChangedOnDiskError if the file no longer holds exactly that text (null: the file must not exist).
   */
  expectedContent?: string | null;
  /** Records the write as Specwright's own (for checkpoint restores); every write Specwright makes itself passes one. */
  ownWrites?: OwnWriteRecorder;
}

/**
 * Writes `content` to `file` so that readers only ever see the old or the new text: a temp file
 * in the same folder, fsync'd, then renamed over the target. The file's mode is kept.
 */
export async function writeFileAtomic(file: string, content: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const current = await readIfExists(file);
  if (options.expectedContent !== undefined) {
    const unchanged = options.expectedContent === null ? current === null : current !== null && current.toString('utf8') === options.expectedContent;
    if (!unchanged) throw new FileChangedOnDiskError(file);
  }
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  let mode: number | undefined;
  if (current !== null) mode = (await fs.stat(file)).mode & 0o7777;
  const handle = await fs.open(temp, 'wx', mode ?? 0o666);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await fs.rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    if (mode !== undefined) await fs.chmod(temp, mode);
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  await options.ownWrites?.recordOwnWrite(file, { before: current, after: content });
}

async function readIfExists(file: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
