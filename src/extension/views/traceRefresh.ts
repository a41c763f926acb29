import * as vscode from 'vscode';

export interface TraceRefreshTargets {
  /** The Specs view: its drift marks follow the task records and the files they cover. */
  specs: { refresh(): void };
  /** The Traceability view: it follows spec files, run logs, task records and tests. */
  traceability: { refresh(): void };
  /** Whether a task record covers this file. */
  covers(fsPath: string): boolean;
  /** The extension's run-state folders (outside the workspace): their `trace/` records. */
  stateDirs(): string[];
}

/**
 * Spec documents and the CLI's task records: both views read them. Run logs are left out: a run
 * appends to its log at every step, and what the trace takes from it is there by the time the task's
 * record is written (and a run in this window refreshes the views when it ends).
 */
const SPEC_OR_STATE = /[\\/]\.kiro[\\/](specs|\.specwright[\\/]trace)[\\/]/;
/** Where tests usually live or how they are named (the trace reads test files for criterion names). */
const TEST_LIKE = /(^|[\\/])(tests?|__tests__|specs?)[\\/]|[._-](test|spec)s?\.[^\\/]+$|(^|[\\/])test_[^\\/]+$/i;
const IGNORED = /[\\/](node_modules|\.git)[\\/]/;

/**
 * Keeps the trace views current: a change to a spec, a run log, a task record, a file a record
 * covers (someone edits what a task wrote: drift) or a test refreshes the views that show it. The
 * views debounce, so a burst of writes costs one reading.
 */
export class TraceRefresh implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private stateWatchers: vscode.Disposable[] = [];

  constructor(private readonly targets: TraceRefreshTargets) {
    const workspace = vscode.workspace.createFileSystemWatcher('**/*');
    const onChange = (uri: vscode.Uri) => this.changed(uri.fsPath);
    this.disposables.push(workspace, workspace.onDidCreate(onChange), workspace.onDidChange(onChange), workspace.onDidDelete(onChange));
    this.watchStateDirs();
  }

  /** The state folders follow the workspace folders. */
  watchStateDirs(): void {
    for (const d of this.stateWatchers) d.dispose();
    this.stateWatchers = this.targets.stateDirs().flatMap((dir) => {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(dir), 'trace/**'));
      const both = () => this.refreshBoth();
      return [watcher, watcher.onDidCreate(both), watcher.onDidChange(both), watcher.onDidDelete(both)];
    });
  }

  changed(fsPath: string): void {
    if (IGNORED.test(fsPath)) return;
    if (SPEC_OR_STATE.test(fsPath) || this.targets.covers(fsPath)) this.refreshBoth();
    else if (TEST_LIKE.test(fsPath)) this.targets.traceability.refresh();
  }

  private refreshBoth(): void {
    this.targets.specs.refresh();
    this.targets.traceability.refresh();
  }

  dispose(): void {
    for (const d of [...this.stateWatchers, ...this.disposables]) d.dispose();
  }
}
