import * as path from 'node:path';
import * as vscode from 'vscode';
import { ACCEPT_DRIFT_COMMAND } from '../../shared/lspMethods';
import type { SpecwrightContext } from '../context';
import { showFailure } from '../host/failureNotice';
import { hostRuntime } from '../runtime/load';
import { taskTargetOf } from './commandArgs';

/**
 * Accept Drift (a drifting task in the Specs or Traceability view): the task's files and criteria as
 * they are now become its baseline, as the quick fix on its line in tasks.md does. Through the
 * language server when it runs, so the task's diagnostic goes at once; else straight through the core.
 */
export const acceptDrift = (ctx: SpecwrightContext) => async (arg?: unknown) => {
  const target = taskTargetOf(arg);
  const root = ctx.rootFor(target?.fsPath);
  if (!target || !root) {
    void vscode.window.showInformationMessage('Specwright: Accept Drift applies to a drifting task: use it on one in the Specs or Traceability view, or the quick fix on its line in tasks.md.');
    return;
  }
  const tasksFile = path.join(root, '.kiro', 'specs', target.spec, 'tasks.md');
  try {
    const viaServer = await ctx.specClient.executeServerCommand(ACCEPT_DRIFT_COMMAND, [{ uri: vscode.Uri.file(tasksFile).toString(), taskId: target.taskId }]);
    if (!viaServer) {
      const { acceptTaskDrift, traceDirOf } = await hostRuntime();
      let accepted = false;
      for (const stateDir of ctx.traceSources(root).stateDirs) {
        if (await acceptTaskDrift(root, target.spec, target.taskId, { traceDir: traceDirOf(stateDir) })) accepted = true;
      }
      if (!accepted) throw new Error(`Task ${target.taskId} of ${target.spec} has no trace record to accept: it was never run or linked.`);
    }
  } catch (error) {
    await showFailure(`accepting the drift of task ${target.taskId}`, error, ctx.log);
    return;
  }
  ctx.log.info(`task ${target.taskId} of ${target.spec}: its files and criteria as they are now are its new baseline`);
  ctx.views.specs.refresh();
  ctx.views.traceability.refresh();
};

/** Folders no one links a task to. */
const NOT_LINKED = '{**/node_modules/**,**/.git/**,**/.kiro/**}';

/**
 * Link Files to Task… (a task of the Specs or Traceability view): for a task done by hand, the files
 * it changed, picked from the workspace, go on its `_Files:` line and are recorded as what it wrote,
 * so the trace shows them and later changes to them show as drift (as `specwright spec link`).
 */
export const linkFiles = (ctx: SpecwrightContext) => async (arg?: unknown) => {
  const target = taskTargetOf(arg);
  const root = ctx.rootFor(target?.fsPath);
  if (!target || !root) {
    void vscode.window.showInformationMessage('Specwright: Link Files to Task applies to a task: use it on one in the Specs or Traceability view.');
    return;
  }
  const found = await vscode.workspace.findFiles(new vscode.RelativePattern(vscode.Uri.file(root), '**/*'), NOT_LINKED, 5000);
  const active = vscode.window.activeTextEditor?.document.uri.fsPath;
  const items = found
    .map((uri) => path.relative(root, uri.fsPath).split(path.sep).join('/'))
    .sort()
    .map((relative) => ({ label: relative, picked: active !== undefined && path.join(root, relative) === active }));
  const picked = await vscode.window.showQuickPick(items, {
    title: `Specwright: Link Files to Task ${target.taskId}`,
    placeHolder: `The files task ${target.taskId} of ${target.spec} changed (they go on its "_Files:" line)`,
    canPickMany: true,
  });
  if (!picked?.length) return;
  try {
    const { linkTaskFiles, parseLinkArgument, traceDirOf } = await hostRuntime();
    const result = await linkTaskFiles(root, target.spec, target.taskId, picked.map((p) => parseLinkArgument(root, p.label)), {
      traceDir: traceDirOf(ctx.storage.dirOf(root)),
      ownWrites: ctx.storage.ownWrites(root),
    });
    void vscode.window.showInformationMessage(
      result.added.length ? `Specwright: linked ${result.added.join(', ')} to task ${target.taskId} (its "_Files:" line in tasks.md).` : `Specwright: task ${target.taskId} already links those files; its baseline is recorded.`,
    );
  } catch (error) {
    await showFailure(`linking files to task ${target.taskId}`, error, ctx.log);
    return;
  }
  ctx.views.specs.refresh();
  ctx.views.traceability.refresh();
};
