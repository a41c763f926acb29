import type { AgentHookSpec } from '../agents';
import type { AgentServers } from '../mcp';
import type { AgentMode } from '../policy';
import type { ActionPolicy, ToolBox } from './ports';

/**
 * Who does the work: Specwright's own agent when absent, or a custom one (a `.kiro/agents` file, a
 * sub-agent's role). A profile narrows and adds; it never loosens the policy.
 */
export interface AgentProfile {
  /** Its name, as the system prompt and the log call it. */
  name: string;
  /** Instructions added to the system prompt after Specwright's own. */
  instructions?: string;
  /**
   * Which tools it may call, by the tool box's name, with what the name stands for (`@server/tool`
   * for an MCP tool, as agent files and hooks name it); absent: every tool of the run.
   */
  allowsTool?: (tool: string, shownAs: string) => boolean;
  /** The model it uses, unless a person chose one for the run. */
  model?: string;
  /** The policy as it sees it: its own denies and confirmed allow-lists over the run's; absent: the run's. */
  policy?(base: ActionPolicy, mode: AgentMode): ActionPolicy;
  /** Which custom agents it may hand work to (`toolsSettings.subagent.availableAgents`); absent: any. */
  mayDelegateTo?(agent: string): boolean;
  /** Its agent file's own `hooks`, once its loosenings were confirmed (none before): they run for its runs. */
  hooks?: { file: string; specs: AgentHookSpec[] };
  /** Its agent file's own `mcpServers`: they start for its runs beside mcp.json's, trusted as its file's scope is. */
  mcpServers?: AgentServers;
}

/** The tool box as a profile sees it: only the tools it allows are offered, and others are refused. */
export function toolsFor(profile: AgentProfile | undefined, tools: ToolBox): ToolBox {
  const allowsTool = profile?.allowsTool;
  if (!allowsTool) return tools;
  const allows = (name: string) => allowsTool(name, tools.hookSubject?.(name, {}).tool ?? name);
  const refuse = (name: string) => new Error(`${name} is not available to the ${profile.name} agent; use one of: ${tools.definitions.filter((d) => allows(d.name)).map((d) => d.name).join(', ') || 'no tools'}.`);
  return {
    get definitions() {
      return tools.definitions.filter((d) => allows(d.name));
    },
    summarize: (name, input) => tools.summarize(name, input),
    plan: async (name, input, ctx) => {
      if (!allows(name)) throw refuse(name);
      return tools.plan(name, input, ctx);
    },
    execute: async (name, input, ctx) => {
      if (!allows(name)) return { content: refuse(name).message, isError: true };
      return tools.execute(name, input, ctx);
    },
    ...(tools.handles ? { handles: (name: string) => allows(name) && tools.handles!(name) } : {}),
    ...(tools.hookSubject ? { hookSubject: (name: string, input: unknown) => tools.hookSubject!(name, input) } : {}),
  };
}
