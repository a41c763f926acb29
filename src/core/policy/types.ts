/**
 * The contract between tools (which describe what they are about to do) and the policy (which
 * decides). Tools never judge their own safety; the runner asks the policy about every action.
 */
export type ProposedAction =
  | { kind: 'read'; path: string }
  | {
      kind: 'write';
      path: string;
      operation: 'create' | 'modify' | 'append' | 'delete';
      /** Lines added + removed by this write. */
      linesChanged: number;
      /** Lines in the file before the write (0 for a new file). */
      linesBefore: number;
    }
  | {
      kind: 'command';
      command: string;
      cwd: string;
      /** Set when the agent asks to run the command outside the OS sandbox: always asked of a person. */
      outsideSandbox?: { reason: string };
      /** Variables it will run with whose values the policy may use (a hook's KIRO_HOOK_PATHS); others stay unknown. */
      env?: Readonly<Record<string, string>>;
    }
  | McpToolAction
  | {
      /** Starting a sub-agent (use_subagent); what it then does is judged step by step like the agent's own. */
      kind: 'subagent';
      /** The custom agent it runs as; null: the calling agent itself. */
      agent: string | null;
      query: string;
    };

/**
 * A call to a tool of an MCP server. What the policy knows of it is what the user configured
 * (`autoApprove`) and what the server claims (annotations, which can only add asks; see mcpTools.ts).
 */
export interface McpToolAction {
  kind: 'mcp';
  server: string;
  /** The server's own name for the tool. */
  tool: string;
  /** For people: `@server/tool` and a short view of the input. */
  detail: string;
  /** Listed in the server's `autoApprove` (or it is `"*"`). */
  autoApproved: boolean;
  /** The server says it only reads (`readOnlyHint: true`). */
  readOnlyHint: boolean;
  /** The server says it may destroy data (`destructiveHint: true`). */
  destructiveHint: boolean;
}

export type PolicyVerdict = 'allow' | 'ask' | 'deny';

export interface PolicyDecision {
  decision: PolicyVerdict;
  /** A sentence a person can act on: what rule fired and why. */
  reason: string;
  /** The rule behind the decision (set by PolicyEngine; optional so others can build decisions). */
  rule?: PolicyRule;
  /** Whether the command would run inside the OS sandbox (set by PolicyEngine; false for reads and writes). */
  sandboxed?: boolean;
}

/**
 * Whether the commands the agent runs are inside the OS sandbox: `on`; `off` on purpose (the user
 * turned it off); `unavailable` (no sandbox could start here). Not `on`, the policy is conservative.
 */
export type SandboxState = 'on' | 'off' | 'unavailable';

export type AutonomyLevel = 'cautious' | 'balanced' | 'full';
export type AgentMode = 'interactive' | 'supervised' | 'autonomous';

/**
 * Which rule decided, for code that reacts to decisions (the reason is for people). Ask and deny name
 * the rule that fired; allow names what allowed it.
 */
export type PolicyRule =
  | 'forbidden-command'
  | 'ask-command'
  | 'outside-workspace'
  | 'protected-path'
  | 'secret-file'
  | 'delete'
  | 'push'
  | 'publish'
  | 'migration'
  | 'global-install'
  | 'privilege'
  | 'inline-code'
  | 'unknown-command'
  | 'unmodelled-command'
  | 'unparseable'
  | 'hijacked-environment'
  | 'destructive'
  | 'large-rewrite'
  | 'new-file'
  | 'edit-budget'
  | 'autonomy-level'
  | 'allowed-command'
  | 'mcp-tool'
  | 'mcp-destructive'
  | 'mcp-auto-approve'
  | 'mcp-read-only'
  | 'session-grant'
  /** A custom agent's own rules: its deniedPaths / deniedCommands, or a tool it may not use. */
  | 'agent-denied'
  /** A custom agent's allowedTools, allowedPaths or allowedCommands lifted the autonomy level's ask. */
  | 'agent-allowed'
  | 'default';
