/**
 * The record of agent runs: each run's ActivityEvents as a JSON Lines log, and what a log says the
 * run did (completed, remaining, files changed). Light to load: the Runs view, `specwright runs`
 * and the composer's "what did you complete?" read it without the agent.
 */
export { RunLog, listRunLogs, readRunLog, runsDirOf, type RunLogContents, type RunLogEntry } from './runLog';
export { reportFromEvents, verificationColumn, verificationText, type RunReport, type RunVerification } from './runReport';
