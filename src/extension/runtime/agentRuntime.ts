/**
 * The heavy part of the core: the agent service with its runner, policy (a shell parser), model
 * client, checkpoints (git), sandbox and hooks. Loaded when the first run, model call, restore or
 * hook needs it.
 */
export { createAgentService } from '../../core/agent';
export { CheckpointStore, checkpointLimits, generateCommitMessage, readStagedDiff } from '../../core/checkpoints';
export { completeText, textCompleter } from '../../core/model';
export { describeSandbox, sandboxStatus } from '../../core/sandbox';
export { runDoctor, surveyKiroFiles } from '../../core/doctor';
export { textAtCheckpoint } from '../agent/checkpointText';
export { draftHook, saveHookDraft } from '../../core/hooks';
export { UsageLedger } from '../../core/usage';
export { traceDirOf } from '../../core/trace';
export { composerPrompts, fillComposerPrompt } from '../mcp/serverPrompts';
export {
  addServerEntry,
  configuredOverview,
  editMcpFile,
  entryFromLine,
  formatProblem,
  loopbackAuthorization,
  McpConfigEditError,
  McpHub,
  serverEntryOffset,
  serverOverview,
  setServerDisabled,
  setToolDisabled,
  USER_MCP_FILE,
  WORKSPACE_MCP_FILE,
} from '../../core/mcp';
