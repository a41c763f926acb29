import * as vscode from 'vscode';
import type { Budget } from '../core/agent/budget';
import type { AgentMode, AutonomyLevel } from '../core/policy/types';

const SECTION = 'specwright';
const LEVELS: readonly AutonomyLevel[] = ['cautious', 'balanced', 'full'];
const MODES: readonly AgentMode[] = ['interactive', 'supervised', 'autonomous'];

/**
 * The `specwright.*` settings, typed. "default" for autonomy and mode means: use `agent.*` from
 * `.kiro/settings.json` (so a Kiro project's choice holds), which the core then applies.
 */
export class SpecwrightConfig {
  private get section(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SECTION);
  }

  /** Empty: the core's choice (SPECWRIGHT_MODEL, `.kiro/settings.json`, then its default model). */
  get model(): string | undefined {
    return this.section.get<string>('model')?.trim() || undefined;
  }

  /** The Anthropic API root; empty: ANTHROPIC_BASE_URL, then `.kiro/settings.json`, then the default. */
  get endpoint(): string | undefined {
    return this.section.get<string>('endpoint')?.trim() || undefined;
  }

  /** undefined: from `.kiro/settings.json`. */
  get autonomyLevel(): AutonomyLevel | undefined {
    const value = this.section.get<string>('autonomyLevel');
    return LEVELS.find((l) => l === value);
  }

  get mode(): AgentMode | undefined {
    const value = this.section.get<string>('mode');
    return MODES.find((m) => m === value);
  }

  /** Per-task limits; 0 or unset leaves the `.kiro/settings.json` budget in place. */
  get budget(): Budget {
    const tokens = this.section.get<number>('budget.maxTokensPerTask') ?? 0;
    const cost = this.section.get<number>('budget.maxCostPerTaskUsd') ?? 0;
    return { ...(tokens > 0 ? { maxTokens: Math.round(tokens) } : {}), ...(cost > 0 ? { maxCostUsd: cost } : {}) };
  }

  /** undefined: `hooks.debounceMs` of `.kiro/settings.json`, else the core's default. */
  get hooksDebounceMs(): number | undefined {
    const value = this.section.inspect<number>('hooks.debounceMs');
    const set = value?.workspaceFolderValue ?? value?.workspaceValue ?? value?.globalValue;
    return typeof set === 'number' && set >= 0 ? set : undefined;
  }

  /** undefined: `model.streamIdleTimeoutSeconds` of `.kiro/settings.json`, else the core's 90 s. */
  get streamIdleTimeoutMs(): number | undefined {
    const value = this.section.inspect<number>('streamIdleTimeoutSeconds');
    const set = value?.workspaceFolderValue ?? value?.workspaceValue ?? value?.globalValue;
    return typeof set === 'number' && set >= 0 ? set * 1000 : undefined;
  }

  /** How many sub-agents may run at once (read by the runner once sub-agents exist). */
  get maxParallelAgents(): number {
    return Math.max(1, Math.round(this.section.get<number>('agents.maxParallel') ?? 1));
  }

  async setAutonomyLevel(level: AutonomyLevel | 'default'): Promise<void> {
    await this.section.update('autonomyLevel', level, this.target());
  }

  async setMode(mode: AgentMode | 'default'): Promise<void> {
    await this.section.update('mode', mode, this.target());
  }

  affects(event: vscode.ConfigurationChangeEvent, key?: string): boolean {
    return event.affectsConfiguration(key ? `${SECTION}.${key}` : SECTION);
  }

  /** Workspace settings when a folder is open (the choice belongs to the project), else user settings. */
  private target(): vscode.ConfigurationTarget {
    return vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  }
}
