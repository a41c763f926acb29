export { runCommand, NON_INTERACTIVE_ENV, WITHHELD_ENV, type RunCommandOptions, type CommandResult } from './runCommand';
export { CappedOutput, capText } from './cappedOutput';
export { type OutputStream } from './outputBatcher';
export { parseTestSummary, looksLikeTestCommand, stripAnsi, type TestSummary } from './testSummary';
