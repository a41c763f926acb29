import type { TaskRef } from '../activity';

/**
 * One hook, whichever file format it came from (v1 `*.json` or legacy `*.kiro.hook`). Everything the
 * dispatcher needs is here in one normalised shape; the formats only differ in how they spell it.
 */
export interface Hook {
  /** Unique within one load: `<file>#<index in file>`. */
  id: string;
  name: string;
  description?: string;
  /** Where it was read from, for messages: `.kiro/hooks/lint.json` or `~/.kiro/hooks/lint.json`. */
  file: string;
  scope: 'workspace' | 'user';
  format: 'v1' | 'legacy';
  trigger: HookTrigger;
  /** Which events of its trigger it fires on (paths for file triggers, tool names for tool triggers). */
  matcher: HookMatcher;
  action: HookAction;
  /** Stop the action after this long; null = no limit. From `timeout` seconds (default 60, 0 = none). */
  timeoutMs: number | null;
  enabled: boolean;
  /**
   * Whose file changes fire it: `user` (the editor, other programs), `agent` (the agent's own writes)
   * or `both` (default). Written as `"source"` in either file format.
   */
  source: HookChangeSource;
}

export const HOOK_TRIGGERS = [
  'PostFileSave',
  'PostFileCreate',
  'PostFileDelete',
  'UserPromptSubmit',
  'Stop',
  'PreToolUse',
  'PostToolUse',
  'PreTaskExecution',
  'PostTaskExecution',
  'SessionStart',
  'Manual',
] as const;
export type HookTrigger = (typeof HOOK_TRIGGERS)[number];

export const FILE_TRIGGERS = ['PostFileSave', 'PostFileCreate', 'PostFileDelete'] as const;
export type FileTrigger = (typeof FILE_TRIGGERS)[number];
export type AgentTrigger = Exclude<HookTrigger, FileTrigger | 'Manual'>;

export type HookChangeSource = 'user' | 'agent' | 'both';

export type HookMatcher =
  /** Fires on every event of its trigger. */
  | { kind: 'all' }
  /**
   * A JavaScript regular expression searched in the workspace-relative path (or the tool name,
   * prompt, task); `exclude` globs (v1 `excludePatterns`) keep matching paths out.
   */
  | { kind: 'regex'; pattern: string; exclude?: string[] }
  /** Legacy `when.patterns`: globs on the workspace-relative path; `!glob` (and `excludePatterns`) exclude. */
  | { kind: 'globs'; patterns: string[] }
  /** Legacy `when.toolTypes`: tool categories (`read`, `write`, `shell`, `web`, `spec`, `*`) or tool names. */
  | { kind: 'toolTypes'; types: string[] };

export type HookAction = { type: 'command'; command: string } | { type: 'agent'; prompt: string };

/** A change to a file, as the watcher saw it or as the editor / agent reported it. */
export interface FileEvent {
  kind: 'save' | 'create' | 'delete';
  /** Absolute, or relative to the workspace. */
  path: string;
  source: 'user' | 'agent';
  /**
   * For agent writes made while answering a hook: that hook's name. Such writes never fire the hook
   * (or any hook in the chain that led to it) again.
   */
  causedByHook?: string;
}

/** Something the agent is about to do or has done. */
export interface AgentEvent {
  trigger: AgentTrigger;
  tool?: string;
  /** `read`, `write`, `shell`, `web`, `spec`, … for legacy `toolTypes`; guessed from the tool name when absent. */
  toolCategory?: string;
  toolInput?: unknown;
  /** PostToolUse: what the tool returned (clipped). */
  toolResult?: ToolResult;
  task?: TaskRef;
  prompt?: string;
}

export interface ToolResult {
  content: string;
  isError: boolean;
}

/** What a hook's action receives: as JSON on stdin and `KIRO_HOOK_EVENT` for commands, as text for agents. */
export interface HookEvent {
  hook: string;
  trigger: HookTrigger;
  /** Workspace-relative paths with forward slashes; empty for agent events. */
  paths: string[];
  /** True when a person asked for the run (`specwright hooks run`, a button). */
  manual: boolean;
  workspace: string;
  tool?: string;
  toolInput?: unknown;
  toolResult?: ToolResult;
  task?: TaskRef;
  prompt?: string;
}

export interface HookRunResult {
  hook: string;
  /** False when it was not run at all (untrusted, denied by policy, no agent); see `output`. */
  ran: boolean;
  ok: boolean;
  output: string;
}

/** What `dispatchAgentEvent` tells the agent runner. */
export interface AgentEventOutcome {
  /** True when a Pre* hook failed: the runner must not go on with the tool call or task. */
  blocked: boolean;
  /** The blocking hook's name and output, for the agent and the user. */
  reason?: string;
  results: HookRunResult[];
}

export function isFileTrigger(trigger: HookTrigger): trigger is FileTrigger {
  return (FILE_TRIGGERS as readonly string[]).includes(trigger);
}

/** Pre* hooks run before the action and can stop it; each call gets its own verdict. */
export function isBlockingTrigger(trigger: HookTrigger): boolean {
  return trigger === 'PreToolUse' || trigger === 'PreTaskExecution';
}

export const FILE_EVENT_TRIGGER: Record<FileEvent['kind'], FileTrigger> = {
  save: 'PostFileSave',
  create: 'PostFileCreate',
  delete: 'PostFileDelete',
};
