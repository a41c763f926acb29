import * as path from 'node:path';
import * as vscode from 'vscode';

const SCHEME = 'specwright-diff';
/** Virtual documents kept for open diff editors; the oldest go first. */
const MAX_DOCUMENTS = 64;

export interface DiffSide {
  /** Text shown read-only; null shows an empty side (a file that does not exist there). */
  text: string | null;
  /** What the side is, in the tab title: "checkpoint 3f2a…", "proposed". */
  label: string;
}

/**
 * Opens VS Code's diff editor for the agent's changes: a checkpoint's (or the current) text against
 * the file on disk (or a proposed write). Texts that exist nowhere on disk are served from memory
 * through a read-only `specwright-diff:` document.
 */
export class DiffViewer implements vscode.Disposable {
  private readonly documents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly registration: vscode.Disposable;
  private counter = 0;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(SCHEME, {
      onDidChange: this.changed.event,
      provideTextDocumentContent: (uri) => this.documents.get(uri.toString()) ?? '',
    });
  }

  /** `before` (virtual) against the file as it is now: what the agent changed. */
  async showChange(root: string, relativePath: string, before: DiffSide, options: { column?: vscode.ViewColumn; preserveFocus?: boolean } = {}): Promise<void> {
    const file = vscode.Uri.file(path.join(root, relativePath));
    const exists = await fileExists(file);
    const left = this.virtual(relativePath, before.text ?? '');
    const right = exists ? file : this.virtual(relativePath, '');
    await this.open(left, right, `${relativePath} (${before.label} ↔ ${exists ? 'now' : 'deleted'})`, options);
  }

  /** The file as it is now against the text a pending write would leave: what approving changes. */
  async showProposal(root: string, relativePath: string, proposed: DiffSide, options: { column?: vscode.ViewColumn; preserveFocus?: boolean } = {}): Promise<void> {
    const file = vscode.Uri.file(path.join(root, relativePath));
    const left = (await fileExists(file)) ? file : this.virtual(relativePath, '');
    const right = this.virtual(relativePath, proposed.text ?? '');
    await this.open(left, right, `${relativePath} (now ↔ ${proposed.label})`, options);
  }

  /** Shows text read-only (a unified diff when the exact old text cannot be rebuilt). */
  async showText(name: string, text: string): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(this.virtual(name, text));
    await vscode.window.showTextDocument(doc, { preview: true });
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
    this.documents.clear();
  }

  private async open(left: vscode.Uri, right: vscode.Uri, title: string, options: { column?: vscode.ViewColumn; preserveFocus?: boolean }): Promise<void> {
    await vscode.commands.executeCommand('vscode.diff', left, right, title, {
      preview: true,
      preserveFocus: options.preserveFocus ?? false,
      ...(options.column ? { viewColumn: options.column } : {}),
    });
  }

  /** A fresh URI per text, ending in the file's own name so the diff gets its language. */
  private virtual(relativePath: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${++this.counter}/${relativePath.replace(/\\/g, '/')}` });
    this.documents.set(uri.toString(), text);
    while (this.documents.size > MAX_DOCUMENTS) this.documents.delete(this.documents.keys().next().value!);
    return uri;
  }
}

async function fileExists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
