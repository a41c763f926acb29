import type Anthropic from '@anthropic-ai/sdk';
import type { ActivityEventInput, StepUsage } from '../activity';
import type { Budget, SpentElsewhere } from './budget';
import type { AgentEvent, AgentEventOutcome, FileEvent } from '../hooks';
import type { ModelImage } from '../images';
import type { PolicyDecision, ProposedAction } from '../policy/types';

/** What the runner needs of a model: one streamed, retried turn. */
export interface TurnModel {
  readonly model: string;
  createTurn(request: TurnRequest, options: TurnOptions): Promise<ModelTurn>;
}

export interface TurnRequest {
  system: Anthropic.TextBlockParam[];
  tools: Anthropic.Tool[];
  messages: Anthropic.MessageParam[];
}

export interface TurnOptions {
  signal: AbortSignal;
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
}

export interface ModelTurn {
  content: Anthropic.ContentBlock[];
  stopReason: string | null;
  usage: StepUsage;
}

/**
 * Where a session's events go: a run's stream, or a parent's (a hook's run, a sub-agent's caller).
 * `runId` also prefixes the ids of the session's questions, so they are unique where they are shown.
 */
export interface EventSink {
  readonly runId: string;
  emit(input: ActivityEventInput): void;
}

export interface ToolCallContext {
  workspace: string;
  signal: AbortSignal;
  emit: (event: ActivityEventInput) => void;
  /** Set only for a call a person just allowed to run outside the sandbox. */
  outsideSandboxApproved?: boolean;
  /** The call's id: steps a tool starts of its own (sub-agents) nest under it. */
  toolUseId?: string;
  /** The calling session's budget: steps a tool starts of its own (sub-agents) spend from it, not beside it. */
  budget?: CallerBudget;
}

/** A session's limits and what it has spent so far, read live. */
export interface CallerBudget {
  limits: Budget;
  spent(): StepUsage;
  elsewhere?: SpentElsewhere;
}

/** A block of a tool's result: text, or an image the model can look at (MCP tools return some). */
export type ToolOutputBlock = Anthropic.TextBlockParam | Anthropic.ImageBlockParam;

/** What a tool call gives back to the model. */
export interface ToolOutput {
  content: string | ToolOutputBlock[];
  isError: boolean;
  /** What the call spent on the model (sub-agents): counted into the task's totals and budget. */
  usage?: StepUsage;
}

/** The text of a tool's output (images left out), for summaries and logs. */
export function outputText(content: ToolOutput['content']): string {
  return typeof content === 'string' ? content : content.map((b) => (b.type === 'text' ? b.text : '[image]')).join('\n');
}

/** What the runner needs of the tools: definitions for the model, and plan → execute per call. */
export interface ToolBox {
  /** Read before every model turn: it may grow during a task (a tool found by mcp_search), never reorder. */
  readonly definitions: Anthropic.Tool[];
  summarize(name: string, input: unknown): string;
  /** What the call is about to do, for the policy; throws with a message for the model on bad input. */
  plan(name: string, input: unknown, ctx: ToolCallContext): Promise<ProposedAction[]>;
  execute(name: string, input: unknown, ctx: ToolCallContext): Promise<ToolOutput>;
  /** True for names this box answers even when not (yet) in its definitions; composed boxes route by it. */
  handles?(name: string): boolean;
  /** How hooks see the call (`@server/tool` for MCP tools); by default the tool's own name and input. */
  hookSubject?(name: string, input: unknown): { tool: string; toolInput: unknown };
}

/** What the runner needs of the policy. */
export interface ActionPolicy {
  evaluate(action: ProposedAction): PolicyDecision;
  /** "Always allow this for the session": never lifts a deny. */
  grantForSession(action: ProposedAction): void;
  /** Called after a write was applied (counts edits per task). */
  recordWrite?(action: ProposedAction): void;
  /** Called when a new task starts (resets per-task counters). */
  startTask?(): void;
}

/**
 * What the person asks of the conversation itself rather than of the agent: `compact` summarises it
 * now, keeping `focus` in particular (a face's own way of asking, `/compact` in the CLI's chat).
 */
export type ConversationRequest = { kind: 'compact'; focus?: string };

/** A person's message with images (pasted in the panel, named in a chat prompt), already checked against the image limits. */
export type UserMessage = { kind: 'message'; text: string; images: readonly ModelImage[] };

/**
 * Where the next user message comes from in Interactive mode; null ends the conversation. A
 * ConversationRequest is carried out, and the next message asked for again.
 */
export interface UserInput {
  nextMessage(signal: AbortSignal): Promise<string | UserMessage | ConversationRequest | null>;
}

/**
 * Agent hooks as the runner sees them (the HookDispatcher fits): agent events, of which Pre* ones
 * can block, and the agent's own file writes, which fire file hooks marked for agent changes.
 */
export interface AgentHooks {
  dispatchAgentEvent(event: AgentEvent): Promise<AgentEventOutcome>;
  notifyFileEvent(event: FileEvent): void;
}
