import * as vscode from 'vscode';
import type { RunTranscript } from '../agent/runTranscript';
import { CONTEXT_KEYS } from '../ids';
import { hostRuntime } from '../runtime/load';

/** What the Get Started walkthrough's steps wait for, read from the extension's own state. */
export interface WalkthroughSources {
  hasApiKey(): Promise<boolean>;
  onKeyChange: vscode.Event<unknown>;
  roots(): string[];
  /** Fired when specs may have changed (the Specs view's own watcher, New Spec, Open Example). */
  onSpecsChange: vscode.Event<unknown>;
  /** The run shown last (running or ended), and when it changes. */
  latestRun(): RunTranscript | null;
  onRunChange: vscode.Event<void>;
  /** True once the user chose a level with Set Autonomy Level (it is then kept for the folder). */
  autonomyChosen(): boolean;
}

/**
 * Keeps the context keys the walkthrough's completion events name (`onContext:specwright.hasApiKey`…)
 * true to what the user has done: a key stored, a spec in the workspace, a task finished by the agent.
 * A step then ticks itself whichever way the user did it (the walkthrough's button, a command, a file).
 */
export class WalkthroughProgress implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly shown = new Map<string, boolean>();

  constructor(private readonly sources: WalkthroughSources) {}

  start(): void {
    const checkSpecs = () => void this.checkSpecs();
    this.disposables.push(
      this.sources.onSpecsChange(checkSpecs),
      vscode.workspace.onDidChangeWorkspaceFolders(checkSpecs),
      this.sources.onKeyChange(() => void this.checkKey()),
      this.sources.onRunChange(() => this.checkRun()),
    );
    void this.checkKey();
    checkSpecs();
    this.autonomyChanged();
  }

  /**
   * A context key rather than `onCommand`: the walkthrough advances (and takes the focus) the moment
   * a completion event fires, which would close the level's quick pick before the user picked.
   */
  autonomyChanged(): void {
    this.set(CONTEXT_KEYS.autonomyChosen, this.sources.autonomyChosen());
  }

  private async checkKey(): Promise<void> {
    this.set(CONTEXT_KEYS.hasApiKey, await this.sources.hasApiKey());
  }

  private async checkSpecs(): Promise<void> {
    const { listSpecs } = await hostRuntime();
    const counts = await Promise.all(this.sources.roots().map((root) => listSpecs(root).then((s) => s.length, () => 0)));
    this.set(CONTEXT_KEYS.hasSpecs, counts.some((n) => n > 0));
  }

  private checkRun(): void {
    const run = this.sources.latestRun();
    if (run?.events.some((e) => e.type === 'task_finished' && e.status === 'done')) this.set(CONTEXT_KEYS.finishedTask, true);
  }

  private set(key: string, value: boolean): void {
    if (this.shown.get(key) === value) return;
    this.shown.set(key, value);
    void vscode.commands.executeCommand('setContext', key, value);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
