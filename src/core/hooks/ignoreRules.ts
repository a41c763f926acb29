import { WorkspaceGitignore } from '../fs';

/**
 * Folders never watched: version control, dependencies, and Specwright's own run state (run logs and
 * checkpoints are written during runs, and must not look like the user's edits).
 */
const ALWAYS_IGNORED_NAMES = new Set(['.git', 'node_modules']);
const ALWAYS_IGNORED_PATHS = ['.kiro/.specwright'];

/**
 * What file changes hooks never hear about: the folders above, and whatever the workspace's
 * `.gitignore` files ignore, nested ones included ({@link WorkspaceGitignore}).
 */
export class WorkspaceIgnore {
  private constructor(private readonly gitignore: WorkspaceGitignore) {}

  static forWorkspace(workspace: string): WorkspaceIgnore {
    return new WorkspaceIgnore(new WorkspaceGitignore(workspace));
  }

  /**
   * `relativePath` uses forward slashes. `isDirectory` undefined means "not known": folder-only rules
   * then apply too, which errs towards ignoring (the watcher asks before it has looked).
   */
  ignores(relativePath: string, isDirectory?: boolean): boolean {
    if (!relativePath || relativePath === '.') return false;
    if (relativePath.split('/').some((s) => ALWAYS_IGNORED_NAMES.has(s))) return true;
    if (ALWAYS_IGNORED_PATHS.some((p) => relativePath === p || relativePath.startsWith(`${p}/`))) return true;
    return this.gitignore.ignores(relativePath, isDirectory);
  }

  /** A file changed: when it is a `.gitignore`, its rules are read again (true). */
  noteChange(relativePath: string): boolean {
    return this.gitignore.noteChange(relativePath);
  }
}
