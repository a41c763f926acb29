import * as vscode from 'vscode';
import { showFailure } from '../host/failureNotice';
import { requireTrust } from '../host/workspaceTrust';
import { checkpointTitle, restorePlanText } from './restoreText';
import type { RunStorage } from './runStorage';

export type RestorePurpose = 'restore' | 'discard';

/** What a restore uses: the agent (never restore under it), the checkpoint store, the log, the Runs view. */
export interface RestorePorts {
  agent: { readonly current: unknown; stop(): boolean };
  storage: Pick<RunStorage, 'checkpointStore'>;
  log: vscode.LogOutputChannel;
  views: { runs: { refresh(): void } };
}

/**
 * Restores a checkpoint after showing what will change (a modal with the plan). Files someone else
 * edited since are named, and only overwritten when the person says so. True when restored.
 */
export async function restoreWithPreview(ctx: RestorePorts, root: string, checkpointId: string, purpose: RestorePurpose = 'restore'): Promise<boolean> {
  if (!(await requireTrust('restore checkpoints'))) return false;
  if (ctx.agent.current) {
    void vscode.window.showWarningMessage('Specwright: stop the agent before restoring a checkpoint (restoring under a running agent would race its edits).', 'Stop Agent').then((c) => {
      if (c) ctx.agent.stop();
    });
    return false;
  }
  try {
    const store = await ctx.storage.checkpointStore(root);
    const plan = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Specwright: comparing with the checkpoint…' }, () => store.restore(checkpointId, { dryRun: true }));
    const title = checkpointTitle(plan.checkpoint);
    if (plan.changes.length === 0) {
      void vscode.window.showInformationMessage(`Specwright: the workspace already matches checkpoint ${title}; nothing to restore.`);
      return true;
    }
    const n = plan.changes.length;
    const files = `${n} file${n === 1 ? '' : 's'}`;
    const question = purpose === 'discard' ? `Specwright: discard the agent's changes to ${files} (back to checkpoint ${title})?` : `Specwright: restore ${files} from checkpoint ${title}?`;
    const button = plan.conflicts.length ? (purpose === 'discard' ? 'Discard Anyway' : 'Restore Anyway') : purpose === 'discard' ? 'Discard Changes' : 'Restore';
    const choice = await vscode.window.showWarningMessage(question, { modal: true, detail: restorePlanText(plan) }, button);
    if (choice !== button) return false;
    const result = await store.restore(checkpointId, { force: plan.conflicts.length > 0 });
    if (result.outcome === 'refused') {
      void vscode.window.showErrorMessage(`Specwright: ${result.message ?? 'the restore was refused; nothing was changed.'}`);
      return false;
    }
    ctx.log.info(`restored checkpoint ${checkpointId} (${result.changes.length} files); undo with checkpoint ${result.safetyCheckpointId ?? '-'}`);
    void vscode.window.showInformationMessage(
      `Specwright: restored ${result.changes.length} file${result.changes.length === 1 ? '' : 's'} from checkpoint ${title}.${result.safetyCheckpointId ? ` To undo, restore checkpoint ${result.safetyCheckpointId.slice(0, 8)}.` : ''}`,
    );
    ctx.views.runs.refresh();
    return true;
  } catch (error) {
    await showFailure('restoring the checkpoint', error, ctx.log);
    return false;
  }
}
