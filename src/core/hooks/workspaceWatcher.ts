import { watch, type FSWatcher } from 'chokidar';
import * as path from 'node:path';
import type { FileEvent } from './model';
import { FolderFiles } from './folderFiles';
import { WorkspaceIgnore } from './ignoreRules';

export interface WorkspaceWatcherOptions {
  /** A file was saved, created or deleted (absolute path). */
  onChange: (kind: FileEvent['kind'], absolutePath: string) => void;
  onError?: (error: Error) => void;
  /** Defaults to the workspace's `.gitignore` files plus `.git`, `node_modules`, `.kiro/.specwright`. */
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
 * Folders read at the same time while walking the workspace. Reading every folder at once (as
 * chokidar's own recursive scan does, stat-ing every entry) cost 427 MB over 100,000 files.
 */
const WALK_CONCURRENCY = 8;

/**
 * Watches every file of the workspace that is not ignored, and resolves once the initial scan is
 * done (changes made after that are reported; the files already there are not).
 *
 * chokidar watches folders only: given files too, it opens one `fs.watch` per file, close to 8 KB
 * each (800 MB over 100,000 files). Each folder's files are followed by one watch on the folder
 * ({@link FolderFiles}). The tree is walked here, a few folders at a time, and each folder is given to
 * chokidar on its own with depth 0: it then reads only that folder, and still reports the folders
 * created or removed in it.
 *
 * A `.gitignore` created, changed or deleted while watching, at any depth, applies at once to the
 * events that follow; then the folders below it are looked at again: newly ignored ones are no
 * longer watched, newly un-ignored ones are (their files are not reported as created).
 */
export async function watchWorkspace(workspace: string, options: WorkspaceWatcherOptions): Promise<WorkspaceWatcher> {
  const root = path.resolve(workspace);
  const ignore = options.ignore ?? WorkspaceIgnore.forWorkspace(root);
  const relativeOf = (file: string) => path.relative(root, file).split(path.sep).join('/');
  const watcher: FSWatcher = watch([], {
    depth: 0,
    // As in the walk (FolderFiles.scan): a symlinked folder may lead back to its own ancestor.
    followSymlinks: false,
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
  const folders = new Map<string, FolderFiles>();
  /** Folders a walk has reached or is about to: chokidar reports them as added too. */
  const found = new Set<string>();
  let ready = false;
  let closed = false;
  const added = (folder: string) => {
    if (!closed && !found.has(folder) && !ignore.ignores(relativeOf(folder), true)) void follow(folder, ready);
  };
  const reapplyTimers = new Map<string, NodeJS.Timeout>();
  const gitignoreChanged = (file: string) => {
    ignore.noteChange(relativeOf(file));
    // Editors save in steps: look at the folders once they are done.
    const folder = path.dirname(file);
    clearTimeout(reapplyTimers.get(folder));
    reapplyTimers.set(
      folder,
      setTimeout(() => {
        reapplyTimers.delete(folder);
        reapplyIgnores(folder).catch(onError);
      }, 50),
    );
  };
  const folderOptions = {
    accepts: (file: string) => !TRANSIENT_FILE.test(path.basename(file)) && !ignore.ignores(relativeOf(file), false),
    onChange: events.report,
    onGitignore: gitignoreChanged,
    // chokidar reads a folder before it watches it, and misses a subfolder created in between; the
    // folder's own watch, opened before it was read, does not.
    onFolder: added,
    onError,
  };
  const visit = async (folder: string, reportExisting: boolean): Promise<string[]> => {
    if (closed) return [];
    folders.get(folder)?.close();
    const files = new FolderFiles(folder, folderOptions);
    folders.set(folder, files);
    const subfolders = (await files.scan(reportExisting)).filter((sub) => !found.has(sub) && !ignore.ignores(relativeOf(sub), true));
    // chokidar.add would reopen a closed watcher.
    if (closed) return [];
    for (const sub of subfolders) found.add(sub);
    // Only once its subfolders are found: chokidar's addDir for them must not read as new folders.
    watcher.add(folder);
    return subfolders;
  };
  const follow = (folder: string, reportExisting: boolean) => {
    found.add(folder);
    return walkFolders(folder, (f) => visit(f, reportExisting), onError);
  };
  /** The rules for `top` and below changed: stop watching what is now ignored, start on what no longer is. */
  const reapplyIgnores = async (top: string) => {
    const below = [...folders.keys()].filter((f) => f === top || f.startsWith(`${top}${path.sep}`)).sort((a, b) => a.length - b.length);
    for (const folder of below) {
      const files = folders.get(folder);
      if (closed || !files) continue;
      // Top-down: a folder ignored now takes its subfolders with it, which come later in the list.
      if (folder !== root && ignore.ignores(relativeOf(folder), true)) {
        files.close();
        folders.delete(folder);
        found.delete(folder);
        watcher.unwatch(folder);
        continue;
      }
      for (const sub of await files.refresh()) {
        if (!closed && !found.has(sub) && !ignore.ignores(relativeOf(sub), true)) await follow(sub, false);
      }
    }
  };
  watcher.on('addDir', (dir: string) => {
    added(path.resolve(root, dir));
  });
  watcher.on('unlinkDir', (dir: string) => {
    const folder = path.resolve(root, dir);
    // Its .gitignore, if it had one, went with it.
    ignore.noteChange(relativeOf(path.join(folder, '.gitignore')));
    folders.get(folder)?.removed();
    folders.delete(folder);
    found.delete(folder);
  });
  watcher.on('error', (error) => onError(error as Error));
  await follow(root, false);
  ready = true;
  return {
    close: async () => {
      closed = true;
      for (const timer of reapplyTimers.values()) clearTimeout(timer);
      reapplyTimers.clear();
      for (const files of folders.values()) files.close();
      folders.clear();
      events.close();
      await watcher.close();
    },
  };
}

/** Visits `start` and every folder `visit` returns below it, at most WALK_CONCURRENCY at a time. */
function walkFolders(start: string, visit: (folder: string) => Promise<string[]>, onError: (error: Error) => void): Promise<void> {
  return new Promise((resolve) => {
    const pending = [start];
    let running = 0;
    const next = () => {
      while (running < WALK_CONCURRENCY && pending.length > 0) {
        running++;
        visit(pending.pop()!)
          .then((subfolders) => pending.push(...subfolders), onError)
          .finally(() => {
            running--;
            if (running === 0 && pending.length === 0) resolve();
            else next();
          });
      }
    };
    next();
  });
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
