import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SpecwrightContext } from '../context';
import { hostRuntime } from '../runtime/load';

/** The example project shipped with the extension: a small todo CLI and its spec. */
const EXAMPLE_FOLDER = ['examples', 'todo-app'];
const EXAMPLE_SPEC = path.join('.kiro', 'specs', 'todo-cli');

/**
 * Open Example: copies the bundled example (its code, tests and `todo-cli` spec) into the open
 * folder and opens the spec's tasks. A file the folder already has is kept as it is, never replaced.
 */
export const openExample = (ctx: SpecwrightContext) => async () => {
  const root = ctx.primaryRoot();
  if (!root) {
    const choice = await vscode.window.showInformationMessage('Specwright: open a folder to copy the example into.', 'Open Folder');
    if (choice) await vscode.commands.executeCommand('workbench.action.files.openFolder');
    return;
  }
  const { copyMissingFiles } = await hostRuntime();
  const { copied, kept } = await copyMissingFiles(path.join(ctx.extension.extensionPath, ...EXAMPLE_FOLDER), root);
  ctx.log.info(`Open Example: copied ${copied.length} file(s) into ${root}${kept.length ? `, kept ${kept.join(', ')}` : ''}`);
  ctx.views.specs.refresh();
  await vscode.window.showTextDocument(vscode.Uri.file(path.join(root, EXAMPLE_SPEC, 'tasks.md')), { preview: false });
  const keptNote = kept.length ? ` ${kept.length} file(s) the folder already had were kept as they are (${kept.slice(0, 3).join(', ')}${kept.length > 3 ? ', …' : ''}).` : '';
  void vscode.window.showInformationMessage(`Specwright: the example spec todo-cli is in .kiro/specs/. Press ▶ Execute Task above a task to run it.${keptNote}`);
};
