import type { TaskRef } from '../activity';
import { loadSteering, steeringForContext } from '../steering';

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
 * Adds documents to the agent's context. Read once before each task (or prompt), so the system
 * prompt stays byte-identical for every step of it and the prompt cache holds.
 */
export interface ContextProvider {
  documents(scope: ContextScope): Promise<ContextDoc[]>;
}

/** The workspace's steering (`.kiro/steering`, AGENTS.md…, and the user's own from `home`) that applies always. */
export function steeringContext(home?: string): ContextProvider {
  return {
    async documents({ workspace }) {
      const steering = await loadSteering(workspace, home ? { home } : {});
      return steeringForContext(steering.docs).map((doc) => ({ kind: 'steering', source: doc.source, body: doc.body }));
    },
  };
}

/** Every provider's documents, in provider order. */
export async function gatherContext(providers: readonly ContextProvider[], scope: ContextScope): Promise<ContextDoc[]> {
  return (await Promise.all(providers.map((p) => p.documents(scope)))).flat();
}
