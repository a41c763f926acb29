import * as vscode from 'vscode';
import type { McpServerOverview } from '../../core/mcp';
import { mcpServerRow } from '../mcp/serverRow';
import type { McpServerList } from '../mcp/mcpServers';

export type McpNode =
  | { kind: 'server'; server: string; overview: McpServerOverview }
  | { kind: 'tool'; server: string; tool: string; disabled: boolean; description: string }
  | { kind: 'problem'; text: string };

const STATE_ICON: Record<McpServerOverview['state'], vscode.ThemeIcon> = {
  running: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  stopped: new vscode.ThemeIcon('circle-large-outline'),
  disabled: new vscode.ThemeIcon('circle-slash'),
  'needs-approval': new vscode.ThemeIcon('shield', new vscode.ThemeColor('list.warningForeground')),
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
};

/**
 * The MCP Servers view: each server of both mcp.json files with its state (running, stopped,
 * needs approval, error with its message, disabled) and, under it, its tools, disabled ones marked.
 * Its context menu approves, restarts, turns servers and tools on and off, and opens the config.
 */
export class McpServersView implements vscode.TreeDataProvider<McpNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<McpNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private view: vscode.TreeView<McpNode> | null = null;

  constructor(private readonly servers: McpServerList) {
    this.subscription = servers.onDidChange(() => this.refresh());
  }

  attach(view: vscode.TreeView<McpNode>): void {
    this.view = view;
    this.updateMessage();
  }

  refresh(): void {
    this.updateMessage();
    this.changed.fire(undefined);
  }

  getChildren(node?: McpNode): McpNode[] {
    const { servers, problems } = this.servers.list();
    if (!node) {
      return [...servers.map((overview) => ({ kind: 'server' as const, server: overview.name, overview })), ...problems.map((text) => ({ kind: 'problem' as const, text }))];
    }
    if (node.kind !== 'server') return [];
    const current = servers.find((s) => s.name === node.server);
    return (current?.tools ?? []).map((t) => ({ kind: 'tool' as const, server: node.server, tool: t.name, disabled: t.disabled, description: t.description }));
  }

  getTreeItem(node: McpNode): vscode.TreeItem {
    if (node.kind === 'problem') {
      const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
      item.tooltip = node.text;
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
      item.contextValue = 'mcpProblem';
      return item;
    }
    if (node.kind === 'tool') {
      const item = new vscode.TreeItem(node.tool, vscode.TreeItemCollapsibleState.None);
      item.id = `mcp:${node.server}/${node.tool}`;
      item.description = node.disabled ? 'disabled' : node.description.split('\n')[0];
      item.tooltip = `@${node.server}/${node.tool}${node.disabled ? ' (in "disabledTools": never offered to the agent)' : ''}\n${node.description}`;
      item.iconPath = new vscode.ThemeIcon(node.disabled ? 'circle-slash' : 'tools');
      item.accessibilityInformation = { label: `Tool ${node.tool} of ${node.server}${node.disabled ? ', disabled' : ''}` };
      item.contextValue = `mcpTool.${node.disabled ? 'disabled' : 'enabled'}`;
      return item;
    }
    const { overview } = node;
    const item = new vscode.TreeItem(overview.name, overview.tools.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `mcp:${overview.name}`;
    const row = mcpServerRow(overview);
    item.description = row.description;
    item.tooltip = row.tooltip;
    item.iconPath = STATE_ICON[overview.state];
    item.accessibilityInformation = { label: `MCP server ${overview.name}, ${row.state}` };
    item.contextValue = row.contextValue;
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private updateMessage(): void {
    if (!this.view) return;
    const { servers, loaded } = this.servers.list();
    if (!this.servers.trusted && servers.some((s) => s.scope === 'workspace')) this.view.message = 'This workspace is not trusted: the servers it defines do not start.';
    else if (!loaded && !servers.length) this.view.message = 'Reading mcp.json…';
    else this.view.message = undefined;
  }
}
