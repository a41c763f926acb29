import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import * as path from 'node:path';
import { FileConsentStore, type LooseningItem } from '../settings';
import type { AgentDefinition } from './types';

/**
 * One thing an agent file asks for that would make Specwright ask less, or run a program by itself:
 * the workspace settings' LooseningItem (`field` as written: `allowedTools`, `hooks.agentSpawn[0]`).
 */
export type AgentLoosening = LooseningItem;

/** What one workspace agent asks for, and whether it applies. */
export interface AgentConsentRequest {
  agent: string;
  file: string;
  /** What a confirmation is kept under: the workspace's real path and the agent's name. */
  key: string;
  items: AgentLoosening[];
  /** Of exactly these items: a change to any asks again. */
  hash: string;
  /** Your own agent, nothing asked, confirmed earlier, or trusted for this command (`--trust`). */
  applied: boolean;
}

/** Where your yes is kept, outside every repository: the workspace settings' store, keyed per agent. */
export interface AgentConsentStore {
  isConfirmed(key: string, hash: string): Promise<boolean>;
  confirm(key: string, hash: string, items: readonly AgentLoosening[]): Promise<void>;
}

/**
 * The confirmations of workspace agents, in `~/.kiro/specwright/agent-approvals.json`: the same kind
 * of file as the workspace settings' confirmations, one entry per workspace and agent.
 */
export function agentConsentStore(home: string): AgentConsentStore {
  return new FileConsentStore(agentConsentFileIn(home));
}

/**
 * What an agent file asks for beyond your own settings: tools and commands that run without asking,
 * paths written without asking, sub-agents started without asking, and commands its hooks run.
 * (Its MCP servers are approved as every workspace server is, by the MCP hub, launch by launch.)
 */
export function agentLoosenings(agent: AgentDefinition): AgentLoosening[] {
  const items: AgentLoosening[] = [];
  const put = (field: string, summary: string, value: unknown) => items.push({ field, file: agent.file, summary, value });
  const s = agent.toolsSettings;
  if (agent.allowedTools.length) put('allowedTools', `run these tools without asking: ${agent.allowedTools.join(', ')}`, agent.allowedTools);
  if (s.write.allowedPaths.length) put('toolsSettings.write.allowedPaths', `write without asking to: ${s.write.allowedPaths.join(', ')}`, s.write.allowedPaths);
  if (s.shell.allowedCommands.length) put('toolsSettings.shell.allowedCommands', `run commands matching these without asking: ${s.shell.allowedCommands.map((c) => JSON.stringify(c)).join(', ')}`, s.shell.allowedCommands);
  if (s.subagent.trustedAgents.length) put('toolsSettings.subagent.trustedAgents', `start these sub-agents without asking: ${s.subagent.trustedAgents.join(', ')}`, s.subagent.trustedAgents);
  for (const hook of agent.hooks) {
    put(hook.field, `run ${JSON.stringify(hook.command)} ${whenText(hook.trigger)}${hook.matcher ? ` (tools: ${hook.matcher})` : ''}`, { command: hook.command, matcher: hook.matcher });
  }
  return items;
}

export interface ConsentOptions {
  workspace: string;
  store: AgentConsentStore;
  /** `--trust`: applies for this command, without asking and without keeping a yes. */
  trustedForThisRun?: boolean;
}

export async function agentConsentRequest(agent: AgentDefinition, options: ConsentOptions): Promise<AgentConsentRequest> {
  const items = agentLoosenings(agent);
  const key = `${realWorkspace(options.workspace)}#${agent.name}`;
  const hash = hashItems(agent, items);
  const base = { agent: agent.name, file: agent.file, key, items, hash };
  if (agent.scope === 'user' || items.length === 0 || options.trustedForThisRun) return { ...base, applied: true };
  return { ...base, applied: await options.store.isConfirmed(key, hash) };
}

export async function confirmAgent(request: AgentConsentRequest, store: AgentConsentStore): Promise<void> {
  await store.confirm(request.key, request.hash, request.items);
}

/** One line: what the agent asks for. */
export function describeAgentRequest(request: AgentConsentRequest): string {
  return `agent "${request.agent}" (${request.file}) asks to ${request.items.map((i) => i.summary).join('; ')}`;
}

/** `~/.kiro/specwright/agent-approvals.json`. */
export function agentConsentFileIn(home: string): string {
  return path.join(home, '.kiro', 'specwright', 'agent-approvals.json');
}

function hashItems(agent: AgentDefinition, items: readonly AgentLoosening[]): string {
  const canonical = { agent: agent.name, file: agent.file, items: items.map((i) => ({ field: i.field, value: i.value })) };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

function realWorkspace(workspace: string): string {
  try {
    return realpathSync(workspace);
  } catch {
    return path.resolve(workspace);
  }
}

function whenText(trigger: string): string {
  switch (trigger) {
    case 'agentSpawn':
      return 'when the agent starts';
    case 'userPromptSubmit':
      return 'on every prompt';
    case 'preToolUse':
      return 'before tool calls';
    case 'postToolUse':
      return 'after tool calls';
    default:
      return 'when the agent stops';
  }
}
