import { existsSync, watch, type FSWatcher } from 'node:fs';
import * as path from 'node:path';

/**
 * Follows one folder that may not exist yet (the knowledge store), whoever writes it: this window,
 * the CLI, another window. VS Code's recursive workspace watcher misses files written at once into
 * folders created a moment before (`mkdir -p` then a write, as the store's first write is), so this
 * watches the folder itself, or while it is missing the nearest folder above it that exists, and
 * moves down as the path appears. Each watch is of one folder, not recursive.
 */
export class FolderWatcher {
  private watcher: FSWatcher | null = null;
  private target: string | null = null;
  private watched: string | null = null;
  private top = '';

  constructor(private readonly changed: () => void) {}

  /** Follows `target` (inside `top`, which is never left); again for the same target is a no-op. */
  follow(target: string, top: string): void {
    if (this.target === target && this.watcher) return;
    this.target = target;
    this.top = top;
    this.arm();
  }

  dispose(): void {
    this.close();
    this.target = null;
  }

  private arm(): void {
    this.close();
    const target = this.target;
    if (!target) return;
    let dir = target;
    while (!existsSync(dir) && dir !== this.top && path.dirname(dir) !== dir) dir = path.dirname(dir);
    if (!existsSync(dir)) return;
    // While above the target, only the next folder on the way down matters.
    const next = dir === target ? null : path.relative(dir, target).split(path.sep)[0]!;
    try {
      this.watcher = watch(dir, { persistent: false }, (_event, name) => {
        if (next !== null && name !== null && name !== next) return;
        // The path grew, or the folder went: watch from where the path now ends.
        if (next !== null || !existsSync(dir)) this.arm();
        this.changed();
      });
      this.watched = dir;
      this.watcher.on('error', () => {
        // The folder went (deleted with the store): watch from above it again.
        this.arm();
        this.changed();
      });
    } catch {
      this.watcher = null;
    }
  }

  /** The folder watched now (for tests). */
  get folder(): string | null {
    return this.watcher ? this.watched : null;
  }

  private close(): void {
    this.watcher?.close();
    this.watcher = null;
    this.watched = null;
  }
}
