import * as vscode from 'vscode';
import type { SpecwrightContext } from '../context';
import { isCancellation, showFailure } from '../host/failureNotice';
import { gitRepositoryFor } from '../host/gitExtension';
import { requireTrust } from '../host/workspaceTrust';
import { agentRuntime } from '../runtime/load';

/** Generate Commit Message: the Source Control title button; fills the git input box from the staged diff. */
export const generateCommitMessage = (ctx: SpecwrightContext) => async (arg?: unknown) => {
  if (!(await requireTrust('send diffs to the model'))) return;
  const repo = await gitRepositoryFor(arg);
  if (!repo) {
    void vscode.window.showWarningMessage('Specwright: no git repository is open (the built-in Git extension found none).');
    return;
  }
  const root = repo.rootUri.fsPath;
  const abort = new AbortController();
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.SourceControl, title: 'Specwright: writing a commit message…' }, async () => {
      const { generateCommitMessage: generate, readStagedDiff, textCompleter } = await agentRuntime();
      // Nothing staged: VS Code commits every change then, so describe those.
      const diff = (await readStagedDiff(root)) || ((await repo.diff?.(false)) ?? '');
      if (!diff.trim()) {
        void vscode.window.showInformationMessage('Specwright: there are no changes to describe.');
        return;
      }
      const provider = await (await ctx.agentService()).textModel(ctx.rootFor(root) ?? root, { use: { source: 'commit-message' } });
      const message = await generate(textCompleter(provider), { diff, task: null }, { signal: abort.signal });
      repo.inputBox.value = message;
    });
  } catch (error) {
    if (!isCancellation(error, abort.signal)) await showFailure('writing the commit message', error, ctx.log);
  }
};
