import * as vscode from 'vscode';
import type { Budget } from '../core/agent';
import type { AgentMode, AutonomyLevel } from '../core/policy';
import type { LoadSettingsOptions, SettingsLayerInput } from '../core/settings';

const SECTION = 'specwright';
const LEVELS: readonly AutonomyLevel[] = ['cautious', 'balanced', 'full'];
const MODES: readonly AgentMode[] = ['interactive', 'supervised', 'autonomous'];

/** Where Set Autonomy Level / Set Agent Mode keep a folder's choice: VS Code's own storage, not the repository. */
const CHOICE_KEYS = { autonomyLevel: 'specwright.choice.autonomyLevel', mode: 'specwright.choice.mode' } as const;

/**
 * The `specwright.*` settings, typed. "default" for autonomy and mode means: use `agent.*` from
 * `.kiro/settings.json` (so a Kiro project's choice holds), which the core then applies.
 *
 * Whose a value is matters: the user's own (user settings, the level picked with Set Autonomy Level)
 * applies as given; a value from the workspace's `.vscode/settings.json` came with the repository and
 * is handed to the core as a workspace layer, where anything that loosens the policy waits for the
 * user's yes (see settingsOptions).
 */
export class SpecwrightConfig {
  constructor(private readonly choices?: vscode.Memento) {}

  private get section(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SECTION);
  }

  /** Empty: the core's choice (SPECWRIGHT_MODEL, `.kiro/settings.json`, then its default model). */
  get model(): string | undefined {
    return this.section.get<string>('model')?.trim() || undefined;
  }

  /** The Anthropic API root from the user's settings; empty: ANTHROPIC_BASE_URL, then the settings files, then the default. */
  get endpoint(): string | undefined {
    return this.section.inspect<string>('endpoint')?.globalValue?.trim() || undefined;
  }

  /** The user's own choice (Set Autonomy Level, else user settings); undefined: from the settings files. */
  get autonomyLevel(): AutonomyLevel | undefined {
    const value = this.choices?.get<string>(CHOICE_KEYS.autonomyLevel) ?? this.section.inspect<string>('autonomyLevel')?.globalValue;
    return LEVELS.find((l) => l === value);
  }

  get mode(): AgentMode | undefined {
    const value = this.choices?.get<string>(CHOICE_KEYS.mode) ?? this.section.inspect<string>('mode')?.globalValue;
    return MODES.find((m) => m === value);
  }

  /**
   * VS Code's settings as layers for the core: user settings count as the user's own; workspace
   * settings (`.vscode/settings.json`, folder settings) as the workspace's. Read: Kiro IDE's
   * `kiroAgent.trustedCommands` / `kiroAgent.commandDenylist`, and Specwright's level, mode and endpoint.
   */
  settingsOptions(): Pick<LoadSettingsOptions, 'layers'> {
    const kiro = vscode.workspace.getConfiguration('kiroAgent');
    const user: Record<string, unknown> = {};
    const workspace: Record<string, unknown> = {};
    for (const key of ['trustedCommands', 'commandDenylist']) {
      const value = kiro.inspect<unknown>(key);
      if (Array.isArray(value?.globalValue)) user[`kiroAgent.${key}`] = value.globalValue;
      const local = value?.workspaceFolderValue ?? value?.workspaceValue;
      if (Array.isArray(local)) workspace[`kiroAgent.${key}`] = local;
    }
    const local = <T>(key: string) => {
      const value = this.section.inspect<T>(key);
      return value?.workspaceFolderValue ?? value?.workspaceValue;
    };
    const level = local<string>('autonomyLevel');
    if (LEVELS.some((l) => l === level)) workspace['agent.autonomyLevel'] = level;
    const mode = local<string>('mode');
    if (MODES.some((m) => m === mode)) workspace['agent.mode'] = mode;
    // How many sub-agents run at once: whoever set it, it loosens nothing.
    const parallel = this.section.inspect<number>('agents.maxParallel');
    if (typeof parallel?.globalValue === 'number') user['agents.maxParallel'] = Math.round(parallel.globalValue);
    const localParallel = local<number>('agents.maxParallel');
    if (typeof localParallel === 'number') workspace['agents.maxParallel'] = Math.round(localParallel);
    const endpoint = local<string>('endpoint')?.trim();
    if (endpoint) workspace['model.baseUrl'] = endpoint;
    const layer = (file: string, values: Record<string, unknown>): SettingsLayerInput[] => (Object.keys(values).length ? [{ file, values }] : []);
    return { layers: { user: layer('VS Code user settings', user), workspace: layer('VS Code workspace settings', workspace) } };
  }

  /** Limits per task, per run and per day; 0 or unset leaves the `.kiro/settings.json` budget in place, and where both set one the lower applies. */
  get budget(): Budget {
    // The lowest limit set at any scope: a repository's .vscode/settings.json may lower the user's, not raise it.
    const positive = (key: string) => {
      const value = this.section.inspect<number>(key);
      const set = [value?.globalValue, value?.workspaceValue, value?.workspaceFolderValue].filter((v): v is number => typeof v === 'number' && v > 0);
      return set.length ? Math.min(...set) : undefined;
    };
    const [tokens, cost, run, day] = ['budget.maxTokensPerTask', 'budget.maxCostPerTaskUsd', 'budget.maxCostPerRunUsd', 'budget.maxCostPerDayUsd'].map(positive);
    return {
      ...(tokens ? { maxTokens: Math.round(tokens) } : {}),
      ...(cost ? { maxCostUsd: cost } : {}),
      ...(run ? { maxCostUsdPerRun: run } : {}),
      ...(day ? { maxCostUsdPerDay: day } : {}),
    };
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


  /** A folder's choice stays in VS Code's storage for that folder (never in the repository); without a folder, in user settings. */
  async setAutonomyLevel(level: AutonomyLevel | 'default'): Promise<void> {
    await this.choose('autonomyLevel', level);
  }

  async setMode(mode: AgentMode | 'default'): Promise<void> {
    await this.choose('mode', mode);
  }

  affects(event: vscode.ConfigurationChangeEvent, key?: string): boolean {
    return event.affectsConfiguration(key ? `${SECTION}.${key}` : SECTION);
  }

  private async choose(key: 'autonomyLevel' | 'mode', value: string): Promise<void> {
    if (this.choices && vscode.workspace.workspaceFolders?.length) {
      await this.choices.update(CHOICE_KEYS[key], value === 'default' ? undefined : value);
      return;
    }
    await this.section.update(key, value, vscode.ConfigurationTarget.Global);
  }
}
