/**
 * The sandbox port: every command the agent runs (execute_bash, verification, hook commands) is
 * turned into a sandboxed spawn here, so the promises the policy makes hold for commands it cannot
 * read. Hosts prepare one Sandbox per run (or per long-lived host), wrap each command, and dispose it.
 */

/** `on`: commands run sandboxed. `off`: turned off on purpose. `unavailable`: nothing can sandbox here. */
export type SandboxState = 'on' | 'off' | 'unavailable';

export type SandboxMechanism = 'bubblewrap' | 'seatbelt';

export interface SandboxStatus {
  state: SandboxState;
  /** What enforces it when on. */
  mechanism?: SandboxMechanism;
  /** One sentence for people: why it is on, off or unavailable. */
  reason: string;
  /** How to turn it on, when it is off or unavailable. */
  remedy?: string;
  /** Hosts the sandboxed commands may reach through the proxy (empty: no network at all). */
  allowedDomains: string[];
  /** Set when allowedDomains could not be opened (the network then stays off). */
  networkProblem?: string;
}

export interface WrapRequest {
  /** Given to `bash -c` as is. */
  command: string;
  cwd: string;
  /** The environment the command would get unsandboxed; the sandbox removes what it must not see. */
  env: NodeJS.ProcessEnv;
}

/** What to spawn instead of `bash -c command`. */
export interface WrappedCommand {
  file: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** False when the command runs as is (sandbox off or unavailable). */
  sandboxed: boolean;
  /** Called once the command and everything it started have ended. */
  release(): void;
}

/** An MCP server to start: a program and its arguments, run as they are (no shell). */
export interface ServerWrapRequest {
  command: string;
  args: string[];
  cwd: string;
  /** What the server inherits (the model's key already withheld); sandboxed, its secrets are removed too. */
  inheritedEnv: NodeJS.ProcessEnv;
  /** The server's own variables from its mcp.json entry: given as they are. */
  env: Record<string, string>;
  /** Whose mcp.json it came from: only a user's server may write to its own folder outside the workspace. */
  scope: 'user' | 'workspace';
}

/** Turns an MCP server's launch into a (sandboxed) spawn. */
export interface ServerWrapper {
  wrapServer(request: ServerWrapRequest): Promise<WrappedCommand>;
}

/** Turns a command into a (sandboxed) spawn; the process module runs it. */
export interface CommandWrapper {
  wrap(request: WrapRequest): Promise<WrappedCommand>;
}

export interface Sandbox extends CommandWrapper, ServerWrapper {
  readonly status: SandboxStatus;
  /**
   * A note for the model when a sandboxed command's output shows it ran into the sandbox (network
   * blocked, a read-only path); null when nothing in the output points at the sandbox.
   */
  explainFailure(output: string): string | null;
  /**
   * What it hides from commands and keeps read-only in this workspace, and why, one line each (said
   * once in the run header and by `doctor`); empty when commands run as they are.
   */
  describeLayout(): Promise<string[]>;
  /** Stops the network proxy and removes the sandbox's private folder. */
  dispose(): Promise<void>;
}

/** The sandbox settings a user may give in their own `~/.kiro/settings.json` (never the workspace's). */
export interface UserSandboxSettings {
  /** False turns the sandbox off on purpose (as SPECWRIGHT_SANDBOX=off does). */
  enabled?: boolean;
  /** Hosts sandboxed commands may reach (e.g. `packages.example.com`, `*.github.com`). */
  allowedDomains?: string[];
  /** Folders besides the workspace and the tool caches that commands may write to. */
  writablePaths?: string[];
}
