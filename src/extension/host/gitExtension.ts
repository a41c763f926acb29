import * as vscode from 'vscode';

/** The little of the built-in git extension's API we use, typed loosely (it ships no types). */
export interface GitRepositoryLike {
  rootUri: vscode.Uri;
  inputBox: { value: string };
  diff?(cached?: boolean): Promise<string>;
}

interface GitApiLike {
  repositories: GitRepositoryLike[];
}

/**
 * The git repository a Source Control title button was pressed for (VS Code passes the
 * SourceControl, whose rootUri names it), else the first one.
 */
export async function gitRepositoryFor(arg: unknown): Promise<GitRepositoryLike | null> {
  const extension = vscode.extensions.getExtension<{ getAPI(version: 1): GitApiLike }>('vscode.git');
  if (!extension) return null;
  const exports = extension.isActive ? extension.exports : await extension.activate();
  const api = exports?.getAPI(1);
  if (!api?.repositories.length) return null;
  const root = (arg as { rootUri?: vscode.Uri } | undefined)?.rootUri?.fsPath;
  return api.repositories.find((r) => r.rootUri.fsPath === root) ?? api.repositories[0]!;
}
