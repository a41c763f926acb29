import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * Specwright's own user-level state (`~/.kiro/specwright/`): approvals and OAuth tokens. Outside
 * every workspace, so nothing a repository brings can approve itself or read a token.
 */
export function userStateDir(home: string): string {
  return path.join(home, '.kiro', 'specwright');
}

/** Reads a JSON file; a missing or unreadable one is empty (approvals are asked again, tokens fetched again). */
export async function readUserJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Writes a JSON file only its owner can read (0600, folder 0700), atomically: a reader sees old or new. */
export async function writeUserJson(file: string, value: unknown): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await fs.writeFile(temp, JSON.stringify(value, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

/** Runs read-modify-write steps on one file one at a time within this process. */
export class SerialFile {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string) {}

  update<T>(change: (current: unknown) => { next: unknown; result: T }): Promise<T> {
    const step = this.queue.then(async () => {
      const { next, result } = change(await readUserJson(this.file));
      await writeUserJson(this.file, next);
      return result;
    });
    this.queue = step.catch(() => undefined);
    return step;
  }

  read(): Promise<unknown> {
    return this.queue.then(() => readUserJson(this.file));
  }
}
