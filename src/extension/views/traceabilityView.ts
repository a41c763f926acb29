import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CriterionTrace, TraceReport, TraceStatus, TracedFile, TracedTask, TracedTest } from '../../core/trace';
import { taskLabel } from './treeText';
import { criterionAccessibleLabel, criterionLabel, criterionTooltip, driftSummary, driftTooltip, traceSummary, tracedFileDescription, tracedTaskDescription, tracedTestDescription } from './traceText';
import type { DriftMark, ViewTraces } from './viewTraces';

export type TraceNode =
  | { kind: 'spec'; root: string; specName: string; dir: string; report: TraceReport; drift: DriftMark[]; showRoot: boolean }
  | { kind: 'criterion'; root: string; specName: string; dir: string; criterion: CriterionTrace; drift: DriftMark[] }
  /** `specName` and `taskId` let the task commands (Verify, Accept Drift) take it; `reasons`: why it drifts. */
  | { kind: 'task'; parent: string; fsPath: string; specName: string; taskId: string; task: TracedTask; reasons?: string[] }
  | { kind: 'file'; parent: string; root: string; file: TracedFile }
  | { kind: 'test'; parent: string; root: string; test: TracedTest };

const STATUS_ICON: Record<TraceStatus, [string, string]> = {
  covered: ['pass-filled', 'testing.iconPassed'],
  untested: ['warning', 'list.warningForeground'],
  unimplemented: ['circle-slash', 'list.errorForeground'],
};

function statusIcon(status: TraceStatus): vscode.ThemeIcon {
  const [icon, colour] = STATUS_ICON[status];
  return new vscode.ThemeIcon(icon, new vscode.ThemeColor(colour));
}

/**
 * The Traceability view: each spec → its acceptance criteria, each with its status (covered,
 * untested, unimplemented) → the tasks citing it, the files they changed or link, and the tests that
 * cover it; a click opens any of them at its line. The same trace `specwright spec trace` prints.
 */
export class TraceabilityView implements vscode.TreeDataProvider<TraceNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TraceNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly roots: () => string[],
    private readonly traces: ViewTraces,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Debounced: a run writes its log, its records and tasks.md in bursts. */
  refresh(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.changed.fire(undefined), 300);
  }

  async getChildren(node?: TraceNode): Promise<TraceNode[]> {
    try {
      if (!node) {
        const roots = this.roots();
        const perRoot = await Promise.all(roots.map((root) => this.traces.specTraces(root)));
        return perRoot.flat().map(({ root, spec, report, drift }) => ({ kind: 'spec' as const, root, specName: spec.name, dir: spec.dir, report, drift, showRoot: roots.length > 1 }));
      }
      if (node.kind === 'spec') return node.report.criteria.map((criterion) => ({ kind: 'criterion' as const, root: node.root, specName: node.specName, dir: node.dir, criterion, drift: node.drift }));
      if (node.kind === 'criterion') {
        const parent = `${node.root}:${node.specName}:${node.criterion.id}`;
        const tasksFile = path.join(node.dir, 'tasks.md');
        return [
          ...node.criterion.tasks.map((task) => {
            const reasons = node.drift.find((d) => d.taskId === task.id)?.reasons;
            return { kind: 'task' as const, parent, fsPath: tasksFile, specName: node.specName, taskId: task.id, task, ...(reasons ? { reasons } : {}) };
          }),
          ...node.criterion.files.map((file) => ({ kind: 'file' as const, parent, root: node.root, file })),
          ...node.criterion.tests.map((test) => ({ kind: 'test' as const, parent, root: node.root, test })),
        ];
      }
      return [];
    } catch (error) {
      this.log.error(`Traceability view: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
  }

  getTreeItem(node: TraceNode): vscode.TreeItem {
    switch (node.kind) {
      case 'spec': {
        const item = new vscode.TreeItem(node.specName, node.report.criteria.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
        item.id = `trace:${node.root}:${node.specName}`;
        item.description = [traceSummary(node.report), driftSummary(node.drift.length), node.showRoot ? path.basename(node.root) : ''].filter(Boolean).join(' · ');
        item.iconPath = new vscode.ThemeIcon('notebook');
        item.tooltip = [`${node.specName}: ${traceSummary(node.report)}`, ...node.drift.map((d) => driftTooltip(node.specName, d.taskId, d.reasons))].join('\n');
        item.contextValue = 'traceSpec';
        return item;
      }
      case 'criterion': {
        const { criterion } = node;
        const hasLinks = criterion.tasks.length + criterion.files.length + criterion.tests.length > 0;
        const item = new vscode.TreeItem(criterionLabel(criterion), hasLinks ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = `trace:${node.root}:${node.specName}:${criterion.id}`;
        item.description = criterion.status;
        item.iconPath = statusIcon(criterion.status);
        item.tooltip = criterionTooltip(criterion);
        item.accessibilityInformation = { label: criterionAccessibleLabel(criterion) };
        item.command = openAt(path.join(node.dir, path.basename(criterion.file)), criterion.line, 'Open Criterion');
        item.contextValue = `traceCriterion.${criterion.status}`;
        return item;
      }
      case 'task': {
        const drifting = node.reasons !== undefined;
        const item = new vscode.TreeItem(taskLabel(node.task), vscode.TreeItemCollapsibleState.None);
        item.id = `${node.parent}:task:${node.task.line}`;
        item.description = [tracedTaskDescription(node.task), drifting ? 'drifting' : ''].filter(Boolean).join(' · ');
        item.iconPath = drifting ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')) : new vscode.ThemeIcon(node.task.status === 'done' ? 'pass' : 'circle-large-outline');
        item.tooltip = [`Task ${node.task.id}: ${node.task.title} (${tracedTaskDescription(node.task)}), tasks.md line ${node.task.line}`, ...(node.reasons ? ['', driftTooltip(node.specName, node.taskId, node.reasons)] : [])].join('\n');
        item.accessibilityInformation = { label: `Task ${node.task.id}, ${node.task.title}, ${item.description}` };
        item.command = openAt(node.fsPath, node.task.line, 'Open Task');
        item.contextValue = drifting ? 'traceTask.drifting' : 'traceTask';
        return item;
      }
      case 'file': {
        const fsPath = path.join(node.root, node.file.path);
        const item = new vscode.TreeItem(node.file.path, vscode.TreeItemCollapsibleState.None);
        item.id = `${node.parent}:file:${node.file.path}`;
        item.resourceUri = vscode.Uri.file(fsPath);
        item.iconPath = vscode.ThemeIcon.File;
        item.description = tracedFileDescription(node.file);
        item.tooltip = `${node.file.path}: ${node.file.source === 'link' ? 'linked to' : 'changed by'} ${node.file.tasks.length === 1 ? 'task' : 'tasks'} ${node.file.tasks.join(', ')}`;
        item.command = openAt(fsPath, node.file.lines?.start ?? 1, 'Open File');
        item.contextValue = 'traceFile';
        return item;
      }
      case 'test': {
        const item = new vscode.TreeItem(node.test.name, vscode.TreeItemCollapsibleState.None);
        item.id = `${node.parent}:test:${node.test.file}:${node.test.line}`;
        item.description = tracedTestDescription(node.test);
        item.iconPath = new vscode.ThemeIcon('beaker');
        item.tooltip = `${node.test.name}\n${tracedTestDescription(node.test)}`;
        item.command = openAt(path.join(node.root, node.test.file), node.test.line, 'Open Test');
        item.contextValue = 'traceTest';
        return item;
      }
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.changed.dispose();
  }
}

function openAt(fsPath: string, line: number, title: string): vscode.Command {
  const at = Math.max(0, line - 1);
  return { command: 'vscode.open', title, arguments: [vscode.Uri.file(fsPath), { selection: new vscode.Range(at, 0, at, 0) }] };
}
