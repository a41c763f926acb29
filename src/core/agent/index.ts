/**
 * The agent: the one way a face runs it. Build an AgentService from the host's ports, then prepare
 * (settings, policy, model), start runs of a spec's tasks, plan resumes, run free prompts (hook
 * actions, chat), start a workspace's hooks, and stop. Faces import the agent from here only.
 */
export { createAgentService, type AgentService, type PromptRequest, type RunHandle, type SteeringStartersHandle, type VerifyHandle } from './agentService';
export type { SteeringStartersRequest, SteeringStartersResult } from './steeringStarters';
export { VerifyScopeError, type VerifyRequest, type VerifyResult } from './verifyRun';
export type { AgentPreferences, HookHost, HostPorts, McpAccess, ModelAccess, ModelChoices, Notices, RunStorage, SettingsAccess, WorkspaceTrust } from './hostPorts';
export type { PrepareRequest, PreparedAgent } from './prepare';
export type { RunRequest, RunResult } from './agentRun';
export type { HooksRequest } from './runHooks';
export type { PromptResult } from './promptRun';
export type { RunOutcome, RunOutcomeKind } from './taskRunner';
export { toolsFor, type AgentProfile } from './profile';
export { agentSteering, type ContextDoc, type ContextProvider, type ContextScope } from './context';
export { beforeTaskCheckpoint, selectionOf, type ResumePlan } from './resume';
export type { ActionPolicy, AgentHooks, EventSink, ModelTurn, ToolBox, ToolCallContext, TurnModel, TurnOptions, TurnRequest, UserInput, UserMessage, ConversationRequest } from './ports';
export { imagesNamedInPrompt, type NamedImagesOptions } from './promptImages';
export { fixedApprovalGate, type ApprovalAnswer, type ApprovalGate, type ApprovalOutcome, type ApprovalRequest } from '../approvals';
export { TaskSelectionError, type TaskSelection, type TaskStatus } from './taskSelection';
export { addUsage, totalTokens, zeroUsage, type Budget } from './budget';
export { applyEdit, composeToolBoxes, type EditCommand } from './tools';
