import * as vscode from 'vscode';
import { checkpointsOf, type CheckpointMention, type RunRecord } from '../agent/runHistory';
import type { RunStorage } from '../agent/runStorage';
import { COMMANDS } from '../ids';
import { outcomeText, runDescription, runLabel, shortTime } from './treeText';

export type RunNode =
  | { kind: 'run'; root: string; record: RunRecord; running: boolean }
  | { kind: 'checkpoint'; root: string; runId: string; checkpoint: CheckpointMention; checkpointId: string };

/**
 * The Agent Runs view: this workspace's runs from their logs, newest first; each run's checkpoints
 * as children, with Restore. Clicking a run opens its log in the Agent Activity panel.
 */
export class RunsView implements vscode.TreeDataProvider<RunNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RunNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly roots: () => string[],
    private readonly storage: Pick<RunStorage, 'runRecords'>,
    /** The id of the run in progress, shown as running. */
    private readonly activeRunId: () => string | null,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  refresh(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.changed.fire(undefined), 200);
  }

  async getChildren(node?: RunNode): Promise<RunNode[]> {
    try {
      if (!node) {
        const activeId = this.activeRunId();
        const perRoot = await Promise.all(this.roots().map(async (root) => (await this.storage.runRecords(root)).map((record) => ({ kind: 'run' as const, root, record, running: record.runId === activeId }))));
        return perRoot.flat().sort((a, b) => b.record.modifiedAt.getTime() - a.record.modifiedAt.getTime());
      }
      if (node.kind === 'run') {
        return checkpointsOf(node.record.events).map((checkpoint) => ({ kind: 'checkpoint' as const, root: node.root, runId: node.record.runId, checkpoint, checkpointId: checkpoint.checkpointId }));
      }
      return [];
    } catch (error) {
      this.log.error(`Agent Runs view: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
  }

  getTreeItem(node: RunNode): vscode.TreeItem {
    if (node.kind === 'run') {
      const { record } = node;
      const hasCheckpoints = record.events.some((e) => e.type === 'checkpoint_created');
      const item = new vscode.TreeItem(runLabel(record.report), hasCheckpoints ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
      item.id = `run:${record.runId}`;
      const when = new Date(record.events[0]?.time ?? record.modifiedAt);
      item.description = node.running ? `running · ${shortTime(when)}` : runDescription(record.report, record, when);
      item.tooltip = `${record.runId}\n${record.report.summary}`;
      item.iconPath = node.running ? new vscode.ThemeIcon('sync~spin') : outcomeIcon(record.report.outcome);
      item.accessibilityInformation = { label: `Agent run ${runLabel(record.report)}, ${node.running ? 'running' : outcomeText(record.report.outcome)}` };
      item.command = { command: COMMANDS.openRun, title: 'Open in Agent Activity', arguments: [{ runId: record.runId, root: node.root }] };
      item.contextValue = node.running ? 'run.running' : record.report.remaining.length && record.report.outcome !== 'completed' ? 'run.resumable' : 'run';
      return item;
    }
    const { checkpoint } = node;
    const item = new vscode.TreeItem(`Checkpoint ${checkpoint.checkpointId.slice(0, 8)}`, vscode.TreeItemCollapsibleState.None);
    item.id = `checkpoint:${node.runId}:${checkpoint.checkpointId}`;
    item.description = [checkpoint.task ? `task ${checkpoint.task}` : '', `${checkpoint.files} file${checkpoint.files === 1 ? '' : 's'}`, shortTime(new Date(checkpoint.time))].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon('history');
    item.tooltip = `Checkpoint ${checkpoint.checkpointId}${checkpoint.task ? ` taken during task ${checkpoint.task}` : ''}. Restore puts back the files as they were then.`;
    item.contextValue = 'checkpoint';
    return item;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.changed.dispose();
  }
}

function outcomeIcon(outcome: RunRecord['report']['outcome']): vscode.ThemeIcon {
  switch (outcome) {
    case 'completed':
      return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
    case 'stopped':
    case 'budget_exceeded':
      return new vscode.ThemeIcon('debug-stop', new vscode.ThemeColor('list.warningForeground'));
    default:
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
  }
}
