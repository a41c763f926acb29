import { createModelProvider, type ModelProvider } from '../model';
import { PolicyEngine, type AgentMode, type AutonomyLevel } from '../policy';
import { prepareSandbox, type Sandbox } from '../sandbox';
import { loadSettings, type LoadedSettings, type Settings } from '../settings';
import type { HostPorts } from './hostPorts';
import type { TurnModel } from './ports';
import type { AgentProfile } from './profile';
import { closeRunMcp, startRunMcp, type RunMcp } from './runMcp';
import { customAgentsFor } from './customAgents';

export interface PrepareRequest {
  workspace: string;
  /** The level chosen for this run; else the host's preference, then `agent.autonomyLevel`. */
  autonomy?: AutonomyLevel;
  mode?: AgentMode;
  /** The model chosen for this run (e.g. the CLI's --model); else the profile's, then the host's choice. */
  model?: string;
  /** A ready model (a recorded replay, a test's double): no Anthropic provider is built. */
  turnModel?: TurnModel;
  /** The agent that will do the work, when it is not Specwright's own. */
  profile?: AgentProfile;
  /**
   * A custom agent (`.kiro/agents`, `~/.kiro/agents`) to do the work: its prompt and resources, tools,
   * model and rules. Throws AgentNotFound (naming the agents there are) when there is none of that name.
   */
  agent?: string;
  /** False: no MCP servers (a prompt that needs none); default: the host's, when it offers them. */
  mcp?: boolean;
}

/**
 * What a run or a prompt works with, resolved before any work: every configuration failure happens
 * here. `start` releases it when its run ends; a prepared agent that is not started is released by
 * whoever prepared it.
 */
export interface PreparedAgent {
  readonly workspace: string;
  readonly settings: Settings;
  readonly model: TurnModel;
  readonly policy: PolicyEngine;
  /** Where every command runs; its status is said in the run header. */
  readonly sandbox: Sandbox;
  readonly profile?: AgentProfile;
  /** The workspace's MCP servers, starting while the rest is prepared (null: the host offers none). */
  readonly mcp: Promise<RunMcp> | null;
  /** Frees what was prepared for this agent alone (its sandbox, its MCP servers); a host's long-lived sandbox stays. */
  release(): Promise<void>;
}

/**
 * Settings, sandbox, policy and model for a workspace. Throws SettingsError for a broken settings
 * file and ModelError for a model that cannot work (no key, a bad endpoint), with remedies the
 * faces word.
 */
export async function prepareAgent(ports: HostPorts, given: PrepareRequest): Promise<PreparedAgent> {
  // The agent first: its own MCP servers start with the workspace's.
  const profile = given.profile ?? (given.agent !== undefined ? await (await customAgentsFor(ports, given.workspace)).profileOf(given.agent) : undefined);
  const request: PrepareRequest = { ...given, ...(profile ? { profile } : {}) };
  // One sandbox for the run's commands and its MCP servers: the workspace is walked once. The host's
  // long-lived one when it has one, else the run's own, disposed of when the run is released.
  const ownSandbox = ports.sandbox ? null : sandboxFor(ports, request.workspace);
  const sandbox = ownSandbox ?? Promise.resolve(ports.sandbox!);
  // Servers start first and side by side with the rest; a run stops them (stop() aborts this too).
  const stopServers = new AbortController();
  const mcp = ports.mcp && request.mcp !== false ? startRunMcp(ports, request.workspace, ports.mcp, sandbox, stopServers.signal, profile?.mcpServers) : null;
  const release = async () => {
    stopServers.abort();
    // The servers run inside the sandbox: they stop before it goes.
    await closeRunMcp(mcp);
    await ownSandbox?.then((own) => own.dispose(), () => undefined);
  };
  try {
    return await prepareWith(ports, request, await sandbox, mcp, release);
  } catch (error) {
    await release();
    throw error;
  }
}

async function prepareWith(ports: HostPorts, request: PrepareRequest, sandbox: Sandbox, mcp: Promise<RunMcp> | null, release: () => Promise<void>): Promise<PreparedAgent> {
  const { settings } = await settingsFor(ports, request.workspace);
  const preferences = ports.preferences?.() ?? {};
  const profile = request.profile;
  const model = request.turnModel ?? (await modelFor(ports, settings, request.model ?? profile?.model));
  const autonomy = request.autonomy ?? preferences.autonomy;
  const mode = request.mode ?? preferences.mode;
  const policy = await policyFor(settings, request.workspace, sandbox, { ...(autonomy ? { autonomy } : {}), ...(mode ? { mode } : {}) });
  return { workspace: request.workspace, settings, model, policy, sandbox, mcp, release, ...(profile ? { profile } : {}) };
}

/**
 * The settings that apply in a workspace, read the same way for runs, prompts, hooks and one-shot
 * calls: the user's and the host's layers under the workspace's, what the workspace asks for beyond
 * the user's only once confirmed (the host is offered the request to ask), warnings as notices.
 * A workspace's "sandbox" settings are dropped with a warning: only the user's own apply.
 */
export async function settingsFor(ports: HostPorts, workspace: string): Promise<LoadedSettings> {
  const loaded = await loadSettings(workspace, { ...ports.settings?.options(), ...(ports.home !== undefined ? { home: ports.home } : {}) });
  for (const warning of loaded.warnings) ports.notices.warn(warning);
  ports.settings?.offer?.(loaded.workspaceRequest);
  return loaded;
}

/** A sandbox of its own for a run, hooks or a prompt: the user's settings from `home`, SPECWRIGHT_SANDBOX from the environment. */
export function sandboxFor(ports: HostPorts, workspace: string): Promise<Sandbox> {
  return prepareSandbox({ workspace, ...(ports.home !== undefined ? { home: ports.home } : {}), env: ports.env });
}

/** The policy, told whether commands run sandboxed: without a sandbox it asks about every command it cannot fully read. */
export function policyFor(
  settings: Settings,
  workspace: string,
  sandbox: Sandbox,
  choice: { autonomy?: AutonomyLevel; mode?: AgentMode; sessionGrants?: Set<string> } = {},
): Promise<PolicyEngine> {
  return PolicyEngine.create({
    settings,
    workspaceRoot: workspace,
    sandbox: sandbox.status.state,
    ...(choice.autonomy ? { autonomyLevel: choice.autonomy } : {}),
    ...(choice.mode ? { mode: choice.mode } : {}),
    ...(choice.sessionGrants ? { sessionGrants: choice.sessionGrants } : {}),
  });
}

/**
 * The model the way every call reaches it: the host's choices (key, endpoint, model), over the
 * environment, over `model` in the settings. `settings` null leaves the workspace's settings out
 * (testing a key in a folder that is not trusted to choose where the key goes).
 */
export async function modelFor(ports: HostPorts, settings: Settings | null, model?: string): Promise<ModelProvider> {
  const choices = await ports.model.choices();
  const provider = createModelProvider({
    ...choices,
    ...(model ? { model } : {}),
    settings: settings?.model ?? {},
    env: ports.env,
  });
  for (const warning of provider.warnings) ports.notices.warn(warning);
  return provider;
}
