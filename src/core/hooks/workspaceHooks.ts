import * as path from 'node:path';
import { HookDispatcher, type HookDispatcherOptions } from './dispatcher';
import { WorkspaceIgnore } from './ignoreRules';
import { HOOKS_DIR, isHookFileName, loadHooks, type LoadedHooks } from './loadHooks';
import { watchWorkspace, type WorkspaceWatcher } from './workspaceWatcher';

export interface WorkspaceHooksOptions extends Omit<HookDispatcherOptions, 'hooks'> {
  /** The user's home folder (for `~/.kiro/hooks`); injectable for tests. */
  home?: string;
  /** Watch the workspace for file changes (default true); without it, only reported events fire hooks. */
  watch?: boolean;
  /** Called with every (re)load of the hook files, errors included. */
  onLoad?: (loaded: LoadedHooks) => void;
  onWatchError?: (error: Error) => void;
}

export interface WorkspaceHooks {
  readonly dispatcher: HookDispatcher;
  /** The hooks and file errors as last loaded. */
  current(): LoadedHooks;
  /** Reads the hook files again and hands them to the dispatcher. */
  reload(): Promise<LoadedHooks>;
  /** Stops watching and stops running hooks. */
  close(): Promise<void>;
}

/**
 * Hooks for one workspace, ready to use: loads the hook files, watches the workspace, feeds changes
 * to the dispatcher, and reloads when a file under `.kiro/hooks/` changes.
 */
export async function startWorkspaceHooks(options: WorkspaceHooksOptions): Promise<WorkspaceHooks> {
  const loadOptions = options.home !== undefined ? { home: options.home } : {};
  let loaded = await loadHooks(options.workspace, loadOptions);
  // One reading of the .gitignore files for the watcher and the dispatcher: a change seen by one is seen by both.
  const ignore = options.ignore ?? WorkspaceIgnore.forWorkspace(options.workspace);
  const dispatcher = new HookDispatcher({ ...options, hooks: loaded.hooks, ignore });
  options.onLoad?.(loaded);

  const reload = async () => {
    loaded = await loadHooks(options.workspace, loadOptions);
    dispatcher.setHooks(loaded.hooks);
    options.onLoad?.(loaded);
    return loaded;
  };
  // Editors save in several steps (temp file, rename); read the folder once they are done.
  let reloadTimer: NodeJS.Timeout | undefined;
  const hooksDir = path.resolve(options.workspace, HOOKS_DIR);
  const isHookFile = (file: string) => path.dirname(file) === hooksDir && isHookFileName(path.basename(file));

  let watcher: WorkspaceWatcher | undefined;
  if (options.watch !== false) {
    watcher = await watchWorkspace(options.workspace, {
      ignore,
      onChange: (kind, file) => {
        if (isHookFile(file)) {
          clearTimeout(reloadTimer);
          reloadTimer = setTimeout(() => void reload(), 100);
        }
        dispatcher.reportDiskChange(kind, file);
      },
      ...(options.onWatchError ? { onError: options.onWatchError } : {}),
    });
  }

  return {
    dispatcher,
    current: () => loaded,
    reload,
    close: async () => {
      clearTimeout(reloadTimer);
      await watcher?.close();
      await dispatcher.dispose();
    },
  };
}
