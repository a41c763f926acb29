import type { StepUsage } from '../activity';

/**
 * Where a model call came from: an agent task's step, an agent hook's prompt, the spec workflow
 * (a phase written or revised), a commit message, a hook drafted from a description, or anything else.
 */
export type UsageSource = 'task' | 'hook' | 'spec' | 'commit-message' | 'hook-draft' | 'other';
export const USAGE_SOURCES: readonly UsageSource[] = ['task', 'hook', 'spec', 'commit-message', 'hook-draft', 'other'];

/** One model call's tokens and cost, with what it was for. */
export interface UsageRecord {
  /** ISO time of the call's end. */
  time: string;
  source: UsageSource;
  model: string;
  spec: string | null;
  task: { id: string; title: string } | null;
  hook: string | null;
  /** The agent run it belongs to (null for calls outside runs). */
  runId: string | null;
  usage: StepUsage;
}
