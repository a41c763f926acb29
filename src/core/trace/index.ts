/**
 * Traceability and drift: from a spec, the run logs, the trace records and the workspace's tests to
 * criterion → tasks → files → tests, and to the tasks whose code or criteria changed after they were
 * done. Pure where it can be (buildTrace, taskDrift, scanTestSource); the rest reads the workspace.
 */
export { buildTrace, type CriterionTrace, type TraceInputs, type TraceReport, type TraceStatus, type TracedFile, type TracedTask, type TracedTest, type SpecDocumentsWithName } from './matrix';
export { taskDrift, criterionDrift, fileDrift, type DriftReason, type TaskDrift, type CurrentFiles } from './drift';
export { describeDrift, type DriftTiming } from './driftText';
export { commentMentions, nameMentions, type Mention, type MentionKind } from './mentions';
export { isTestFile, scanTestSource, type ScannedTestFile, type TestCase, type TestMention } from './testSource';
export { scanWorkspaceTests } from './testIndex';
export { fileLinksOf, addFileLinksInText, formatLinkEntry, normaliseLinkPath, type FileLink, type LinkEntry } from './fileLinks';
export { TraceRecorder, type TraceRecorderOptions } from './recorder';
export { readTraceRecords, traceDirOf, writeTraceRecord, taskTraceRecordSchema, type TaskTraceRecord, type FileRecord } from './records';
export { attemptsOf, runEvidenceByTask, type TaskAttempt, type TaskRunEvidence } from './runEvidence';
export { criteriaOf, taskCriteria, type TraceCriterion } from './criteria';
export {
  evidenceSource,
  filesByTask,
  loadTraceInputs,
  specDrift,
  specEvidence,
  traceSpec,
  workspaceTraceSources,
  TraceCache,
  type TimedDrift,
  type TraceSources,
} from './workspaceTrace';
export { linkTaskFiles, acceptTaskDrift, parseLinkArgument, type LinkResult } from './linking';
