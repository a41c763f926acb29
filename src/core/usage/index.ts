/**
 * Usage over every run, hook and spec-workflow call: run logs' usage events plus a ledger of the
 * calls made outside runs, read from the state folders given (`.kiro/.specwright/` in CLI mode, the
 * extension's storage folder), aggregated by a pure function the CLI and VS Code share.
 */
export type { UsageRecord, UsageSource } from './records';
export { USAGE_SOURCES } from './records';
export { UsageLedger, USAGE_LEDGER_FILE, meteredModel, type UsageAttribution } from './ledger';
export { collectUsage, runLogUsage, ledgerUsage, type CollectedUsage } from './readUsage';
export { aggregateUsage, parseSince, totalTokens, USAGE_GROUPINGS, type AggregateOptions, type UsageFigures, type UsageGrouping, type UsageReport, type UsageRow } from './aggregate';
export { usageOverview, type UsageOverview } from './overview';
