import type { z } from 'zod';
import type { ActivityEventInput } from '../../activity';
import type { ModelImage } from '../../images';
import type { ProposedAction } from '../../policy/types';
import type { Sandbox } from '../../sandbox';

/** What a tool call sees of the run. */
export interface ToolContext {
  /** Workspace root; every path a tool touches must resolve inside it. */
  workspace: string;
  /** Aborts the call (a stop from the user); running commands are killed. */
  signal: AbortSignal;
  emit(event: ActivityEventInput): void;
  /** execute_bash kills the command's process tree after this long. */
  commandTimeoutMs: number;
  /** Budget for one tool result's text; longer output is cut with a note. */
  outputLimitChars: number;
  /** Where execute_bash runs commands. */
  sandbox: Sandbox;
  /** Set only for a call a person just allowed to run outside the sandbox. */
  outsideSandboxApproved?: boolean;
}

export interface ToolResult {
  /** Plain text for the model. */
  content: string;
  isError: boolean;
  /** Images the model should see with the text (fs_read's Image mode), checked against the API's limits. */
  images?: readonly ModelImage[];
}

/** The API's tool definition: name, description and the JSON schema of the input. */
export interface ToolDefinition {
  name: string;
  description: string;
  input_schema: { type: 'object'; properties?: Record<string, unknown>; required?: string[]; [key: string]: unknown };
}

/**
 * A tool the agent can call, as a declarative object: the runner validates input with inputSchema,
 * shows summarize() in the UI, hands plan()'s actions to the policy (tools describe, never judge),
 * then calls run(). Paths in actions are workspace-relative with forward slashes ('.' for the root).
 */
export interface AgentTool<Input> {
  readonly name: string;
  /** Kept short: every definition is sent with every model request. */
  readonly description: string;
  readonly inputSchema: z.ZodType<Input>;
  readonly jsonSchema: ToolDefinition['input_schema'];
  /** A short line for people, e.g. "Reading design.md" or "Running: npm test". */
  summarize(input: Input): string;
  /** What the call is about to do, paths resolved. Throws (with a message for the model) when it cannot be done. */
  plan(input: Input, ctx: ToolContext): Promise<ProposedAction[]>;
  run(input: Input, ctx: ToolContext): Promise<ToolResult>;
}

/** A failure the model caused and can fix; its message is shown to the model as is. */
export class ToolInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolInputError';
  }
}
