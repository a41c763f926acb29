import type Anthropic from '@anthropic-ai/sdk';
import type { ActivityEventInput, StepUsage } from '../activity';
import { recentFilesBlock, RecentFiles, systemParts, type PinnedPart } from './pinned';
import { summarizeHistory, type SummaryModel } from './summarize';
import { TokenGauge, DEFAULT_COMPACT_AT, DEFAULT_CONTEXT_WINDOW, formatTokens, tooLongCounts } from './tokens';
import { blocksOf, dropToolOutputs, renderTranscript } from './transcript';

export type CompactionReason = 'threshold' | 'prompt_too_long' | 'manual';

/** The request as the turn loop holds it: `messages` is its own array, which compaction rewrites in place. */
export interface LiveRequest {
  system: Anthropic.TextBlockParam[];
  tools: Anthropic.Tool[];
  messages: Anthropic.MessageParam[];
}

export interface ContextKeeperOptions {
  workspace: string;
  /** The model that writes summaries: the one the agent talks to. */
  model: SummaryModel;
  /** Tokens; DEFAULT_CONTEXT_WINDOW when unset. */
  contextWindow?: number;
  /** Share of the window (0–1) a request may reach before older turns are summarised. */
  compactAt?: number;
  signal: AbortSignal;
  emit: (event: ActivityEventInput) => void;
  /** Each summary request's usage, to count against the task's budget. */
  onUsage: (usage: StepUsage) => void;
}

/** The pinned context alone is larger than the model accepts: the task cannot go on as it is. */
export class ContextTooLargeError extends Error {
  override readonly name = 'ContextTooLargeError';
  constructor(message: string, readonly parts: readonly PinnedPart[]) {
    super(message);
  }
}

/** True for the API's refusal of a request as longer than the model's context (or its byte limit). */
export function isPromptTooLong(error: unknown): error is Error {
  return error instanceof Error && (error as { code?: unknown }).code === 'prompt_too_long';
}

const SUMMARY_OPEN = '<conversation-summary note="Earlier steps of this task, summarised to fit the context window. The details are gone; read files again when you need them.">';
/** Exchanges (an answer of the model and what came back) that are never summarised. */
const PINNED_EXCHANGES = 2;

/**
 * Keeps a task's conversation inside the model's context window. Before each request that would pass
 * the threshold, everything between the task message and the last two exchanges is summarised by the
 * model; the summary goes right after the task, so the pinned prefix (tools, system, task) stays
 * byte-identical and cached. A request the API still refuses as too long is shrunk harder and sent
 * again; only a pinned context that alone does not fit ends the task (ContextTooLargeError).
 */
export class ContextKeeper {
  readonly recentFiles = new RecentFiles();
  private readonly gauge = new TokenGauge();
  private window: number;
  private readonly compactAt: number;
  private taskBlocks: Anthropic.ContentBlockParam[] | null = null;
  private summary: string | null = null;
  private pinnedFilesText: string | null = null;
  private manual: { focus?: string } | null = null;

  constructor(private readonly o: ContextKeeperOptions) {
    this.window = o.contextWindow ?? DEFAULT_CONTEXT_WINDOW;
    this.compactAt = o.compactAt ?? DEFAULT_COMPACT_AT;
  }

  /** Compacts before the next request, whatever its size (the panel's Compact Conversation, `/compact`). */
  requestCompaction(focus?: string): void {
    this.manual = focus?.trim() ? { focus: focus.trim() } : {};
  }

  /**
   * Compacts now, whatever the size (`/compact` between two messages of a conversation): one
   * `context_compacted` step, saying so when only the pinned exchanges exist.
   */
  async compactNow(request: LiveRequest, focus?: string): Promise<void> {
    this.taskBlocks ??= request.messages[0] ? blocksOf(request.messages[0]) : null;
    const kept = focus?.trim();
    if (!(await this.compact(request, 'manual', { ...(kept ? { focus: kept } : {}) }))) this.nothingToCompact(request);
  }

  /** Sends one request through `call`, compacting before it when due and after a too-long refusal. */
  async send<T extends { usage: StepUsage }>(request: LiveRequest, call: (request: LiveRequest) => Promise<T>): Promise<T> {
    this.taskBlocks ??= request.messages[0] ? blocksOf(request.messages[0]) : null;
    if (this.manual) {
      const { focus } = this.manual;
      this.manual = null;
      await this.compactNow(request, focus);
    } else if (this.gauge.tokens(request) > this.compactAt * this.window) {
      await this.compact(request, 'threshold', {});
    }
    const next = { step: 0 };
    for (;;) {
      try {
        const turn = await call(request);
        const counted = turn.usage.inputTokens + turn.usage.cacheReadTokens + turn.usage.cacheWriteTokens;
        this.gauge.observe(request, counted);
        return turn;
      } catch (error) {
        if (!isPromptTooLong(error) || this.o.signal.aborted) throw error;
        const counts = tooLongCounts(error.message);
        if (counts) {
          this.gauge.observe(request, counts.tokens);
          this.window = Math.min(this.window, counts.maximum);
        }
        if (!(await this.shrink(request, next))) throw this.doesNotFit(request, counts?.maximum);
      }
    }
  }

  /**
   * One step harder than the last (tool outputs of older steps, then a shorter summary, then the
   * outputs of the last exchanges cut short); false when nothing is left to shrink.
   */
  private async shrink(request: LiveRequest, next: { step: number }): Promise<boolean> {
    const steps = [
      () => this.dropOutputs(request, 'middle'),
      () => this.compact(request, 'prompt_too_long', { harder: true }),
      () => this.dropOutputs(request, 'tail'),
    ];
    while (next.step < steps.length) {
      if (await steps[next.step++]!()) return true;
    }
    return false;
  }

  private tailStart(messages: readonly Anthropic.MessageParam[]): number {
    let seen = 0;
    for (let i = messages.length - 1; i >= 1; i--) {
      if (messages[i]!.role === 'assistant' && ++seen === PINNED_EXCHANGES) return i;
    }
    return 1;
  }

  private async compact(request: LiveRequest, reason: CompactionReason, how: { harder?: boolean; focus?: string }): Promise<boolean> {
    const { messages } = request;
    const tailStart = this.tailStart(messages);
    const middle = messages.slice(1, tailStart);
    if (!middle.length) return false;
    const before = this.gauge.tokens(request);
    const result = await summarizeHistory(
      this.o.model,
      {
        previous: this.summary,
        entries: renderTranscript(middle, how.harder ? 300 : 2_000),
        ...(how.focus ? { focus: how.focus } : {}),
        requestBudget: Math.max(2_000, Math.floor(this.window * (how.harder ? 0.25 : 0.5))),
        maxWords: how.harder ? 400 : 1_200,
      },
      this.gauge,
      this.o.signal,
    );
    for (const usage of result.usage) this.o.onUsage(usage);
    this.summary = result.text;
    const files = await recentFilesBlock(this.o.workspace, this.recentFiles.latest(), how.harder ? 12_000 : 40_000);
    this.pinnedFilesText = files?.text ?? null;
    messages.splice(0, tailStart, this.firstMessage());
    this.o.emit({
      type: 'context_compacted',
      reason,
      tokensBefore: before,
      tokensAfter: this.gauge.tokens(request),
      contextWindow: this.window,
      summarizedMessages: middle.length,
      droppedToolOutputs: 0,
      pinnedFiles: files?.files ?? [],
      summary: this.summary,
      ...(how.focus ? { focus: how.focus } : {}),
    });
    return true;
  }

  /** A compaction asked for when only the pinned exchanges exist: said, so whoever asked is not left waiting. */
  private nothingToCompact(request: LiveRequest): void {
    const tokens = this.gauge.tokens(request);
    this.o.emit({ type: 'context_compacted', reason: 'manual', tokensBefore: tokens, tokensAfter: tokens, contextWindow: this.window, summarizedMessages: 0, droppedToolOutputs: 0, pinnedFiles: [] });
  }

  /** The task message, then the summary, then the recent files: the pinned prefix comes first. */
  private firstMessage(): Anthropic.MessageParam {
    const content: Anthropic.ContentBlockParam[] = [...(this.taskBlocks ?? [])];
    if (this.summary) content.push({ type: 'text', text: `${SUMMARY_OPEN}\n${this.summary}\n</conversation-summary>` });
    if (this.pinnedFilesText) content.push({ type: 'text', text: this.pinnedFilesText });
    return { role: 'user', content };
  }

  private dropOutputs(request: LiveRequest, where: 'middle' | 'tail'): boolean {
    const { messages } = request;
    const tailStart = this.tailStart(messages);
    const [from, to] = where === 'middle' ? [1, tailStart] : [tailStart, messages.length];
    const before = this.gauge.tokens(request);
    const { messages: shrunk, dropped } = dropToolOutputs(messages.slice(from, to), where === 'tail' ? 2_000 : 0);
    if (!dropped) return false;
    messages.splice(from, to - from, ...shrunk);
    this.o.emit({
      type: 'context_compacted',
      reason: 'prompt_too_long',
      tokensBefore: before,
      tokensAfter: this.gauge.tokens(request),
      contextWindow: this.window,
      summarizedMessages: 0,
      droppedToolOutputs: dropped,
      pinnedFiles: [],
    });
    return true;
  }

  private doesNotFit(request: LiveRequest, maximum: number | undefined): ContextTooLargeError {
    const toolTokens = request.tools.reduce((sum, tool) => sum + this.gauge.tokensOf(tool), 0);
    const tail = request.messages.slice(this.tailStart(request.messages));
    const parts: PinnedPart[] = [
      ...systemParts(request.system, this.gauge),
      { label: 'the tool definitions', tokens: toolTokens },
      { label: 'the task and its criteria', tokens: this.gauge.tokensOf(this.taskBlocks ?? []) },
      ...(this.summary ? [{ label: 'the summary of earlier steps', tokens: this.gauge.tokensOf(this.summary) }] : []),
      ...(this.pinnedFilesText ? [{ label: 'the recently changed files', tokens: this.gauge.tokensOf(this.pinnedFilesText) }] : []),
      { label: 'the last two exchanges', tokens: tail.reduce((sum, m) => sum + this.gauge.tokensOf(m), 0) },
    ].sort((a, b) => b.tokens - a.tokens);
    const window = maximum ?? this.window;
    const [largest] = parts;
    const listed = parts.slice(0, 4).map((p) => `${p.label} ~${formatTokens(p.tokens)}`).join(', ');
    return new ContextTooLargeError(
      `What must stay in the model's view does not fit in its context window (${formatTokens(window)} tokens), even with every earlier step summarised. ` +
        `The largest part is ${largest!.label} (about ${formatTokens(largest!.tokens)} tokens; ${listed}). ` +
        `Shorten ${largest!.label}, or choose a model with a larger context window (model.name and model.contextWindow in .kiro/settings.json).`,
      parts,
    );
  }
}
