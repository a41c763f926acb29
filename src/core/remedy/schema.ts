import { z } from 'zod';
import type { Remedy } from './remedy';

/** Remedies as events carry them (task_finished, error), validated like every event. */
export const remedySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('setApiKey') }),
  z.object({ kind: z.literal('chooseModel') }),
  z.object({ kind: z.literal('nextPhase'), spec: z.string() }),
  z.object({ kind: z.literal('regeneratePhase'), spec: z.string(), phase: z.string() }),
  z.object({ kind: z.literal('reviseWithFeedback'), spec: z.string(), phase: z.string().optional() }),
  z.object({ kind: z.literal('replaceEditedPhase'), spec: z.string(), phase: z.string() }),
  z.object({ kind: z.literal('chooseStepwiseFlow'), flows: z.array(z.string()) }),
  z.object({ kind: z.literal('trustHooks'), workspace: z.string() }),
  z.object({ kind: z.literal('raiseMaxTurns'), maxTurns: z.number().int() }),
  z.object({ kind: z.literal('forceRestore'), checkpointId: z.string() }),
  z.object({ kind: z.literal('acceptDrift'), spec: z.string(), taskId: z.string() }),
  z.object({ kind: z.literal('linkTaskFiles'), spec: z.string(), taskId: z.string() }),
  z.object({ kind: z.literal('confirmAgent'), agent: z.string() }),
]);

// The schema and the type must say the same thing: each must be assignable to the other.
type Parsed = z.infer<typeof remedySchema>;
const _sameShape: [Parsed extends Remedy ? true : false, Remedy extends Parsed ? true : false] = [true, true];
void _sameShape;
