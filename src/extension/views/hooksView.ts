import * as vscode from 'vscode';
import type { Hook, HookFileError } from '../../core/hooks';
import { COMMANDS } from '../ids';
import { hookActionText, hookDescription, type HookRunRecord } from './treeText';

/** The hooks the view lists, as the hook service holds them. */
export interface HookList {
  readonly onDidChange: vscode.Event<void>;
  readonly trusted: boolean;
  list(): { hooks: Hook[]; errors: HookFileError[] };
  lastRun(hook: Hook): HookRunRecord | undefined;
}

export type HookNode = { kind: 'hook'; hook: Hook; hookId: string } | { kind: 'error'; error: HookFileError };

/**
 * The Hooks view: each hook with its trigger, whether it is enabled, and its last run; broken hook
 * files as errors. Enable / Disable edit the file; Run Now runs it; clicking opens the file.
 */
export class HooksView implements vscode.TreeDataProvider<HookNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<HookNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private view: vscode.TreeView<HookNode> | null = null;

  constructor(private readonly hooks: HookList) {
    this.subscription = hooks.onDidChange(() => this.refresh());
  }

  attach(view: vscode.TreeView<HookNode>): void {
    this.view = view;
    this.updateMessage();
  }

  refresh(): void {
    this.updateMessage();
    this.changed.fire(undefined);
  }

  getChildren(node?: HookNode): HookNode[] {
    if (node) return [];
    const { hooks, errors } = this.hooks.list();
    return [...hooks.map((hook) => ({ kind: 'hook' as const, hook, hookId: hook.id })), ...errors.map((error) => ({ kind: 'error' as const, error }))];
  }

  getTreeItem(node: HookNode): vscode.TreeItem {
    if (node.kind === 'error') {
      const item = new vscode.TreeItem(node.error.file, vscode.TreeItemCollapsibleState.None);
      item.description = node.error.message;
      item.tooltip = node.error.message;
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
      item.contextValue = 'hookError';
      return item;
    }
    const { hook } = node;
    const last = this.hooks.lastRun(hook);
    const item = new vscode.TreeItem(hook.name, vscode.TreeItemCollapsibleState.None);
    item.id = `hook:${hook.id}`;
    item.description = hookDescription(hook, last);
    item.tooltip = [hook.description, hookActionText(hook), `Trigger: ${hook.trigger}`, `File: ${hook.file}`, last && !last.result.ok ? `Last output: ${last.result.output.slice(0, 500)}` : '']
      .filter(Boolean)
      .join('\n');
    item.iconPath = new vscode.ThemeIcon(hook.enabled ? 'zap' : 'circle-slash');
    item.accessibilityInformation = { label: `Hook ${hook.name}, ${hookDescription(hook, last)}` };
    item.command = { command: COMMANDS.openHookFile, title: 'Open Hook File', arguments: [node] };
    item.contextValue = `hook.${hook.enabled ? 'enabled' : 'disabled'}.${hook.scope}`;
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private updateMessage(): void {
    if (!this.view) return;
    this.view.message = this.hooks.trusted ? undefined : 'Hooks do not run in an untrusted workspace; they are listed only.';
  }
}
