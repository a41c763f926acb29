import { watch, type FSWatcher } from 'chokidar';
import * as path from 'node:path';
import type { FileEvent } from './model';
import { FolderFiles } from './folderFiles';
import { WorkspaceIgnore } from './ignoreRules';

export interface WorkspaceWatcherOptions {
  /** A file was saved, created or deleted (absolute path). */
  onChange: (kind: FileEvent['kind'], absolutePath: string) => void;
  onError?: (error: Error) => void;
  /** Defaults to the workspace's root `.gitignore` plus `.git`, `node_modules`, `.kiro/.specwright`. */
  ignore?: WorkspaceIgnore;
}

export interface WorkspaceWatcher {
  close(): Promise<void>;
}

/**
 * Files that exist only for an instant while something else is being saved: writeFileAtomic's
 * `.name.<hex>.tmp`, and editors' swap and backup files. Their create/delete would fire hooks for
 * changes nobody made.
 */
const TRANSIENT_FILE = /(^\..+\.[0-9a-f]{12}\.tmp$)|(\.sw[px]$)|(~$)|(^\.#)|(^4913$)/;

/**
 * Watches every file of the workspace that is not ignored, and resolves once the initial scan is
 * done (changes made after that are reported; the files already there are not).
 *
 * chokidar watches folders only: given files too, it opens one `fs.watch` per file, close to 8 KB
 * each (800 MB over 100,000 files). Each folder's files are followed by one watch on the folder
 * ({@link FolderFiles}).
 */
export async function watchWorkspace(workspace: string, options: WorkspaceWatcherOptions): Promise<WorkspaceWatcher> {
  const root = path.resolve(workspace);
  const ignore = options.ignore ?? WorkspaceIgnore.forWorkspace(root);
  const relativeOf = (file: string) => path.relative(root, file).split(path.sep).join('/');
  const watcher: FSWatcher = watch(root, {
    ignoreInitial: false,
    persistent: true,
    ignored: (file, stats) => {
      const relative = relativeOf(file);
      if (!relative || relative.startsWith('../')) return false;
      if (stats && !stats.isDirectory()) return true;
      return ignore.ignores(relative, stats ? true : undefined);
    },
  });
  const onError = (error: Error) => options.onError?.(explain(error));
  const events = settledEvents(options.onChange);
  const folderOptions = {
    accepts: (file: string) => !TRANSIENT_FILE.test(path.basename(file)) && !ignore.ignores(relativeOf(file), false),
    onChange: events.report,
    onError,
  };
  const folders = new Map<string, FolderFiles>();
  const initialScans: Promise<void>[] = [];
  let ready = false;
  watcher.on('addDir', (dir: string) => {
    const folder = path.resolve(root, dir);
    if (folders.has(folder)) return;
    const files = new FolderFiles(folder, folderOptions);
    folders.set(folder, files);
    const scan = files.scan(ready);
    if (!ready) initialScans.push(scan);
  });
  watcher.on('unlinkDir', (dir: string) => {
    const folder = path.resolve(root, dir);
    folders.get(folder)?.removed();
    folders.delete(folder);
  });
  watcher.on('error', (error) => onError(error as Error));
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  ready = true;
  await Promise.all(initialScans);
  return {
    close: async () => {
      for (const files of folders.values()) files.close();
      folders.clear();
      events.close();
      await watcher.close();
    },
  };
}

/**
 * Shapes a folder's raw events as chokidar did when it watched files itself. A delete followed
 * within 100 ms by a create of the same path is one save (editors that save by delete and write).
 * One write can be several events: saves of a path within 50 ms of its last event are dropped.
 */
function settledEvents(onChange: WorkspaceWatcherOptions['onChange']) {
  const deleting = new Map<string, NodeJS.Timeout>();
  const recent = new Map<string, NodeJS.Timeout>();
  return {
    report(kind: FileEvent['kind'], file: string): void {
      if (kind === 'delete') {
        clearTimeout(deleting.get(file));
        deleting.set(
          file,
          setTimeout(() => {
            deleting.delete(file);
            onChange('delete', file);
          }, 100),
        );
        return;
      }
      if (kind === 'create' && deleting.has(file)) {
        clearTimeout(deleting.get(file));
        deleting.delete(file);
        kind = 'save';
      }
      if (kind === 'save' && recent.has(file)) return;
      clearTimeout(recent.get(file));
      recent.set(file, setTimeout(() => recent.delete(file), 50));
      onChange(kind, file);
    },
    close(): void {
      for (const timer of [...deleting.values(), ...recent.values()]) clearTimeout(timer);
      deleting.clear();
      recent.clear();
    },
  };
}

function explain(error: Error): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EMFILE') {
    return new Error(`the workspace has more files than the system lets one program watch (${code}); add generated folders to .gitignore, or raise fs.inotify.max_user_watches`);
  }
  return error;
}
