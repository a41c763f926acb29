import type { ActivityEmitter } from '../activity';
import type { ApprovalGate } from '../approvals';
import type { CheckpointStore } from '../checkpoints';
import type { McpHubOptions } from '../mcp';
import type { AgentMode, AutonomyLevel } from '../policy';
import type { Sandbox } from '../sandbox';
import type { Remedy } from '../remedy';
import type { LoadSettingsOptions, Settings, WorkspaceSettingsRequest } from '../settings';
import type { UsageLedger } from '../usage';
import type { Budget } from './budget';
import type { AgentHooks, UserInput } from './ports';

/**
 * Everything the agent needs of the host it runs in, in one object: the CLI builds one from its
 * flags and terminal, the extension from VS Code, tests from plain functions. Each port is small
 * and says what it is for; nothing else of the host reaches the core.
 */
export interface HostPorts {
  /** Asks a person: the policy's questions, plans, the pause between tasks, hook commands. */
  approvals: ApprovalGate;
  /** Where Interactive mode's next message comes from; without it the agent finishes when it stops. */
  userInput?: UserInput;
  /** How the model is reached, the same way for runs and for one-shot calls. */
  model: ModelAccess;
  /** Where run logs and checkpoints live. */
  storage: RunStorage;
  /** What the person has let this workspace do. */
  trust: WorkspaceTrust;
  /** The host's own settings layers, and who asks the person about what a workspace's settings ask for. */
  settings?: SettingsAccess;
  /** A long-lived host's own hook dispatcher; without one, each run starts hooks of its own. */
  hooks?: HookHost;
  /**
   * The workspace's MCP servers as tools for runs, with the host's way of approving a workspace's
   * servers (outside the repository) and of signing in to remote ones. Without it runs have no MCP tools.
   */
  mcp?: McpAccess;
  /**
   * A long-lived host's sandbox, kept and disposed by the host. Without one, each run, prompt and set
   * of hooks prepares its own (the user's `sandbox` settings, SPECWRIGHT_SANDBOX) and disposes it.
   */
  sandbox?: Sandbox;
  /** Things the person should know that are not failures (settings warnings, an unpriced model). */
  notices: Notices;
  /** The person's standing choices for runs (the editor's settings); a request's own choices win. */
  preferences?(): AgentPreferences;
  /** The user's home folder: user-level steering, hooks and settings in ~/.kiro. */
  home?: string;
  /** The environment the model settings are read from (ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL, SPECWRIGHT_MODEL). */
  env: NodeJS.ProcessEnv;
}

export type McpAccess = Pick<McpHubOptions, 'approvals' | 'oauth' | 'approvalStore' | 'logDir' | 'restart' | 'onServerOutput'>;

export interface ModelAccess {
  /**
   * The host's choices, read before every run or call (a key stored a minute ago applies): the key
   * from secret storage, the endpoint and model the person set. What is unset falls back to the
   * environment, then `model` in `.kiro/settings.json`, then the defaults.
   */
  choices(): Promise<ModelChoices>;
}

export interface ModelChoices {
  apiKey?: string;
  baseUrl?: string;
  model?: string;
  /** A model answer that sends nothing for this long is abandoned and asked again; 0: never. */
  streamIdleTimeoutMs?: number;
}

export interface RunStorage {
  /** Where the workspace's run logs go. */
  runsDir(workspace: string): string;
  /**
   * The workspace's checkpoint store, shared with the host's restores (its git operations are
   * serialised, so there is one per workspace); null: runs take no checkpoints.
   */
  checkpoints(workspace: string, settings: Settings): Promise<CheckpointStore | null>;
  /**
   * Where model calls made outside runs are recorded (spec phases, commit messages, hook drafts,
   * hook prompts outside a run): a run's own usage is in its log. Without it they are not recorded.
   */
  usageLedger?(workspace: string): Promise<UsageLedger>;
  /** Where what each done task wrote is recorded, for `spec trace` and drift; without it nothing is recorded. */
  traceDir?(workspace: string): Promise<string>;
}

export interface WorkspaceTrust {
  /**
   * Whether the person let this workspace's hooks run (VS Code's Workspace Trust, the CLI's --trust).
   * The user's own `hooks.trustedWorkspaces` in ~/.kiro/settings.json counts as well.
   */
  hooksAllowed(workspace: string): boolean;
}

export interface SettingsAccess {
  /**
   * How settings are read beyond the files: the host's own layers (VS Code settings), and whether
   * what the workspace asks for applies without a stored confirmation (the CLI's --trust).
   */
  options(): Omit<LoadSettingsOptions, 'home'>;
  /**
   * Told, on every read, what the workspace's settings ask for beyond the user's (null: nothing), so
   * the host can ask the person outside the repository; the work goes on under what applies now.
   */
  offer?(request: WorkspaceSettingsRequest | null): void;
}

export interface HookHost {
  /** The host's dispatcher for this workspace (fed by the editor's saves), or undefined. */
  dispatcherFor(workspace: string): AgentHooks | undefined;
  /** While a run lasts that dispatcher's hook runs belong to it: reported into its stream (null: it ended). */
  attachRun(stream: ActivityEmitter | null): void;
}

export interface Notices {
  /** A warning in the core's words; the face appends its own wording of the remedy, if any. */
  warn(message: string, remedy?: Remedy): void;
}

export interface AgentPreferences {
  autonomy?: AutonomyLevel;
  mode?: AgentMode;
  /** Limits (per task, run, day) over the settings' own. */
  budget?: Budget;
}
