import { createHash } from 'node:crypto';
import { promises as fs, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../fs';
import type { AgentDefinition } from './types';

/** One thing an agent file asks for that would make Specwright ask less, or run a program by itself. */
export interface AgentLoosening {
  /** As written: `allowedTools`, `toolsSettings.shell.allowedCommands`, `hooks.agentSpawn[0]`. */
  field: string;
  file: string;
  /** In words: `run without asking: fs_write, execute_bash`. */
  summary: string;
  value: unknown;
}

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

/**
 * Where your yes is kept, outside every repository (the same shape as the workspace settings'
 * confirmations, so one store implementation serves both).
 */
export interface AgentConsentStore {
  isConfirmed(key: string, hash: string): Promise<boolean>;
  confirm(key: string, hash: string, items: readonly AgentLoosening[]): Promise<void>;
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

/** `~/.kiro/specwright/agent-approvals.json`: your yes to workspace agents, per workspace and agent. */
export function agentConsentFileIn(home: string): string {
  return path.join(home, '.kiro', 'specwright', 'agent-approvals.json');
}

interface ConsentFile {
  version: 1;
  agents: Record<string, { hash: string; confirmedAt: string; items: Array<{ field: string; file: string; summary: string }> }>;
}

/** Confirmations as a JSON file: the hash of what was confirmed, and for a person reading it, what that was. */
export class FileAgentConsentStore implements AgentConsentStore {
  constructor(private readonly file: string) {}

  async isConfirmed(key: string, hash: string): Promise<boolean> {
    return (await this.read()).agents[key]?.hash === hash;
  }

  async confirm(key: string, hash: string, items: readonly AgentLoosening[]): Promise<void> {
    const data = await this.read();
    data.agents[key] = { hash, confirmedAt: new Date().toISOString(), items: items.map(({ field, file, summary }) => ({ field, file, summary })) };
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    await writeFileAtomic(this.file, `${JSON.stringify(data, null, 2)}\n`);
  }

  private async read(): Promise<ConsentFile> {
    try {
      const value = JSON.parse(await fs.readFile(this.file, 'utf8')) as Partial<ConsentFile>;
      if (value && typeof value.agents === 'object' && value.agents !== null) return { version: 1, agents: { ...value.agents } };
    } catch {
      // Missing or unreadable: nothing was confirmed.
    }
    return { version: 1, agents: {} };
  }
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
