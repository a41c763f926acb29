/**
 * The Agent Activity panel protocol by type, with what needs no schema at run time: the extension
 * and the panel import from here without loading zod; validation on receipt is in panelProtocol.ts.
 */
import type { TokenMix } from './panelProtocol';

export type { AgentChoice, ApprovalDecision, ApprovalOutcome, ComposerImage, HostMessage, MentionChoice, PanelMessage, PromptChoice, RunHeader, RunState, RunStatus, TokenMix } from './panelProtocol';

/** A usage total's tokens by kind, as the header's bar shows them. */
export function tokenMixOf(usage: { inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheWriteTokens: number }): TokenMix {
  return { cacheRead: usage.cacheReadTokens, cacheWrite: usage.cacheWriteTokens, input: usage.inputTokens, output: usage.outputTokens };
}

/** How the composer names a server's prompt: `/server:prompt`. */
export function promptCommand(prompt: { server: string; name: string }): string {
  return `/${prompt.server}:${prompt.name}`;
}

/** A short description of a dropped message for the log: its type if it has one, never its content. */
export function describeDroppedMessage(raw: unknown): string {
  const type = typeof raw === 'object' && raw !== null && 'type' in raw ? String((raw as { type: unknown }).type).slice(0, 40) : typeof raw;
  return `dropped a malformed panel message (type: ${type})`;
}
