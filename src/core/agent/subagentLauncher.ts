import type { ApprovalGate } from '../approvals';
import { createDelegationTool, type SubagentLanes, type SubagentLauncher, type SubagentRequest } from '../subagents';
import type { CustomAgents } from './customAgents';
import type { SteeringCatalog } from '../steering';
import type { ActionPolicy, ToolBox, TurnModel } from './ports';
import type { PreparedAgent } from './prepare';
import { toolsFor, type AgentProfile } from './profile';
import type { PromptResult } from './promptRun';

/** What a session's tools are tied to: where its sub-agents' questions go and where they can be stopped. */
export interface SessionWiring {
  runId: string;
  approvals: ApprovalGate;
  lanes?: SubagentLanes;
}

/** What the service gives one session's `use_subagent`: how a sub-agent is equipped and run. */
export interface DelegationWiring {
  /** The caller's: settings, policy, model and profile. */
  prepared: PreparedAgent;
  /** The custom agents a sub-agent may run as (read once for the session). */
  agents: CustomAgents;
  /** The caller's run (or prompt) id: a sub-agent's question ids start with it. */
  runId: string;
  approvals: ApprovalGate;
  lanes?: SubagentLanes;
  /** Fresh built-in tools and the session's other boxes (MCP), without `use_subagent`: sub-agents do not delegate. */
  baseTools(): Promise<ToolBox>;
  /** A model by name, reached as the caller's is (a custom agent's own model). */
  modelNamed(model: string): Promise<TurnModel>;
  /** The workspace's steering: a sub-agent starts a SteeringSession of its own from it, as a fresh context does. */
  steering(): Promise<SteeringCatalog>;
  /** The service's free-prompt path. */
  runPrompt(request: SubagentPrompt): Promise<PromptResult>;
}

/** One sub-agent as the service's prompt path runs it. */
export interface SubagentPrompt {
  prompt: string;
  profile?: AgentProfile;
  model: TurnModel;
  tools: ToolBox;
  policy: ActionPolicy;
  approvals: ApprovalGate;
  steering: SteeringCatalog;
  sink: { runId: string; emit: SubagentRequest['emit'] };
  signal: AbortSignal;
  /** The caller's budget, shared with it and the other lanes. */
  spend?: SubagentRequest['spend'];
}

/**
 * The `use_subagent` tool for one session: the custom agents it may choose (its availableAgents),
 * `agents.maxParallel` at once, and sub-agents started through the service's prompt path.
 */
export function delegationFor(wiring: DelegationWiring): ToolBox {
  const { prepared } = wiring;
  const caller = prepared.profile;
  const choices = wiring.agents.loaded.agents
    .filter((agent) => caller?.mayDelegateTo?.(agent.name) ?? true)
    .map((agent) => ({ name: agent.name, description: agent.description }));
  return createDelegationTool({
    agents: choices,
    maxParallel: prepared.settings.agents.maxParallel,
    launcher: subagentLauncher(wiring),
    ...(wiring.lanes ? { lanes: wiring.lanes } : {}),
  });
}

function subagentLauncher(wiring: DelegationWiring): SubagentLauncher {
  const { prepared } = wiring;
  const definitions = new Map(wiring.agents.loaded.agents.map((agent) => [agent.name, agent]));
  const modelOf = (agent: string | null) => (agent === null ? prepared.model.model : (definitions.get(agent)?.model ?? prepared.model.model));
  return {
    modelOf,
    async run(request) {
      const base = await wiring.baseTools();
      // Itself: the caller's own profile, in a fresh context; else the custom agent's.
      const profile = request.agent === null ? prepared.profile : await wiring.agents.profileOf(request.agent);
      const modelName = modelOf(request.agent);
      const model = modelName === prepared.model.model ? prepared.model : await wiring.modelNamed(modelName);
      const policy = profile?.policy ? profile.policy(prepared.policy, prepared.policy.mode) : prepared.policy;
      const result = await wiring.runPrompt({
        prompt: briefOf(request),
        ...(profile ? { profile } : {}),
        model,
        tools: toolsFor(profile, base),
        policy,
        approvals: labelled(wiring.approvals, request.agent ?? 'itself'),
        steering: await wiring.steering(),
        sink: { runId: `${wiring.runId}-${request.subagentId.replace(/[^\w-]/g, '')}`, emit: request.emit },
        signal: request.signal,
        ...(request.spend ? { spend: request.spend } : {}),
      });
      return { status: result.status, answer: result.output, usage: result.usage };
    },
  };
}

/** What a sub-agent is told: its task and the context it was given, never the caller's conversation. */
function briefOf(request: SubagentRequest): string {
  const parts = [request.query.trim()];
  if (request.relevantContext?.trim()) parts.push(`Context from the agent that handed you this work:\n${request.relevantContext.trim()}`);
  parts.push('You are a sub-agent: work on this alone, then end with your answer. Only your final message goes back to the agent that asked.');
  return parts.join('\n\n');
}

/** A sub-agent's questions come to the same place as its caller's, saying whose they are. */
function labelled(gate: ApprovalGate, who: string): ApprovalGate {
  return { request: (request, signal) => gate.request({ ...request, reason: `Sub-agent ${who}: ${request.reason}` }, signal) };
}
