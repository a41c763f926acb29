import { constants, promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * Copies every file of `from` into `to`, keeping what `to` already has: a file that exists there is
 * left alone (the copy itself refuses to replace it, so a file created meanwhile is safe too).
 * Returns both lists, relative and with `/`.
 */
export async function copyMissingFiles(from: string, to: string): Promise<{ copied: string[]; kept: string[] }> {
  const copied: string[] = [];
  const kept: string[] = [];
  const entries = await fs.readdir(from, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => path.relative(from, path.join(e.parentPath, e.name))).sort();
  for (const relative of files) {
    const target = path.join(to, relative);
    const shown = relative.split(path.sep).join('/');
    await fs.mkdir(path.dirname(target), { recursive: true });
    try {
      await fs.copyFile(path.join(from, relative), target, constants.COPYFILE_EXCL);
      copied.push(shown);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      kept.push(shown);
    }
  }
  return { copied, kept };
}
