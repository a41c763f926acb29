import { watch, type FSWatcher } from 'chokidar';
import * as path from 'node:path';
import type { FileEvent } from './model';
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
 */
export async function watchWorkspace(workspace: string, options: WorkspaceWatcherOptions): Promise<WorkspaceWatcher> {
  const root = path.resolve(workspace);
  const ignore = options.ignore ?? WorkspaceIgnore.forWorkspace(root);
  const watcher: FSWatcher = watch(root, {
    ignoreInitial: true,
    persistent: true,
    ignored: (file, stats) => {
      const relative = path.relative(root, file).split(path.sep).join('/');
      if (!relative || relative.startsWith('../')) return false;
      if (stats?.isFile() && TRANSIENT_FILE.test(path.basename(file))) return true;
      return ignore.ignores(relative, stats ? stats.isDirectory() : undefined);
    },
  });
  const report = (kind: FileEvent['kind']) => (file: string) => {
    if (!TRANSIENT_FILE.test(path.basename(file))) options.onChange(kind, path.resolve(root, file));
  };
  watcher.on('change', report('save'));
  watcher.on('add', report('create'));
  watcher.on('unlink', report('delete'));
  watcher.on('error', (error) => options.onError?.(explain(error as Error)));
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return { close: () => watcher.close() };
}

function explain(error: Error): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EMFILE') {
    return new Error(`the workspace has more files than the system lets one program watch (${code}); add generated folders to .gitignore, or raise fs.inotify.max_user_watches`);
  }
  return error;
}
