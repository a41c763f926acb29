/**
 * The heavy part of the core: the agent runner with its policy (a shell parser), the model client,
 * checkpoints (git), running hooks. Loaded when the first run, model call, restore or hook needs it.
 */
export { prepareRun, startAgentRun } from '../../core/agent/agentRun';
export { CheckpointStore, generateCommitMessage, readStagedDiff } from '../../core/checkpoints';
export { completeText, createModelProvider, textCompleter } from '../../core/model';
export { PolicyEngine } from '../../core/policy';
export { sandboxedPolicy } from '../../core/agent/sandboxedPolicy';
export { describeSandbox, prepareSandbox, sandboxStatus } from '../../core/sandbox';
export { runDoctor, surveyKiroFiles } from '../../core/doctor';
export { textAtCheckpoint } from '../agent/checkpointText';
export { runPrompt } from '../../core/agent/promptRun';
export { createToolset } from '../../core/agent/tools';
export { draftHook, saveHookDraft, startWorkspaceHooks } from '../../core/hooks';
export { meteredModel, UsageLedger } from '../../core/usage';
export { TraceRecorder, traceDirOf } from '../../core/trace';
