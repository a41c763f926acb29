import type { TaskRef } from '../activity';
import type { Settings } from '../settings';
import { loadSteering, type SteeringCatalog } from '../steering';

/** One document the agent is given as context in its system prompt. */
export interface ContextDoc {
  /** What it is, as the prompt tags it: `steering`, or a provider's own kind (knowledge, docs…). */
  kind: string;
  /** Where it came from, for the model and for people reading the prompt. */
  source: string;
  body: string;
}

export interface ContextScope {
  workspace: string;
  /** The task about to start; null for a free prompt (a hook's, a chat's). */
  task: TaskRef | null;
}

/**
 * Adds documents to the agent's context beyond steering (which follows the work: SteeringSession). Read once before each task (or prompt), so the system
 * prompt stays byte-identical for every step of it and the prompt cache holds.
 */
export interface ContextProvider {
  documents(scope: ContextScope): Promise<ContextDoc[]>;
}

/**
 * The workspace's steering as the agent gets it (`.kiro/steering`, AGENTS.md, CLAUDE.md, skills, and
 * the user's own from `home`), with AGENTS.md and CLAUDE.md as the settings switch them.
 */
export function agentSteering(workspace: string, settings: Pick<Settings, 'steering'>, home?: string): Promise<SteeringCatalog> {
  return loadSteering(workspace, { ...(home !== undefined ? { home } : {}), agentsMd: settings.steering.agentsMd, claudeMd: settings.steering.claudeMd });
}

/** Every provider's documents, in provider order. */
export async function gatherContext(providers: readonly ContextProvider[], scope: ContextScope): Promise<ContextDoc[]> {
  return (await Promise.all(providers.map((p) => p.documents(scope)))).flat();
}
