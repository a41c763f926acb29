import * as vscode from 'vscode';

export const MANAGE_TRUST = 'Manage Workspace Trust';

/**
 * Agent runs, hooks, model calls and checkpoint restores only happen in a trusted workspace: a
 * cloned repository must not be able to run commands or send the API key to an endpoint it names.
 * Reading and linting specs works either way. Returns false (after explaining) when untrusted.
 */
export async function requireTrust(what: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const choice = await vscode.window.showWarningMessage(
    `Specwright does not ${what} in an untrusted workspace. Specs can still be read and linted; trust the workspace to let the agent work.`,
    MANAGE_TRUST,
  );
  if (choice === MANAGE_TRUST) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}
