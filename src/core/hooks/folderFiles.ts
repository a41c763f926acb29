import { watch, type FSWatcher } from 'node:fs';
import { lstat, readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { FileEvent } from './model';

export interface FolderFilesOptions {
  /** Whether a file is worth reporting (not ignored, not an editor's temporary file). */
  accepts: (absolutePath: string) => boolean;
  onChange: (kind: FileEvent['kind'], absolutePath: string) => void;
  /** A subfolder appeared or changed (absolute path); it may be one already known. */
  onFolder?: (absolutePath: string) => void;
  /** The folder's `.gitignore` was created, changed or deleted (absolute path), ignored or not. */
  onGitignore?: (absolutePath: string) => void;
  onError: (error: Error) => void;
}

/**
 * The files directly inside one folder (not its subfolders), kept with one non-recursive `fs.watch`
 * on the folder. One watch per folder instead of one per file is what keeps a large workspace cheap;
 * the names are remembered so that a file replaced by a rename (an atomic save) reads as a save, not
 * a create.
 */
export class FolderFiles {
  private readonly names = new Set<string>();
  private readonly watcher: FSWatcher | undefined;
  /** Events are checked one at a time, in order, after the first read of the folder. */
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    readonly folder: string,
    private readonly options: FolderFilesOptions,
  ) {
    try {
      this.watcher = watch(folder, { persistent: true }, (_event, name) => {
        if (name) this.enqueue(() => this.check(name.toString()));
      });
      this.watcher.on('error', (error) => this.fail(error));
    } catch (error) {
      this.fail(error as Error);
    }
  }

  /**
   * Reads the folder once, and returns its subfolders (the workspace walk goes on from them).
   * `reportExisting` reports the files found as created: the folder appeared while watching, and
   * its files came with it.
   */
  async scan(reportExisting: boolean): Promise<string[]> {
    const subfolders: string[] = [];
    await this.enqueue(async () => {
      const entries = await readdir(this.folder, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        const file = path.join(this.folder, entry.name);
        // Symlinked folders are not followed: a link to an ancestor would be walked forever.
        if (entry.isDirectory()) subfolders.push(file);
        if (this.closed || !(entry.isFile() || (entry.isSymbolicLink() && (await isFile(file))))) continue;
        if (this.names.has(entry.name) || !this.options.accepts(file)) continue;
        this.names.add(entry.name);
        if (reportExisting) this.options.onChange('create', file);
      }
    });
    return this.closed ? [] : subfolders;
  }

  /**
   * The ignore rules changed: files now refused are forgotten and files now accepted become known,
   * without an event either way (nothing happened to them). Returns the subfolders, as scan does.
   */
  async refresh(): Promise<string[]> {
    await this.enqueue(async () => {
      for (const name of [...this.names]) if (!this.options.accepts(path.join(this.folder, name))) this.names.delete(name);
    });
    return this.scan(false);
  }

  /** The folder itself was removed: the files it still held are deleted. */
  removed(): void {
    if (this.closed) return;
    for (const name of this.names) this.options.onChange('delete', path.join(this.folder, name));
    this.close();
  }

  close(): void {
    this.closed = true;
    this.names.clear();
    this.watcher?.close();
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(step).catch((error: Error) => this.fail(error));
    return this.queue;
  }

  private async check(name: string): Promise<void> {
    const file = path.join(this.folder, name);
    const kind = await kindOf(file);
    if (this.closed) return;
    if (name === '.gitignore') this.options.onGitignore?.(file);
    if (kind === 'folder') this.options.onFolder?.(file);
    if (kind !== 'file') {
      if (this.names.delete(name)) this.options.onChange('delete', file);
    } else if (this.names.has(name)) {
      this.options.onChange('save', file);
    } else if (this.options.accepts(file)) {
      this.names.add(name);
      this.options.onChange('create', file);
    }
  }

  private fail(error: Error): void {
    const code = (error as NodeJS.ErrnoException).code;
    // The folder went away between being found and being watched or read: nothing to report.
    if (code !== 'ENOENT' && code !== 'EPERM' && !this.closed) this.options.onError(error);
  }
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/** Symlinks are followed to files only, as in {@link FolderFiles.scan}. */
async function kindOf(file: string): Promise<'file' | 'folder' | undefined> {
  try {
    const stats = await lstat(file);
    if (stats.isDirectory()) return 'folder';
    return stats.isFile() || (stats.isSymbolicLink() && (await isFile(file))) ? 'file' : undefined;
  } catch {
    return undefined;
  }
}
