import * as vscode from 'vscode';
import type { McpRemedy, McpServerOverview } from '../../core/mcp';
import type { McpServerList } from '../mcp/mcpServers';

export type McpNode =
  | { kind: 'server'; server: string; overview: McpServerOverview }
  | { kind: 'tool'; server: string; tool: string; disabled: boolean; description: string }
  | { kind: 'problem'; text: string };

const STATE_TEXT: Record<McpServerOverview['state'], string> = {
  running: 'running',
  stopped: 'stopped',
  disabled: 'disabled',
  'needs-approval': 'needs approval',
  error: 'error',
};

const STATE_ICON: Record<McpServerOverview['state'], vscode.ThemeIcon> = {
  running: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  stopped: new vscode.ThemeIcon('circle-large-outline'),
  disabled: new vscode.ThemeIcon('circle-slash'),
  'needs-approval': new vscode.ThemeIcon('shield', new vscode.ThemeColor('list.warningForeground')),
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
};

/** A typed remedy in the view's words: what to click or do. */
export function mcpRemedyText(remedy: McpRemedy | null): string | null {
  switch (remedy) {
    case 'approve':
      return 'Approve it (right-click) to start it.';
    case 'trust-workspace':
      return 'Trust this workspace (Manage Workspace Trust), then Approve it.';
    case 'fix-config':
      return 'Fix its entry: Open Config.';
    case 'set-variable':
      return 'Set the variable where VS Code starts, or change the entry (Open Config), then Restart.';
    case 'sign-in':
      return 'Restart it to sign in.';
    case 'check-server':
      return 'Show Log says more; Restart tries again.';
    case 'move-out-of-tmp':
      return 'Move it out of /tmp and change its entry (Open Config), then Restart.';
    default:
      return null;
  }
}

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
    const tools = overview.tools.length;
    const item = new vscode.TreeItem(overview.name, tools ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `mcp:${overview.name}`;
    const state = STATE_TEXT[overview.state];
    item.description = overview.state === 'running' ? `${state} · ${tools} tool${tools === 1 ? '' : 's'}` : overview.state === 'error' && overview.error ? `${state}: ${overview.error}` : state;
    const remedy = mcpRemedyText(overview.remedy);
    item.tooltip = [`${overview.name} (${overview.scope === 'workspace' ? 'this workspace' : 'your own'}, ${overview.file}, ${overview.transport})`, `State: ${state}`, overview.error ?? '', remedy ?? ''].filter(Boolean).join('\n');
    item.iconPath = STATE_ICON[overview.state];
    item.accessibilityInformation = { label: `MCP server ${overview.name}, ${state}` };
    item.contextValue = `mcpServer.${overview.state}.${overview.scope}`;
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
