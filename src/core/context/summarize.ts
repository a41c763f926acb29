import type Anthropic from '@anthropic-ai/sdk';
import type { StepUsage } from '../activity';
import type { TokenGauge } from './tokens';

/** What compaction needs of a model: one answer to one request (the agent's TurnModel fits). */
export interface SummaryModel {
  createTurn(
    request: { system: Anthropic.TextBlockParam[]; tools: Anthropic.Tool[]; messages: Anthropic.MessageParam[] },
    options: { signal: AbortSignal },
  ): Promise<{ content: Anthropic.ContentBlock[]; usage: StepUsage }>;
}

const SUMMARY_SYSTEM = `You compress the working history of a coding agent so that it can carry on with its task without that history.
The agent keeps seeing its instructions, the steering, the spec, its task, its last two exchanges and the current content of the files it changed most recently: do not repeat them.
Write what the agent would otherwise lose, with exact file paths, identifiers, commands and error messages:
- what it has done so far, step by step in short, and what each step showed (tests run and their results, failures and their causes);
- what it learned about the code (where things are, how they work) that it will still need;
- decisions taken and why; approaches that failed and must not be retried;
- what the user said, allowed or refused;
- what remains to do.
Plain text or short bullet lists, no preamble. Never invent anything that is not in the history.`;

export interface SummaryRequest {
  /** The summary of an earlier compaction, which this one replaces. */
  previous: string | null;
  /** The history to compress, one entry per step (renderTranscript). */
  entries: readonly string[];
  /** What the person asked the summary to keep in particular (`/compact focus`). */
  focus?: string;
  /** The most one request may carry, in tokens: longer histories are summarised in parts. */
  requestBudget: number;
  /** How long the summary may be, in words. */
  maxWords: number;
}

export interface SummaryResult {
  text: string;
  usage: StepUsage[];
}

/**
 * Summarises the history with the model. A history larger than one request allows is taken in
 * parts, each summarised together with the summary so far, so nothing has to fit at once.
 */
export async function summarizeHistory(model: SummaryModel, request: SummaryRequest, gauge: TokenGauge, signal: AbortSignal): Promise<SummaryResult> {
  const usage: StepUsage[] = [];
  let summary = request.previous;
  const chunks = chunkEntries(request.entries, request.requestBudget, gauge);
  if (!chunks.length) chunks.push([]);
  for (const [i, chunk] of chunks.entries()) {
    const last = i === chunks.length - 1;
    const lines: string[] = [];
    if (summary) lines.push('<summary-so-far>', summary, '</summary-so-far>', '');
    lines.push(summary ? '<history-continued>' : '<history>', ...chunk, summary ? '</history-continued>' : '</history>', '');
    if (request.focus && last) lines.push(`The person asked that the summary keep in particular: ${request.focus}`, '');
    lines.push(`Write the summary of everything above${summary ? ' (the summary so far and the history after it)' : ''} in at most ${request.maxWords} words.`);
    const turn = await model.createTurn(
      { system: [{ type: 'text', text: SUMMARY_SYSTEM }], tools: [], messages: [{ role: 'user', content: lines.join('\n') }] },
      { signal },
    );
    usage.push(turn.usage);
    const text = turn.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('\n').trim();
    if (text) summary = text;
  }
  return { text: summary ?? 'Nothing of note happened before this point.', usage };
}

/** Consecutive entries grouped so each group stays under the budget; one oversized entry is cut. */
function chunkEntries(entries: readonly string[], budget: number, gauge: TokenGauge): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let size = 0;
  const maxEntryChars = Math.max(1_000, Math.floor(budget * 3));
  for (const raw of entries) {
    const entry = raw.length > maxEntryChars ? `${raw.slice(0, maxEntryChars)} …` : raw;
    const tokens = gauge.tokensOf(entry);
    if (current.length && size + tokens > budget) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(entry);
    size += tokens;
  }
  if (current.length) chunks.push(current);
  return chunks;
}
