import * as vscode from 'vscode';
import type { RunFigures } from '../agent/runFigures';
import type { SpecwrightConfig } from '../config';
import { COMMANDS } from '../ids';
import { autonomyLabel, autonomyStatusText, modeLabel, runStatusText, runStatusTooltip, sandboxStatusView, type RunStatusView } from './statusText';
import { agentRuntime, hostRuntime } from '../runtime/load';

/** The runs the status bar follows: the one in progress (with what it waits for) and the latest. */
export interface RunWatch {
  readonly onDidChange: vscode.Event<void>;
  readonly current: { approvals: { waiting(): readonly unknown[] }; inbox: { readonly waiting: boolean } } | null;
  readonly latest: { readonly figures: RunFigures } | null;
}

/**
 * Three status bar items: the autonomy level (click: Set Autonomy Level), the current or last run of
 * this session (task, tokens, cost; click: Open Agent Activity), and whether agent commands run in
 * the OS sandbox (a warning, with how to enable it, when they cannot).
 */
export class StatusBar implements vscode.Disposable {
  private readonly autonomy = vscode.window.createStatusBarItem('specwright.autonomy', vscode.StatusBarAlignment.Left, 50);
  private readonly run = vscode.window.createStatusBarItem('specwright.run', vscode.StatusBarAlignment.Left, 49);
  private readonly sandbox = vscode.window.createStatusBarItem('specwright.sandbox', vscode.StatusBarAlignment.Left, 48);
  private readonly disposables: vscode.Disposable[] = [];
  private refreshing = 0;

  constructor(
    private readonly config: SpecwrightConfig,
    private readonly agent: RunWatch,
    private readonly root: () => string | undefined,
  ) {
    this.autonomy.name = 'Specwright Autonomy Level';
    this.autonomy.command = COMMANDS.setAutonomy;
    this.run.name = 'Specwright Agent Run';
    this.run.command = COMMANDS.openActivity;
    this.sandbox.name = 'Specwright Command Sandbox';
    this.disposables.push(
      this.autonomy,
      this.run,
      this.sandbox,
      agent.onDidChange(() => this.showRun()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (config.affects(e, 'autonomyLevel') || config.affects(e, 'mode')) void this.refreshAutonomy();
      }),
    );
  }

  /** Shows the items; the level from `.kiro/settings.json` is filled in once read. */
  start(): void {
    this.setAutonomy(this.config.autonomyLevel ?? 'balanced', this.config.mode ?? 'autonomous', !this.config.autonomyLevel);
    this.autonomy.show();
    void this.refreshAutonomy();
    void this.refreshSandbox();
  }

  /** Says once, where it stays visible, whether agent commands are sandboxed here. */
  async refreshSandbox(): Promise<void> {
    const root = this.root();
    if (!root) return;
    try {
      const runtime = await agentRuntime();
      const status = await runtime.sandboxStatus({ workspace: root });
      const view = sandboxStatusView(status.state, runtime.describeSandbox(status));
      this.sandbox.text = view.text;
      this.sandbox.tooltip = view.tooltip;
      this.sandbox.accessibilityInformation = { label: view.tooltip };
      this.sandbox.backgroundColor = view.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
      this.sandbox.show();
    } catch {
      this.sandbox.hide();
    }
  }

  /** The level a run would use: the setting, else `agent.autonomyLevel` of `.kiro/settings.json`. */
  async effectiveLevel(): Promise<{ level: string; mode: string; fromKiro: boolean }> {
    const level = this.config.autonomyLevel;
    const mode = this.config.mode;
    if (level && mode) return { level, mode, fromKiro: false };
    const root = this.root();
    let agent: { autonomyLevel: string; mode: string } = { autonomyLevel: 'balanced', mode: 'autonomous' };
    if (root) {
      try {
        agent = (await (await hostRuntime()).loadSettings(root, this.config.settingsOptions())).settings.agent;
      } catch {
        // A broken settings file is reported when a run starts; the status bar shows the default.
      }
    }
    return { level: level ?? agent.autonomyLevel, mode: mode ?? agent.mode, fromKiro: !level };
  }

  async refreshAutonomy(): Promise<void> {
    const call = ++this.refreshing;
    const { level, mode, fromKiro } = await this.effectiveLevel();
    if (call === this.refreshing) this.setAutonomy(level, mode, fromKiro);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private setAutonomy(level: string, mode: string, fromKiro: boolean): void {
    this.autonomy.text = autonomyStatusText(level, mode);
    const source = fromKiro ? ' (from .kiro/settings.json)' : '';
    this.autonomy.tooltip = `Specwright autonomy level: ${autonomyLabel(level)}${source}; mode: ${modeLabel(mode)}. Click to change the level.`;
    this.autonomy.accessibilityInformation = { label: `Specwright autonomy level ${autonomyLabel(level)}, mode ${modeLabel(mode)}`, role: 'button' };
  }

  private showRun(): void {
    const active = this.agent.current;
    const transcript = this.agent.latest;
    if (!transcript) {
      this.run.hide();
      return;
    }
    const figures = transcript.figures;
    const view: RunStatusView = {
      status: active ? 'running' : figures.status,
      taskId: figures.currentTask?.id ?? null,
      taskTitle: figures.currentTask?.title ?? null,
      tokens: figures.tokens,
      costUsd: figures.usage.costUsd,
      awaitingApproval: !!active && active.approvals.waiting().length > 0,
      awaitingInput: !!active && active.inbox.waiting,
      budgetWarning: figures.budgetWarning,
      chat: figures.chat,
    };
    this.run.text = runStatusText(view);
    this.run.tooltip = runStatusTooltip(view);
    this.run.accessibilityInformation = { label: runStatusTooltip(view), role: 'button' };
    this.run.backgroundColor = view.awaitingApproval || view.budgetWarning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.run.show();
  }
}
