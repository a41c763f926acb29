import { promises as fs } from 'node:fs';
import type Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod';
import type { ModelTurn, TurnModel } from '../core/agent';

const recordedTurn = z.object({
  content: z.array(z.looseObject({ type: z.string() })),
  stopReason: z.string().nullable().default('end_turn'),
});
const recording = z.object({ model: z.string(), turns: z.array(recordedTurn).min(1) });

/**
 * Plays back the model's side of a recorded run, turn by turn, for the demo without an API key.
 * Tools still run for real against the workspace; only the model's answers are canned.
 */
export async function replayModelFromFile(file: string): Promise<TurnModel> {
  let parsed;
  try {
    parsed = recording.parse(JSON.parse(await fs.readFile(file, 'utf8')));
  } catch (error) {
    throw new Error(`${file} is not a usable recording: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  const turns = parsed.turns;
  let next = 0;
  return {
    model: `${parsed.model} (replay)`,
    async createTurn(_request, { signal }): Promise<ModelTurn> {
      signal.throwIfAborted();
      const turn = turns[Math.min(next++, turns.length - 1)]!;
      return {
        content: turn.content as unknown as Anthropic.ContentBlock[],
        stopReason: turn.stopReason,
        usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0 },
      };
    },
  };
}
