/**
 * Custom agents: Kiro's agent files, in both formats it writes (JSON from Kiro CLI, Markdown with
 * YAML front matter from the Kiro IDE), from the workspace's `.kiro/agents/` and the user's
 * `~/.kiro/agents/`.
 *
 * - loadAgents reads and checks them: one error per broken file (naming file and field), warnings
 *   for what Specwright reads but cannot apply; workspace agents only in a trusted workspace.
 * - agentRules turns one into what it may do at run time; policyForAgent puts its rules over the
 *   policy (its denies always hold; its allow-lists lift only the autonomy level's asks).
 * - A workspace agent came with the repository: what would make Specwright ask less, or run a
 *   program (hooks), applies only once confirmed outside the repository (agentConsentRequest).
 * - resolveResources finds its `file://` and `skill://` resources.
 */
export { loadAgents, WORKSPACE_AGENTS_DIR, USER_AGENTS_DIR, type LoadAgentsOptions } from './loadAgents';
export {
  AGENT_HOOK_TRIGGERS,
  AgentFileProblem,
  type AgentDefinition,
  type AgentFileError,
  type AgentFormat,
  type AgentHookSpec,
  type AgentHookTrigger,
  type AgentResource,
  type AgentScope,
  type LoadedAgents,
  type ToolsSettings,
} from './types';
export { canonicalToolName, namesOf, selectorMatches, subjectOf, toolsFilter, type ToolSubject } from './toolSelection';
export { agentRules, agentNameMatches, type AgentRules, type AgentRulesOptions } from './agentRules';
export { policyForAgent, type AgentPolicyOptions, type PolicyPort } from './agentPolicy';
export {
  agentConsentRequest,
  agentConsentFileIn,
  agentLoosenings,
  confirmAgent,
  describeAgentRequest,
  agentConsentStore,
  type AgentConsentRequest,
  type AgentConsentStore,
  type AgentLoosening,
  type ConsentOptions,
} from './agentConsent';
export { resolveResources, RESOURCE_FILE_LIMIT, RESOURCE_TOTAL_LIMIT, type AgentSkill, type ResolvedResources, type ResourceFile } from './resources';
export { listedTools } from './listing';
export { agentAtWork, AgentNotFound, findAgent, instructionsOf, type AgentAtWork, type AgentAtWorkOptions } from './agentAtWork';
