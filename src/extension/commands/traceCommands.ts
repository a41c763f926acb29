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
