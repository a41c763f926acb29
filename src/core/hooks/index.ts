export {
  HOOK_TRIGGERS,
  FILE_TRIGGERS,
  isFileTrigger,
  isBlockingTrigger,
  type Hook,
  type HookTrigger,
  type FileTrigger,
  type AgentTrigger,
  type HookMatcher,
  type HookAction,
  type HookChangeSource,
  type FileEvent,
  type AgentEvent,
  type HookEvent,
  type HookRunResult,
  type AgentEventOutcome,
} from './model';
export { parseHookFile, DEFAULT_HOOK_TIMEOUT_SECONDS, type ParsedHookFile } from './hookFile';
export { loadHooks, isHookFileName, HOOKS_DIR, type LoadedHooks, type HookFileError, type LoadHooksOptions } from './loadHooks';
export { matcherAcceptsPath, matcherAcceptsAgentEvent, hookWantsAgentEvent, guessToolCategory } from './matching';
export { WorkspaceIgnore } from './ignoreRules';
export { watchWorkspace, type WorkspaceWatcher, type WorkspaceWatcherOptions } from './workspaceWatcher';
export { HookDispatcher, DEFAULT_DEBOUNCE_MS, type HookDispatcherOptions } from './dispatcher';
export { checkCommand, type CommandPolicy, type RunAgentPrompt, type RunCommandPort } from './runAction';
export { hookEnvironment, agentPromptFor } from './hookEvent';
export { readHookSettings, type HookSettings } from './hookSettings';
export { startWorkspaceHooks, type WorkspaceHooks, type WorkspaceHooksOptions } from './workspaceHooks';
export { draftHook, saveHookDraft, extractJsonObject, HookDraftError, type HookDraft } from './authoring';
export type { TextCompleter } from '../model';
