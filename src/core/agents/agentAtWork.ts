import type { AgentMode } from '../policy';
import type { Remedy } from '../remedy';
import { agentConsentRequest, describeAgentRequest, type AgentConsentRequest, type AgentConsentStore } from './agentConsent';
import { policyForAgent, type PolicyPort } from './agentPolicy';
import { agentRules, type AgentRules } from './agentRules';
import { resolveResources, type ResolvedResources } from './resources';
import { subjectOf, type ToolSubject } from './toolSelection';
import type { AgentDefinition, LoadedAgents } from './types';

/** The tools through which an agent reaches MCP servers without naming one (search, resources). */
const MCP_GATEWAYS = new Set(['mcp_search', 'mcp_resources']);

/**
 * A custom agent ready to work: its instructions (prompt, resources, skills), which tools it is
 * offered, its model, and the policy as it sees it. Built the same way for `--agent` and for a
 * sub-agent started as it.
 */
export interface AgentAtWork {
  definition: AgentDefinition;
  rules: AgentRules;
  consent: AgentConsentRequest;
  /** What the agent service takes as a profile (name, instructions, tool filter, model). */
  profile: {
    name: string;
    instructions: string;
    /**
     * By the tool box's names; `shownAs` (`@server/tool` for an MCP tool) or else `subjectOfName`
     * says what the name stands for.
     */
    allowsTool(tool: string, shownAs?: string): boolean;
    model?: string;
  };
  /** The run's policy with the agent's rules over it. */
  policy(base: PolicyPort, mode: AgentMode): PolicyPort;
  /** Resources that matched nothing, an agent whose loosenings wait for a confirmation… */
  warnings: string[];
  /** How the person lets the agent's loosenings apply, while they wait for a confirmation (each face words it). */
  consentRemedy: Remedy | null;
}

export interface AgentAtWorkOptions {
  workspace: string;
  home: string;
  store: AgentConsentStore;
  /** `--trust`: the workspace agent's loosenings apply for this command. */
  trustedForThisRun?: boolean;
  /** How the tool box names an MCP tool (`@server/tool`); by default names are taken as written. */
  subjectOfName?: (tool: string) => ToolSubject;
}

/** The agent of that name, or an error that names the ones there are (and what kept others out). */
export function findAgent(loaded: LoadedAgents, name: string): AgentDefinition {
  const found = loaded.agents.find((a) => a.name === name);
  if (found) return found;
  const broken = loaded.errors.find((e) => e.file.replace(/\.(json|md)$/i, '').endsWith(`/${name}`));
  if (broken) throw new AgentNotFound(name, `its file is broken: ${broken.message}`, loaded);
  const skipped = loaded.untrustedSkipped.find((file) => file.replace(/\.(json|md)$/i, '').endsWith(`/${name}`));
  if (skipped) throw new AgentNotFound(name, `${skipped} is a workspace agent, and the workspace is not trusted`, loaded);
  throw new AgentNotFound(name, null, loaded);
}

export class AgentNotFound extends Error {
  constructor(
    readonly agent: string,
    readonly why: string | null,
    loaded: LoadedAgents,
  ) {
    const names = loaded.agents.map((a) => a.name);
    super(`no agent "${agent}"${why ? `: ${why}` : ''}. ${names.length ? `Agents: ${names.join(', ')}.` : 'There are no custom agents in .kiro/agents/ or ~/.kiro/agents/.'}`);
    this.name = 'AgentNotFound';
  }
}

export async function agentAtWork(definition: AgentDefinition, options: AgentAtWorkOptions): Promise<AgentAtWork> {
  const consent = await agentConsentRequest(definition, { workspace: options.workspace, store: options.store, ...(options.trustedForThisRun ? { trustedForThisRun: true } : {}) });
  const rules = agentRules(definition, { workspace: options.workspace, home: options.home, looseningApplied: consent.applied });
  const resources = await resolveResources(definition, { workspace: options.workspace, home: options.home });
  const warnings = [...resources.warnings];
  if (!consent.applied) warnings.push(`${describeAgentRequest(consent)}: not applied until you confirm it outside the repository; the agent runs with Specwright's own asks`);
  const subject = options.subjectOfName ?? subjectOf;
  const mcpAny = definition.tools !== null && definition.tools.some((t) => t === '*' || (t.startsWith('@') && t !== '@builtin'));
  return {
    definition,
    rules,
    consent,
    profile: {
      name: definition.name,
      instructions: instructionsOf(definition, resources),
      allowsTool: (tool, shownAs) => (MCP_GATEWAYS.has(tool) ? mcpAny : rules.offers(shownAs !== undefined ? subjectOf(shownAs) : subject(tool))),
      ...(definition.model ? { model: definition.model } : {}),
    },
    policy: (base, mode) => policyForAgent(base, rules, { workspace: options.workspace, home: options.home, mode }),
    warnings,
    consentRemedy: consent.applied ? null : { kind: 'confirmAgent', agent: definition.name },
  };
}

/** The agent's prompt, then the files its resources put into the context, then its skills by name. */
export function instructionsOf(definition: AgentDefinition, resources: ResolvedResources): string {
  const parts: string[] = [];
  if (definition.prompt.trim()) parts.push(definition.prompt.trim());
  for (const file of resources.files) parts.push(`<resource source="${file.source}">\n${file.body.trimEnd()}\n</resource>`);
  if (resources.skills.length) {
    const list = resources.skills.map((s) => `- ${s.name}: ${s.description} (read ${s.source} when a task calls for it)`).join('\n');
    parts.push(`Skills you can use; read a skill's file before you follow it:\n${list}`);
  }
  return parts.join('\n\n');
}
