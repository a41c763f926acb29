import type { ActivityEventInput, StepUsage } from '../activity';
import type { Budget, SpentElsewhere } from '../agent/budget';

/** The tool's name, as Kiro CLI calls it (Kiro's other names for it map here: see core/agents). */
export const USE_SUBAGENT = 'use_subagent';

/** Specwright's default for `agents.maxParallel`: Kiro runs 4 at once in its CLI and 5 in the IDE. */
export const DEFAULT_MAX_PARALLEL = 6;

/** A custom agent a sub-agent may run as, as the model is told about it. */
export interface SubagentChoice {
  name: string;
  description: string | null;
}

export type SubagentStatus = 'done' | 'failed' | 'stopped' | 'budget_exceeded';

/** One sub-agent to start: who, what to do, and where its steps go. */
export interface SubagentRequest {
  /** Its lane: the parentId of every one of its events. */
  subagentId: string;
  /** A custom agent's name; null: the calling agent itself, in a fresh context. */
  agent: string | null;
  query: string;
  relevantContext: string | null;
  /** The parent's stop, and the sub-agent's own when it is stopped alone. */
  signal: AbortSignal;
  /** Reports one of its steps, already nested under its lane. */
  emit(event: ActivityEventInput): void;
  /** The caller's budget it spends from, shared with the caller and the other lanes; absent: no limits. */
  spend?: SharedSpend;
}

/** A sub-agent's share of its caller's budget: one ledger for the caller and every lane of the call. */
export interface SharedSpend {
  limits: Budget;
  elsewhere?: SpentElsewhere;
  /** What the caller and the other lanes have spent so far. */
  others(): StepUsage;
  /** Told this lane's total after each of its steps. */
  report(total: StepUsage): void;
}

export interface SubagentOutcome {
  status: SubagentStatus;
  /** Its final answer, or what went wrong. */
  answer: string;
  usage: StepUsage;
}

/** How sub-agents are started: the agent service builds each one (fresh context, own model). */
export interface SubagentLauncher {
  /** The model a sub-agent of this agent would call (null: the calling agent's). */
  modelOf(agent: string | null): string;
  run(request: SubagentRequest): Promise<SubagentOutcome>;
}
