import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LoadedSpec, Task } from '../../core/spec';
import type { KiroSurvey } from '../../core/doctor';
import { hasOpenTasks } from '../agent/taskPicks';
import { noticeText, specAccessibleLabel, specDescription, taskDescription, taskLabel, taskProgress } from './treeText';
import { agentRuntime, hostRuntime } from '../runtime/load';
import { kiroSurveyItems, kiroSurveySummary } from './kiroSurveyNodes';
import type { SpecNode } from './specNodes';
import { driftSummary, driftTooltip } from './traceText';
import type { DriftMark, ViewTraces } from './viewTraces';

/** Phase files in the order a spec is written. */
const FILE_ORDER = ['requirements.md', 'bugfix.md', 'design.md', 'tasks.md'];

/**
 * The Specs view: each spec with its phase and task progress ("design · draft · tasks 7/12") and how
 * many of its tasks drift, its files, and tasks.md's tasks (with Execute inline; a drifting one says
 * so, with why in its tooltip). Refreshed when spec files, task records or the files they cover change.
 */
export class SpecsView implements vscode.TreeDataProvider<SpecNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<SpecNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly roots: () => string[],
    private readonly log: vscode.LogOutputChannel,
    private readonly traces?: ViewTraces,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/.kiro/{specs/**,.specwright/specs/*.json}');
    const schedule = () => this.refresh();
    this.disposables.push(watcher, watcher.onDidCreate(schedule), watcher.onDidChange(schedule), watcher.onDidDelete(schedule), this.changed);
  }

  /** Debounced: an agent run or a generated phase writes in bursts. */
  refresh(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.changed.fire(undefined), 250);
  }

  async getChildren(node?: SpecNode): Promise<SpecNode[]> {
    try {
      if (!node) {
        const [surveys, specs] = await Promise.all([this.surveys(), this.specs()]);
        return [...surveys, ...specs];
      }
      if (node.kind === 'kiro') return kiroSurveyItems(node.root, node.survey);
      if (node.kind === 'kiroItem') return node.children ?? [];
      if (node.kind === 'spec') {
        const names = [...node.files].sort((a, b) => FILE_ORDER.indexOf(a) - FILE_ORDER.indexOf(b));
        return names.map((file) => ({
          kind: 'file' as const,
          root: node.root,
          specName: node.specName,
          fsPath: path.join(node.dir, file),
          file,
          phaseStatus: node.status?.phases.find((p) => p.file === file)?.status ?? null,
          tasks: file === 'tasks.md' ? node.tasks : undefined,
          drift: node.drift,
        }));
      }
      const tasks = node.kind === 'file' ? node.tasks?.filter((t) => t.depth === 0) : node.kind === 'task' ? node.task.children : undefined;
      const fsPath = node.fsPath;
      const drift = node.kind === 'file' || node.kind === 'task' ? node.drift : [];
      return (tasks ?? []).map((task) => {
        const reasons = drift.find((d) => d.taskId === task.id)?.reasons;
        return { kind: 'task' as const, root: node.root, specName: node.specName, fsPath, task, taskId: task.id, drift, ...(reasons ? { reasons } : {}) };
      });
    } catch (error) {
      this.log.error(`Specs view: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
  }

  getTreeItem(node: SpecNode): vscode.TreeItem {
    switch (node.kind) {
      case 'kiro': {
        const summary = kiroSurveySummary(node.survey);
        const item = new vscode.TreeItem(node.showRoot ? `.kiro · ${path.basename(node.root)}` : '.kiro', vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `kiro:${node.root}`;
        item.description = summary;
        item.tooltip = `Found in this workspace's .kiro/ (and ~/.kiro/): ${summary}`;
        item.iconPath = new vscode.ThemeIcon(node.survey.problems.some((p) => p.severity === 'error') ? 'warning' : 'folder-library');
        item.contextValue = 'kiroFiles';
        return item;
      }
      case 'kiroItem': {
        const item = new vscode.TreeItem(node.label, node.children?.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        if (node.description) item.description = node.description;
        item.tooltip = [node.label, node.description].filter(Boolean).join(': ');
        item.iconPath = new vscode.ThemeIcon(node.icon);
        if (node.fsPath) {
          const line = Math.max(0, (node.line ?? 1) - 1);
          item.command = { command: 'vscode.open', title: 'Open', arguments: [vscode.Uri.file(node.fsPath), { selection: new vscode.Range(line, 0, line, 0) }] };
        }
        return item;
      }
      case 'spec': {
        const progress = taskProgress(node.tasks);
        const item = new vscode.TreeItem(node.specName, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `spec:${node.root}:${node.specName}`;
        item.description = [specDescription(node.status, progress), driftSummary(node.drift.length), node.showRoot ? path.basename(node.root) : ''].filter(Boolean).join(' · ');
        item.iconPath = new vscode.ThemeIcon(node.type === 'bugfix' ? 'bug' : 'notebook');
        item.tooltip = [
          specAccessibleLabel(node.specName, node.status, progress),
          ...(node.status?.notices ?? []).map(noticeText),
          ...node.drift.map((d) => driftTooltip(node.specName, d.taskId, d.reasons)),
        ].join('\n');
        item.accessibilityInformation = { label: specAccessibleLabel(node.specName, node.status, progress) };
        item.contextValue = ['spec', hasOpenTasks(node.tasks) ? 'runnable' : '', node.status && !node.status.complete ? 'reviewable' : ''].filter(Boolean).join('.');
        return item;
      }
      case 'file': {
        const hasTasks = !!node.tasks?.length;
        const item = new vscode.TreeItem(node.file, hasTasks ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = `file:${node.fsPath}`;
        item.resourceUri = vscode.Uri.file(node.fsPath);
        item.description = node.phaseStatus ?? undefined;
        item.command = { command: 'vscode.open', title: 'Open', arguments: [vscode.Uri.file(node.fsPath)] };
        item.contextValue = 'specFile';
        return item;
      }
      case 'task': {
        const { task } = node;
        const item = new vscode.TreeItem(taskLabel(task), task.children.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
        // By line, not id: a tasks.md may repeat an id (the linter says so), and tree ids must be unique.
        item.id = `task:${node.fsPath}:${task.line}`;
        const drifting = node.reasons !== undefined;
        item.description = [taskDescription(task), drifting ? 'drifting' : ''].filter(Boolean).join(' · ');
        item.iconPath = drifting ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')) : taskIcon(task);
        item.tooltip = [taskLabel(task), ...task.details, ...(node.reasons ? ['', driftTooltip(node.specName, task.id, node.reasons)] : [])].join('\n');
        item.accessibilityInformation = { label: `Task ${task.id}, ${task.title}, ${item.description}` };
        const line = Math.max(0, task.line - 1);
        item.command = { command: 'vscode.open', title: 'Open Task', arguments: [vscode.Uri.file(node.fsPath), { selection: new vscode.Range(line, 0, line, 0) }] };
        item.contextValue = [task.status === 'done' ? 'task.done' : 'task.open', drifting ? 'drifting' : ''].filter(Boolean).join('.');
        return item;
      }
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }

  /** What else the .kiro folders hold (steering, hooks, MCP servers, agents) and what could not be read. */
  private async surveys(): Promise<SpecNode[]> {
    const roots = this.roots();
    if (!roots.length) return [];
    const { surveyKiroFiles } = await agentRuntime();
    const surveys = await Promise.all(roots.map(async (root) => ({ root, survey: await surveyKiroFiles(root).catch(() => null) })));
    return surveys.flatMap(({ root, survey }) => (survey && worthShowing(survey) ? [{ kind: 'kiro' as const, root, survey, showRoot: roots.length > 1 }] : []));
  }

  private async specs(): Promise<SpecNode[]> {
    const { listSpecs, loadSpec, SpecWorkflow } = await hostRuntime();
    const roots = this.roots();
    const nodes: SpecNode[] = [];
    for (const root of roots) {
      const specs = await Promise.all(
        (await listSpecs(root)).map(async (summary) => {
          const [loaded, status] = await Promise.all([loadSpec(root, summary.name).catch(() => null), SpecWorkflow.status(root, summary.name).catch(() => null)]);
          return { summary, loaded, status };
        }),
      );
      const drift = await this.driftOf(root, specs.flatMap((s) => (s.loaded ? [s.loaded] : [])));
      for (const { summary, loaded, status } of specs) {
        nodes.push({
          kind: 'spec',
          root,
          specName: summary.name,
          dir: summary.dir,
          type: summary.type,
          files: summary.files,
          status,
          tasks: loaded?.tasks?.allTasks,
          showRoot: roots.length > 1,
          drift: drift.get(summary.name) ?? [],
        });
      }
    }
    return nodes;
  }

  /** A view without drift (no trace reader, unreadable records) still lists its specs. */
  private async driftOf(root: string, specs: LoadedSpec[]): Promise<Map<string, DriftMark[]>> {
    if (!this.traces || !specs.length) return new Map();
    try {
      return await this.traces.drift(root, specs);
    } catch (error) {
      this.log.warn(`Specs view: drift of ${root} not read: ${error instanceof Error ? error.message : String(error)}`);
      return new Map();
    }
  }
}

function taskIcon(task: Task): vscode.ThemeIcon {
  if (task.status === 'done') return new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'));
  if (task.status === 'in_progress') return new vscode.ThemeIcon('sync');
  if (task.status === 'queued') return new vscode.ThemeIcon('watch');
  return new vscode.ThemeIcon(task.optional ? 'circle-outline' : 'circle-large-outline');
}

/** An empty workspace keeps the welcome (New Spec, Open Example): the node appears once there is something to show. */
function worthShowing(survey: KiroSurvey): boolean {
  return survey.hasKiroFolder && (survey.problems.length > 0 || survey.steering.length + survey.hooks.length + survey.mcpServers.length + survey.agents.length > 0);
}
