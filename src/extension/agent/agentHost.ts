import type * as vscode from 'vscode';
import type { ActivityEmitter } from '../../core/activity';
import type { AgentHooks, AgentService, ApprovalGate, HostPorts, McpAccess } from '../../core/agent';
import type { SpecwrightConfig } from '../config';
import type { ApiKeyStore } from '../host/apiKeyStore';
import type { WorkspaceSettingsPrompt } from '../host/workspaceSettingsPrompt';
import type { RunStorage } from './runStorage';
import { remedyText } from '../../shared/remedyText';
import { agentRuntime } from '../runtime/load';

/** What VS Code gives the agent; each part is the small piece of the extension it needs. */
export interface AgentHostParts {
  config: SpecwrightConfig;
  apiKeys: Pick<ApiKeyStore, 'stored'>;
  storage: Pick<RunStorage, 'runsDir' | 'checkpointStore' | 'dirOf'>;
  log: Pick<vscode.LogOutputChannel, 'warn'>;
  /** Who answers when no run asks through its own panel: hook prompts outside runs, with a modal. */
  approvals: ApprovalGate;
  /** The editor's hook dispatcher for a folder, and where its hook runs report while a run lasts. */
  hooks: { dispatcherFor(root: string): AgentHooks | undefined; attachRun(stream: ActivityEmitter | null): void };
  /** VS Code's Workspace Trust. */
  isTrusted(): boolean;
  /** How runs start the MCP servers of mcp.json (asking about the workspace's own, signing in). */
  mcp?: McpAccess;
  /** Asks, outside the repository, about what a workspace's settings ask for beyond the user's. */
  workspaceSettings: Pick<WorkspaceSettingsPrompt, 'offer'>;
}

/**
 * VS Code as the agent's host: the key from SecretStorage (else ANTHROPIC_API_KEY), the endpoint and
 * model settings, run state in the extension's storage folder, the editor's hook dispatcher, warnings
 * in the log. Runs and one-shot calls (spec phases, commit messages, hook drafts) reach the model
 * the same way, through the service.
 */
export function extensionHostPorts(parts: AgentHostParts): HostPorts {
  const { config } = parts;
  return {
    approvals: parts.approvals,
    model: {
      choices: async () => {
        const [apiKey, baseUrl, model, idle] = [await parts.apiKeys.stored(), config.endpoint, config.model, config.streamIdleTimeoutMs];
        return { ...(apiKey ? { apiKey } : {}), ...(baseUrl ? { baseUrl } : {}), ...(model ? { model } : {}), ...(idle !== undefined ? { streamIdleTimeoutMs: idle } : {}) };
      },
    },
    storage: {
      runsDir: (root) => parts.storage.runsDir(root),
      checkpoints: (root, settings) => parts.storage.checkpointStore(root, settings),
      // What each done task wrote, for the Traceability view and drift.
      traceDir: async (root) => (await agentRuntime()).traceDirOf(parts.storage.dirOf(root)),
      // In the extension's storage folder for the workspace, beside its run logs.
      usageLedger: async (root) => {
        const { UsageLedger } = await agentRuntime();
        return new UsageLedger(parts.storage.dirOf(root));
      },
    },
    trust: { hooksAllowed: () => parts.isTrusted() },
    // VS Code's own settings count as layers; the work goes on under what applies now while the user is asked.
    settings: { options: () => config.settingsOptions(), offer: (request) => parts.workspaceSettings.offer(request) },
    hooks: parts.hooks,
    ...(parts.mcp ? { mcp: parts.mcp } : {}),
    notices: { warn: (message, remedy) => parts.log.warn(remedy ? `${message} ${remedyText(remedy)}` : message) },
    preferences: () => {
      const budget = config.budget;
      return {
        ...(config.autonomyLevel ? { autonomy: config.autonomyLevel } : {}),
        ...(config.mode ? { mode: config.mode } : {}),
        ...(Object.keys(budget).length ? { budget } : {}),
      };
    },
    env: process.env,
  };
}

/** The extension's one AgentService, built on first use (the agent runtime loads then). */
export function lazyAgentService(ports: () => HostPorts): () => Promise<AgentService> {
  let service: Promise<AgentService> | undefined;
  return () => (service ??= agentRuntime().then(({ createAgentService }) => createAgentService(ports())));
}
