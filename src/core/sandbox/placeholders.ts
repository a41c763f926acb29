import { mkdirSync, readdirSync, rmdirSync } from 'node:fs';

/**
 * Empty folders made where a protected folder (`.git`, `.kiro`, `.vscode`) does not exist yet, so a
 * read-only mount can sit there and the command cannot create it. Each is removed again, if still
 * empty, once no sandboxed command of this process uses it: removing it while another sandbox still
 * has its mount there would lift that sandbox's protection. The count is per process for that reason.
 */
const holders = new Map<string, number>();

/** Makes `dir` exist for the length of a command; false when it could not be made (it then stays unprotected). */
export function holdPlaceholder(dir: string): boolean {
  const count = holders.get(dir);
  if (count !== undefined) {
    holders.set(dir, count + 1);
    return true;
  }
  try {
    mkdirSync(dir);
  } catch (error) {
    // Made by someone else meanwhile: it is theirs, and the command sees it read-only like any other.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return true;
    return false;
  }
  holders.set(dir, 1);
  return true;
}

/** True while `dir` is one of ours: to every other command it is still a folder that does not exist. */
export function isPlaceholder(dir: string): boolean {
  return holders.has(dir);
}

export function releasePlaceholder(dir: string): void {
  const count = holders.get(dir);
  if (count === undefined) return;
  if (count > 1) {
    holders.set(dir, count - 1);
    return;
  }
  holders.delete(dir);
  removeIfEmpty(dir);
}

function removeIfEmpty(dir: string): void {
  try {
    if (readdirSync(dir).length === 0) rmdirSync(dir);
  } catch {
    // Gone already, or someone put something in it: theirs now.
  }
}

process.once('exit', () => {
  for (const dir of holders.keys()) removeIfEmpty(dir);
});
