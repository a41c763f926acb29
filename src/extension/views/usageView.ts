import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatCost, formatTokenCount, formatTokens } from '../../core/activity';
import type { UsageFigures, UsageOverview, UsageRow } from '../../core/usage';
import { hostRuntime } from '../runtime/load';

export type UsageNode =
  | { kind: 'period'; id: 'today' | 'week'; label: string; figures: UsageFigures }
  | { kind: 'specs'; specs: UsageOverview['specs']; outside: UsageFigures }
  | { kind: 'spec'; row: UsageOverview['specs'][number] }
  | { kind: 'task'; spec: string; row: UsageRow }
  | { kind: 'outside'; figures: UsageFigures };

/**
 * The Usage view: what model calls cost today and over the last seven days, and per spec and task,
 * from the run logs and usage ledger of each workspace folder (the extension's own and the CLI's in
 * `.kiro/.specwright/`), grouped by the core's aggregation (`specwright usage`). Read when shown and
 * after each run.
 */
export class UsageView implements vscode.TreeDataProvider<UsageNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<UsageNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly roots: () => string[],
    /** The extension's state folder for a workspace folder (run logs, usage ledger). */
    private readonly stateDirOf: (root: string) => string,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  refresh(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.changed.fire(undefined), 500);
  }

  async getChildren(node?: UsageNode): Promise<UsageNode[]> {
    try {
      if (!node) return rootNodes(await this.overview());
      if (node.kind === 'specs') return [...node.specs.map((row) => ({ kind: 'spec' as const, row })), ...(node.outside.calls ? [{ kind: 'outside' as const, figures: node.outside }] : [])];
      if (node.kind === 'spec') return node.row.tasks.map((row) => ({ kind: 'task' as const, spec: node.row.key, row }));
      return [];
    } catch (error) {
      this.log.error(`Usage view: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
  }

  getTreeItem(node: UsageNode): vscode.TreeItem {
    switch (node.kind) {
      case 'period':
        return figuresItem(node.label, node.figures, `usage:${node.id}`, 'calendar', vscode.TreeItemCollapsibleState.None);
      case 'specs': {
        const item = new vscode.TreeItem('By spec', node.specs.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
        item.id = 'usage:specs';
        item.description = node.specs.length ? undefined : 'no spec work on record';
        item.iconPath = new vscode.ThemeIcon('list-tree');
        return item;
      }
      case 'spec':
        return figuresItem(node.row.label, node.row, `usage:spec:${node.row.key}`, 'book', node.row.tasks.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
      case 'task':
        return figuresItem(node.row.label.startsWith(`${node.spec} `) ? node.row.label.slice(node.spec.length + 1) : node.row.label, node.row, `usage:task:${node.row.key}`, 'tasklist', vscode.TreeItemCollapsibleState.None);
      case 'outside':
        return figuresItem('Outside specs (hooks, commit messages…)', node.figures, 'usage:outside', 'symbol-event', vscode.TreeItemCollapsibleState.None);
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.changed.dispose();
  }

  private async overview(): Promise<UsageOverview> {
    const { collectUsage, usageOverview } = await hostRuntime();
    const dirs = this.roots().flatMap((root) => [this.stateDirOf(root), path.join(root, '.kiro', '.specwright')]);
    const collected = await collectUsage(dirs);
    for (const { file, lines } of collected.unreadable) this.log.warn(`Usage view: ${lines} unreadable line(s) in ${file}`);
    return usageOverview(collected.records);
  }
}

function rootNodes(overview: UsageOverview): UsageNode[] {
  return [
    { kind: 'period', id: 'today', label: 'Today', figures: overview.today },
    { kind: 'period', id: 'week', label: 'Last 7 days', figures: overview.week },
    { kind: 'specs', specs: overview.specs, outside: overview.outsideSpecs },
  ];
}

/** "$0.42 · 120k tokens", with fresh input, cache reads, cache writes and output apart in the tooltip. */
export function figuresText(figures: UsageFigures): { description: string; tooltip: string } {
  const tokens = figures.inputTokens + figures.cacheReadTokens + figures.cacheWriteTokens + figures.outputTokens;
  const description = `${formatCost(figures.costUsd)} · ${formatTokens(tokens)} tokens`;
  const n = formatTokenCount;
  const tooltip = [
    `${formatCost(figures.costUsd)} in ${n(figures.calls)} model call${figures.calls === 1 ? '' : 's'}`,
    `Fresh input: ${n(figures.inputTokens)} tokens`,
    `Cache reads: ${n(figures.cacheReadTokens)} tokens`,
    `Cache writes: ${n(figures.cacheWriteTokens)} tokens`,
    `Output: ${n(figures.outputTokens)} tokens`,
  ].join('\n');
  return { description, tooltip };
}

function figuresItem(label: string, figures: UsageFigures, id: string, icon: string, state: vscode.TreeItemCollapsibleState): vscode.TreeItem {
  const item = new vscode.TreeItem(label, state);
  const { description, tooltip } = figuresText(figures);
  item.id = id;
  item.description = description;
  item.tooltip = tooltip;
  item.iconPath = new vscode.ThemeIcon(icon);
  item.accessibilityInformation = { label: `${label}: ${description}` };
  return item;
}
