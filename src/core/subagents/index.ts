/**
 * Sub-agents: the `use_subagent` tool hands parts of the work to agents that run side by side, each
 * with a fresh context and its own model (a custom agent's, or the caller's), up to
 * `agents.maxParallel` at once, and gives back their answers in order. The agent service launches
 * them (SubagentLauncher); their steps nest under the call as lanes.
 */
export { createDelegationTool, MAX_SUBAGENTS_PER_CALL, type DelegationOptions, type SubagentLanes } from './delegation';
export { RunningLanes } from './lanes';
export { mapLimited } from './parallel';
export {
  DEFAULT_MAX_PARALLEL,
  USE_SUBAGENT,
  type SubagentChoice,
  type SubagentLauncher,
  type SubagentOutcome,
  type SubagentRequest,
  type SubagentStatus,
} from './types';
