/** Where an agent file was found: the workspace's `.kiro/agents/` or the user's `~/.kiro/agents/`. */
export type AgentScope = 'workspace' | 'user';

/** Kiro writes agents as JSON (Kiro CLI) and as Markdown with YAML front matter (Kiro IDE). */
export type AgentFormat = 'json' | 'markdown';

/** The lifecycle points an agent's own hooks run at, with Kiro CLI's names. */
export const AGENT_HOOK_TRIGGERS = ['agentSpawn', 'userPromptSubmit', 'preToolUse', 'postToolUse', 'stop'] as const;
export type AgentHookTrigger = (typeof AGENT_HOOK_TRIGGERS)[number];

/** One command an agent runs at a lifecycle point (Kiro CLI's hook entry). */
export interface AgentHookSpec {
  trigger: AgentHookTrigger;
  command: string;
  /** Which tools fire it (tool triggers only): `fs_write`, `fs_*`, `@git`, `@git/status`, `*`, `@builtin`; absent: all. */
  matcher: string | null;
  /** Default 30 000, as in Kiro. */
  timeoutMs: number;
  /** Output longer than this is cut before it reaches the model; default 10 240 characters. */
  maxOutputChars: number;
  /** Seconds an identical event reuses the last result; 0: never. */
  cacheTtlSeconds: number;
  /** Where it was written: `hooks.preToolUse[0]`. */
  field: string;
}

export interface PathRules {
  allowedPaths: string[];
  deniedPaths: string[];
}

export interface ShellRules {
  /** Regexes, anchored at both ends as Kiro anchors them (`\A…\z`). */
  allowedCommands: string[];
  deniedCommands: string[];
  /** Commands that match no allowedCommands entry are refused. */
  denyByDefault: boolean;
}

export interface SubagentRules {
  /** Globs: the agents it may hand work to; empty: any. */
  availableAgents: string[];
  /** Globs: the agents it may start without asking. */
  trustedAgents: string[];
}

/** `toolsSettings`, read under Kiro's old and new tool names alike (`fs_write` and `write`). */
export interface ToolsSettings {
  read: PathRules;
  write: PathRules;
  shell: ShellRules;
  subagent: SubagentRules;
}

/** A `resources` entry: files put into the context, skills disclosed by name, or a knowledge base. */
export type AgentResource =
  | { kind: 'file'; pattern: string; field: string }
  | { kind: 'skill'; pattern: string; field: string }
  /** Kept as written for the knowledge base index (`type: "knowledgeBase"`). */
  | { kind: 'knowledgeBase'; entry: Record<string, unknown>; field: string };

/** One agent file, read and checked: what every other part of Specwright works from. */
export interface AgentDefinition {
  /** `reviewer`, or `team/reviewer` for `.kiro/agents/team/reviewer.md`. */
  name: string;
  scope: AgentScope;
  format: AgentFormat;
  /** As shown to people: `.kiro/agents/reviewer.json`, `~/.kiro/agents/team/x.md`. */
  file: string;
  absoluteFile: string;
  description: string | null;
  /** The prompt's text: inline, from its `file://`, or the Markdown body; '' when there is none. */
  prompt: string;
  /** The file the prompt was read from (absolute), when it came from `file://`. */
  promptFile: string | null;
  /** `tools` as written; null when absent (the built-in tools). */
  tools: string[] | null;
  /** `@server/tool` → the name the agent knows it by. */
  toolAliases: Record<string, string>;
  allowedTools: string[];
  toolsSettings: ToolsSettings;
  resources: AgentResource[];
  /** As written in the file (mcp.json's shape); started through the MCP hub, which asks before a workspace's server starts. */
  mcpServers: Record<string, unknown>;
  /** Whether the servers of `.kiro/settings/mcp.json` (and the user's) are the agent's too. */
  includeMcpJson: boolean;
  hooks: AgentHookSpec[];
  /** The model id to call (Kiro's dotted ids normalised: `claude-sonnet-4.5` → `claude-sonnet-4-5`); null: the run's. */
  model: string | null;
  welcomeMessage: string | null;
  keyboardShortcut: string | null;
}

/** A file that could not be read as an agent: the other agents still load. */
export interface AgentFileError {
  file: string;
  message: string;
}

export interface LoadedAgents {
  /** Sorted by name; a workspace agent replaces the user's of the same name. */
  agents: AgentDefinition[];
  errors: AgentFileError[];
  /** Problems that did not stop an agent from loading (unknown fields, tools Specwright does not have…). */
  warnings: string[];
  /** Workspace agent files left unread because the workspace is not trusted. */
  untrustedSkipped: string[];
}

/** A problem in one agent file, naming the file and the field. */
export class AgentFileProblem extends Error {
  constructor(
    readonly file: string,
    readonly field: string | null,
    readonly detail: string,
  ) {
    super(`${file}: ${field ? `${field}: ` : ''}${detail}`);
    this.name = 'AgentFileProblem';
  }
}
