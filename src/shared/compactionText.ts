import type { ActivityEvent } from '../core/activity';

type Compacted = Extract<ActivityEvent, { type: 'context_compacted' }>;

function tokens(n: number): string {
  if (n < 1_000) return String(n);
  return n < 100_000 ? `${(n / 1_000).toFixed(1).replace(/\.0$/, '')}k` : `${Math.round(n / 1_000)}k`;
}

/** One line about a compaction, the same in the CLI and the panel. */
export function compactionText(e: Compacted): string {
  if (e.reason === 'manual' && !e.summarizedMessages && !e.droppedToolOutputs) {
    return `Nothing to compact yet: the conversation is only its last two exchanges, which are always kept (~${tokens(e.tokensBefore)} tokens)`;
  }
  const why = e.reason === 'manual' ? 'on request' : e.reason === 'prompt_too_long' ? 'after the API refused the request as too long' : `near the context window (${tokens(e.contextWindow)})`;
  const what = [
    e.summarizedMessages ? `${e.summarizedMessages} message${e.summarizedMessages === 1 ? '' : 's'} summarised` : '',
    e.droppedToolOutputs ? `${e.droppedToolOutputs} tool output${e.droppedToolOutputs === 1 ? '' : 's'} dropped` : '',
    e.pinnedFiles.length ? `${e.pinnedFiles.length} changed file${e.pinnedFiles.length === 1 ? '' : 's'} kept in view` : '',
  ].filter(Boolean);
  const focus = e.focus ? `; the summary keeps in particular: ${e.focus.length > 80 ? `${e.focus.slice(0, 79)}…` : e.focus}` : '';
  return `Compacted the conversation ${why}: ~${tokens(e.tokensBefore)} → ~${tokens(e.tokensAfter)} tokens${what.length ? ` (${what.join(', ')})` : ''}${focus}`;
}
