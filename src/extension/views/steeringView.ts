import * as os from 'node:os';
import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import { hostRuntime } from '../runtime/load';
import { steeringRows, warningFile, type SteeringRow } from './steeringNodes';
import type { SteeringCatalog } from '../../core/steering';

/** A workspace's steering as the agent will see it (the settings' AGENTS.md / CLAUDE.md switches applied). */
export async function workspaceSteering(workspace: string, home = os.homedir()): Promise<SteeringCatalog> {
  const { loadSettings, loadSteering } = await hostRuntime();
  const switches = await loadSettings(workspace, { home }).then(
    (loaded) => loaded.settings.steering,
    () => ({ agentsMd: true, claudeMd: true }),
  );
  return loadSteering(workspace, { home, ...switches });
}

/**
 * The Steering view: the workspace's and the user's steering documents with their mode, Agent Skills,
 * and what could not be read as written (also in the Problems panel, on its file and line). A click
 * opens the file. Follows changes to steering, skills, AGENTS.md and CLAUDE.md.
 */
export class SteeringView implements vscode.TreeDataProvider<SteeringRow>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<SteeringRow | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly problems = vscode.languages.createDiagnosticCollection('specwright-steering');
  private readonly watcher: vscode.FileSystemWatcher;
  private refreshTimer: NodeJS.Timeout | undefined;
  private lastProblems: Array<{ file: string; line: number; message: string }> = [];
  private readonly documentEvents: vscode.Disposable[];

  constructor(
    private readonly root: () => string | undefined,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.watcher = vscode.workspace.createFileSystemWatcher('**/{.kiro/steering/**,.kiro/skills/**,AGENTS.md,CLAUDE.md,.kiro/settings.json}');
    for (const event of [this.watcher.onDidCreate, this.watcher.onDidChange, this.watcher.onDidDelete]) event(() => this.refreshSoon());
    // An open steering document is the language server's to lint (as it is edited): not listed twice.
    this.documentEvents = [
      vscode.workspace.onDidOpenTextDocument(() => this.publishProblems(this.lastProblems)),
      vscode.workspace.onDidCloseTextDocument(() => this.publishProblems(this.lastProblems)),
    ];
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(row: SteeringRow): vscode.TreeItem {
    const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
    item.description = row.description;
    item.tooltip = row.tooltip;
    item.iconPath =
      row.kind === 'warning'
        ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
        : new vscode.ThemeIcon(row.kind === 'skill' ? 'tools' : row.scope === 'user' ? 'account' : 'book');
    item.contextValue = `steering.${row.kind}`;
    if (row.file) item.command = { command: COMMANDS.openSteeringFile, title: 'Open', arguments: [row] };
    return item;
  }

  async getChildren(row?: SteeringRow): Promise<SteeringRow[]> {
    if (row) return [];
    const workspace = this.root();
    if (!workspace) return [];
    const home = os.homedir();
    try {
      const catalog = await workspaceSteering(workspace, home);
      this.publishProblems(catalog.warnings.map((w) => ({ file: warningFile(w, { workspace, home }), line: (w.line ?? 1) - 1, message: w.message })));
      return steeringRows(catalog, { workspace, home });
    } catch (error) {
      this.log.warn(`Steering view: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    this.watcher.dispose();
    for (const d of this.documentEvents) d.dispose();
    this.problems.dispose();
    this.changed.dispose();
  }

  private refreshSoon(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => this.refresh(), 200);
  }

  private publishProblems(problems: Array<{ file: string; line: number; message: string }>): void {
    this.lastProblems = problems;
    this.problems.clear();
    const linted = new Set(vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'file' && /[\\/]\.kiro[\\/]steering[\\/][^\\/]+\.md$/.test(d.uri.fsPath)).map((d) => d.uri.fsPath));
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const problem of problems) {
      if (linted.has(problem.file)) continue;
      const diagnostic = new vscode.Diagnostic(new vscode.Range(problem.line, 0, problem.line, Number.MAX_SAFE_INTEGER), problem.message, vscode.DiagnosticSeverity.Warning);
      diagnostic.source = 'specwright';
      byFile.set(problem.file, [...(byFile.get(problem.file) ?? []), diagnostic]);
    }
    for (const [file, diagnostics] of byFile) this.problems.set(vscode.Uri.file(file), diagnostics);
  }
}
