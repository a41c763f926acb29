import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HookDraft } from '../../core/hooks';
import type { SpecwrightContext } from '../context';
import { isCancellation, showFailure } from '../host/failureNotice';
import { requireTrust } from '../host/workspaceTrust';
import { draftSummary } from '../hooks/hookPicks';
import { agentRuntime } from '../runtime/load';

const SAVE_HOOK = 'Save Hook';

/**
 * Create Hook: a plain-language description → a hook file drafted by the model (the core validates
 * it, retrying once) → shown for confirmation → saved under `.kiro/hooks/` and opened.
 */
export const createHook = (ctx: SpecwrightContext) => async () => {
  // The description goes to the model, and the hook will run commands: both need trust.
  if (!(await requireTrust('create hooks'))) return;
  const root = ctx.primaryRoot();
  if (!root) {
    void vscode.window.showWarningMessage('Specwright: open a folder first; hooks are saved in its .kiro/hooks folder.');
    return;
  }
  const description = await vscode.window.showInputBox({
    title: 'Specwright: Create Hook',
    prompt: 'What should the hook do, and when?',
    placeHolder: 'e.g. when a TypeScript file under src/ is saved, run eslint --fix on it',
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() ? null : 'Describe the hook in a sentence.'),
  });
  if (!description?.trim()) return;

  const draft = await draftWithProgress(ctx, root, description);
  if (!draft) return;
  const choice = await vscode.window.showInformationMessage(
    `Specwright: save the hook "${draft.hook.name}"?`,
    { modal: true, detail: `${draftSummary(draft)}\n\n${draft.text}` },
    SAVE_HOOK,
  );
  if (choice !== SAVE_HOOK) return;
  try {
    const { saveHookDraft } = await agentRuntime();
    const file = await saveHookDraft(root, draft, ctx.storage.ownWrites(root));
    await ctx.hooks.reload();
    ctx.views.hooks.refresh();
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(root, file)));
  } catch (error) {
    await showFailure(`saving the hook to ${draft.file}`, error, ctx.log);
  }
};

async function draftWithProgress(ctx: SpecwrightContext, root: string, description: string): Promise<HookDraft | null> {
  const abort = new AbortController();
  try {
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Specwright: drafting the hook…', cancellable: true },
      async (_progress, token) => {
        token.onCancellationRequested(() => abort.abort(new Error('Cancelled by the user.')));
        const { draftHook, textCompleter } = await agentRuntime();
        const provider = await (await ctx.agentService()).textModel(root, { use: { source: 'hook-draft' } });
        return draftHook(description, textCompleter(provider), { workspace: root, signal: abort.signal });
      },
    );
  } catch (error) {
    if (!isCancellation(error, abort.signal)) await showFailure('drafting the hook', error, ctx.log);
    return null;
  }
}
