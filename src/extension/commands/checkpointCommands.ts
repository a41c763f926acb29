import * as vscode from 'vscode';
import { restoreWithPreview } from '../agent/checkpointActions';
import { checkpointTitle } from '../agent/restoreText';
import type { SpecwrightContext } from '../context';
import { showFailure } from '../host/failureNotice';
import { requireTrust } from '../host/workspaceTrust';
import { checkpointIdOf } from './commandArgs';
import { pickRoot } from './pickers';

/** Restore Checkpoint…: a checkpoint from a tree item or the panel, else picked from the list; previewed, then restored. */
export const restoreCheckpoint = (ctx: SpecwrightContext) => async (arg?: unknown) => {
  const root = await pickRoot(ctx, (arg as { root?: string } | undefined)?.root);
  if (!root) return;
  let checkpointId = checkpointIdOf(arg);
  if (!checkpointId) {
    if (!(await requireTrust('restore checkpoints'))) return;
    try {
      const store = await ctx.storage.checkpointStore(root);
      const checkpoints = (await store.list()).reverse();
      if (!checkpoints.length) {
        void vscode.window.showInformationMessage('Specwright: no checkpoints yet; the agent takes one before each task.');
        return;
      }
      const picked = await vscode.window.showQuickPick(
        checkpoints.map((c) => ({
          label: `$(history) ${checkpointTitle(c)}`,
          description: new Date(c.createdAt).toLocaleString(),
          detail: `${c.files} file${c.files === 1 ? '' : 's'} changed since the checkpoint before it`,
          id: c.id,
        })),
        { title: 'Specwright: Restore Checkpoint', placeHolder: 'Checkpoint to go back to (newest first)', matchOnDescription: true },
      );
      checkpointId = picked?.id ?? null;
    } catch (error) {
      await showFailure('listing checkpoints', error, ctx.log);
      return;
    }
  }
  if (checkpointId) await restoreWithPreview(ctx, root, checkpointId);
};
