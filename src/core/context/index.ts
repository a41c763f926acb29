export { ContextKeeper, ContextTooLargeError, isPromptTooLong, type CompactionReason, type ContextKeeperOptions, type LiveRequest } from './keeper';
export { RecentFiles, MAX_PINNED_FILES, type PinnedPart } from './pinned';
export type { SummaryModel } from './summarize';
export { DEFAULT_COMPACT_AT, DEFAULT_CONTEXT_WINDOW, TokenGauge, formatTokens, rawRequestTokens, tooLongCounts } from './tokens';
export { clipMiddle, dropToolOutputs, renderTranscript } from './transcript';
