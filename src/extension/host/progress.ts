import * as vscode from 'vscode';

export type ReportProgress = (message: string) => void;

/**
 * A cancellable progress notification around a long step (writing a spec phase), with VS Code's
 * cancel button turned into an AbortSignal the core understands.
 */
export function withProgressNotification<T>(title: string, work: (report: ReportProgress, signal: AbortSignal) => Promise<T>, location = vscode.ProgressLocation.Notification): Thenable<T> {
  return vscode.window.withProgress({ location, title, cancellable: location === vscode.ProgressLocation.Notification }, (progress, token) => {
    const abort = new AbortController();
    const subscription = token.onCancellationRequested(() => abort.abort(new Error('Cancelled by the user.')));
    return work((message) => progress.report({ message }), abort.signal).finally(() => subscription.dispose());
  });
}
