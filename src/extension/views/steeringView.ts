import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import { hostRuntime } from '../runtime/load';
import { FolderWatcher } from './folderWatcher';
import { knowledgeRegistryRow, knowledgeRows, knowledgeSectionRow, type KnowledgeBaseState, type KnowledgeRow } from './knowledgeNodes';
import { steeringRows, warningFile, type SteeringRow } from './steeringNodes';
import type { SteeringCatalog } from '../../core/steering';

/** A row of the Steering view: a steering document, skill or warning, or a row of its Knowledge section. */
export type SteeringNode = SteeringRow | KnowledgeRow;

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
 * and what could not be read as written (also in the Problems panel, on its file and line); a click
 * opens the file. Then its Knowledge section: each knowledge base with its folder, counts, index kind
 * and when it was indexed, marked when its folder is gone or its index cannot be read. Follows
 * changes to steering, skills, AGENTS.md, CLAUDE.md and the knowledge store (the CLI's changes too).
 */
export class SteeringView implements vscode.TreeDataProvider<SteeringNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<SteeringNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly problems = vscode.languages.createDiagnosticCollection('specwright-steering');
  private readonly watcher: vscode.FileSystemWatcher;
  /** The knowledge store's folder: the view follows it, whoever writes it (the CLI too). */
  private readonly knowledgeWatcher = new FolderWatcher(() => this.refreshSoon());
  /** Creations and deletions in the workspace: a base whose folder goes (or comes back) is marked at once. */
  private readonly sourceWatcher: vscode.FileSystemWatcher;
  /** The knowledge bases as last read for the root, so the section's children match its own row. */
  private knowledge: { states: KnowledgeBaseState[] } | { error: string; file: string } = { states: [] };
  private refreshTimer: NodeJS.Timeout | undefined;
  private lastProblems: Array<{ file: string; line: number; message: string }> = [];
  private readonly documentEvents: vscode.Disposable[];

  constructor(
    private readonly root: () => string | undefined,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.watcher = vscode.workspace.createFileSystemWatcher('**/{.kiro/steering/**,.kiro/skills/**,AGENTS.md,CLAUDE.md,.kiro/settings.json}');
    for (const event of [this.watcher.onDidCreate, this.watcher.onDidChange, this.watcher.onDidDelete]) event(() => this.refreshSoon());
    this.sourceWatcher = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
    for (const event of [this.sourceWatcher.onDidCreate, this.sourceWatcher.onDidDelete]) event((uri) => this.isKnowledgeSource(uri.fsPath) && this.refreshSoon());
    // An open steering document is the language server's to lint (as it is edited): not listed twice.
    this.documentEvents = [
      vscode.workspace.onDidOpenTextDocument(() => this.publishProblems(this.lastProblems)),
      vscode.workspace.onDidCloseTextDocument(() => this.publishProblems(this.lastProblems)),
    ];
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(row: SteeringNode): vscode.TreeItem {
    if (isKnowledgeRow(row)) return knowledgeItem(row);
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

  async getChildren(row?: SteeringNode): Promise<SteeringNode[]> {
    const workspace = this.root();
    if (!workspace) return [];
    if (row?.kind === 'knowledge-section') return 'states' in this.knowledge ? knowledgeRows(this.knowledge.states) : [knowledgeRegistryRow(this.knowledge.error, this.knowledge.file)];
    if (row) return [];
    const home = os.homedir();
    let rows: SteeringNode[] = [];
    try {
      const catalog = await workspaceSteering(workspace, home);
      this.publishProblems(catalog.warnings.map((w) => ({ file: warningFile(w, { workspace, home }), line: (w.line ?? 1) - 1, message: w.message })));
      rows = steeringRows(catalog, { workspace, home });
    } catch (error) {
      this.log.warn(`Steering view: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.knowledge = await this.readKnowledge(workspace);
    const hasKnowledge = !('states' in this.knowledge) || this.knowledge.states.length > 0;
    // An empty view shows its welcome (which offers Add Knowledge Base… too) rather than an empty section.
    if (!rows.length && !hasKnowledge) return [];
    return [...rows, knowledgeSectionRow('states' in this.knowledge ? this.knowledge.states : null)];
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    this.watcher.dispose();
    this.knowledgeWatcher.dispose();
    this.sourceWatcher.dispose();
    for (const d of this.documentEvents) d.dispose();
    this.problems.dispose();
    this.changed.dispose();
  }

  /** Whether `fsPath` is a listed base's folder or a folder holding it. */
  private isKnowledgeSource(fsPath: string): boolean {
    const workspace = this.root();
    if (!workspace || !('states' in this.knowledge)) return false;
    return this.knowledge.states.some(({ base }) => {
      const source = path.resolve(workspace, base.source);
      return source === fsPath || source.startsWith(fsPath + path.sep);
    });
  }

  private async readKnowledge(workspace: string): Promise<{ states: KnowledgeBaseState[] } | { error: string; file: string }> {
    const { knowledgeBaseProblem, knowledgeDir, readKnowledgeBases } = await hostRuntime();
    this.knowledgeWatcher.follow(knowledgeDir(workspace), workspace);
    try {
      const bases = await readKnowledgeBases(workspace);
      return { states: await Promise.all(bases.map(async (base) => ({ base, problem: await knowledgeBaseProblem(workspace, base) }))) };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error), file: path.join(knowledgeDir(workspace), 'bases.json') };
    }
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

function isKnowledgeRow(row: SteeringNode): row is KnowledgeRow {
  return row.kind.startsWith('knowledge-');
}

/** A row of the Knowledge section: the section, a base (its problem marked, its fix a click away), the empty row, or the registry's problem. */
function knowledgeItem(row: KnowledgeRow): vscode.TreeItem {
  const collapsed = row.kind === 'knowledge-section' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None;
  const item = new vscode.TreeItem(row.label, collapsed);
  item.description = row.description;
  item.tooltip = row.tooltip;
  switch (row.kind) {
    case 'knowledge-section':
      item.id = 'steering:knowledge';
      item.iconPath = new vscode.ThemeIcon('library');
      item.contextValue = 'knowledgeSection';
      break;
    case 'knowledge-base':
      item.id = `knowledge:${row.id}`;
      item.iconPath = row.problem ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')) : new vscode.ThemeIcon('database');
      item.contextValue = row.contextValue;
      item.accessibilityInformation = { label: `Knowledge base ${row.label}, ${row.description}` };
      if (row.problem) item.command = { command: COMMANDS.fixKnowledgeBase, title: 'Fix', arguments: [row] };
      break;
    case 'knowledge-empty':
      item.iconPath = new vscode.ThemeIcon('add');
      item.contextValue = 'knowledgeEmpty';
      item.command = { command: COMMANDS.addKnowledgeBase, title: row.label };
      break;
    case 'knowledge-problem':
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
      item.contextValue = 'knowledgeProblem';
      item.command = { command: COMMANDS.openSteeringFile, title: 'Open', arguments: [{ file: row.file }] };
      break;
  }
  return item;
}
