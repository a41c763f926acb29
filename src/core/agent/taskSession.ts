import type Anthropic from '@anthropic-ai/sdk';
import type { ActivityEventInput, StepUsage, TaskRef } from '../activity';
import { askApproval, type ApprovalGate } from '../approvals';
import type { AgentMode, ProposedAction } from '../policy/types';
import { ContextKeeper, ContextTooLargeError } from '../context';
import { imageBlock, imageNotes, promptContent, type ModelImage } from '../images';
import type { Remedy } from '../remedy';
import { STEERING_TOOL } from '../steering';
import { addUsage, budgetBlocksNextStep, zeroUsage, type Budget, type SpentElsewhere } from './budget';
import { outputText, type ActionPolicy, type AgentHooks, type EventSink, type ToolBox, type ToolCallContext, type ToolOutput, type TurnModel, type UserInput } from './ports';
import { NO_VERIFICATION, PLAN_APPROVED, PLAN_REQUEST, verificationFailed } from './prompt';
import type { SteeringSession } from './steeringSession';
import { composeToolBoxes, RepeatedFailureGuard } from './tools';

export interface VerificationOutcome {
  command: string;
  exitCode: number | null;
  output: string;
}

export interface TaskSessionOptions {
  workspace: string;
  task: TaskRef;
  /** The first user message: the task and its criteria. */
  instruction: string;
  /** Images sent with the first message (a chat prompt's), before its text. */
  instructionImages?: readonly ModelImage[];
  system: Anthropic.TextBlockParam[];
  model: TurnModel;
  tools: ToolBox;
  policy: ActionPolicy;
  approvals: ApprovalGate;
  stream: EventSink;
  signal: AbortSignal;
  mode: AgentMode;
  maxTurns: number;
  selfCorrectionAttempts: number;
  budget: Budget;
  /** Usage already spent by this task (a resumed task starts from its earlier spend). */
  spent?: StepUsage;
  /** What the run and the day spent before this task, for the per-run and per-day limits. */
  spentElsewhere?: SpentElsewhere;
  /** Told the task's total after every step that spent something (its own or a sub-agent's). */
  onSpent?: (taskTotal: StepUsage) => void;
  /**
   * Spent beside this session from the same budget (a sub-agent's caller and its other lanes), read
   * before every step: the per-task limits count it as this session's own.
   */
  sharedSpent?: () => StepUsage;
  /** The configured verifyCommand; when absent, the last test command the agent ran must have passed. */
  verifyCommand?: string;
  runVerification: (command: string, signal: AbortSignal) => Promise<VerificationOutcome>;
  isTestCommand: (command: string) => boolean;
  /** Taken before a step that needs approval, so the user can roll that step back. */
  checkpoint?: () => Promise<void>;
  userInput?: UserInput;
  /** Tools the model may use while proposing a plan in Supervised mode. */
  readOnlyTools?: string[];
  hooks?: AgentHooks;
  /** False for free-form prompts (hook actions, chat): the answer ends the session, nothing is verified. */
  verify?: boolean;
  /** The model's context window and when to compact (src/core/context); defaults when unset. */
  context?: { contextWindow?: number; compactAt?: number };
  /**
   * Steering that follows the work: documents that join when a tool call touches a matching file (or
   * a message names them) ride on the next request after the tool results; its tool loads auto
   * documents and skills. What the work started with is already in `system`.
   */
  steering?: SteeringSession;
}

export type TaskSessionStatus = 'done' | 'failed' | 'stopped' | 'budget_exceeded';

export interface TaskSessionResult {
  status: TaskSessionStatus;
  /** The last model request's usage: the estimate of the next task's first step. */
  lastStep?: StepUsage;
  summary: string;
  /** What the person can do about a session that did not finish. */
  remedy?: Remedy;
  filesChanged: string[];
  testsPassing: number | null;
  usage: StepUsage;
}

class SessionEnded extends Error {
  constructor(readonly status: TaskSessionStatus, message: string, readonly remedy?: Remedy) {
    super(message);
  }
}

/** One model turn as the loops see it: its content, and whether the output limit cut it off mid-answer. */
interface TurnContent {
  content: Anthropic.ContentBlock[];
  cutOff: boolean;
}

const CONTINUE_AFTER_CUT_OFF = 'Your answer was cut off by the output limit. Continue where you stopped.';

/**
 * One task, start to finish: turns with the model, each tool call judged by the policy (and a
 * person when it asks), then proof-gated completion with self-correction rounds. The session never
 * edits tasks.md: the TaskRunner marks the result.
 */
export class TaskSession {
  private readonly messages: Anthropic.MessageParam[] = [];
  private readonly guard = new RepeatedFailureGuard();
  private readonly filesChanged = new Set<string>();
  /** Test commands the agent is running, by command id, with their output so far. */
  private readonly testCommands = new Map<string, { command: string; output: string }>();
  private lastTestCommand: VerificationOutcome | null = null;
  private testsPassing: number | null = null;
  private usage: StepUsage;
  private lastStepUsage: StepUsage | null = null;
  private step = 0;
  private approvalCount = 0;
  private lastAssistantText = '';
  private readonly context: ContextKeeper;
  private readonly tools: ToolBox;
  /** Steering that joined during the current batch of tool calls, for the next request. */
  private joinedSteering: string[] = [];

  constructor(private readonly o: TaskSessionOptions) {
    this.usage = o.spent ?? zeroUsage();
    // First, so tools that appear later (MCP search) only ever add to the end of the list.
    const steeringTool = o.steering?.toolBox();
    this.tools = steeringTool ? composeToolBoxes(steeringTool, o.tools) : o.tools;
    this.context = new ContextKeeper({
      workspace: o.workspace,
      model: o.model,
      ...o.context,
      signal: o.signal,
      emit: (event) => this.emit(event),
      onUsage: (usage) => this.countUsage(usage),
    });
  }

  /** Summarise the conversation before the next model request (Compact Conversation, `/compact`). */
  compact(focus?: string): void {
    this.context.requestCompaction(focus);
  }

  async run(): Promise<TaskSessionResult> {
    try {
      this.messages.push({ role: 'user', content: promptContent(this.o.instruction, this.o.instructionImages ?? []) });
      if (this.o.mode === 'supervised') await this.proposePlan();
      return await this.work();
    } catch (error) {
      if (error instanceof SessionEnded) return this.result(error.status, error.message, error.remedy);
      if (this.o.signal.aborted) return this.result('stopped', 'Stopped by the user.');
      throw error;
    }
  }

  private async proposePlan(): Promise<void> {
    this.messages.push({ role: 'assistant', content: 'Understood. I will propose a plan first.' }, { role: 'user', content: PLAN_REQUEST });
    const readOnly = new Set(this.o.readOnlyTools ?? ['fs_read', 'glob', 'grep', STEERING_TOOL]);
    for (let turn = 0; turn < this.o.maxTurns; turn++) {
      const { content, cutOff } = await this.modelTurn(this.tools.definitions.filter((t) => readOnly.has(t.name)));
      // A continuation is a turn like any other: the limit counts what was paid for.
      if (cutOff) {
        this.messages.push({ role: 'user', content: CONTINUE_AFTER_CUT_OFF });
        continue;
      }
      const toolUses = content.filter((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
      if (toolUses.length) {
        this.messages.push({ role: 'user', content: await this.runTools(toolUses, readOnly) });
        continue;
      }
      const answer = await this.ask({ kind: 'plan', detail: this.lastAssistantText || '(no plan text)' }, 'Supervised mode: the plan needs your approval before any change is made.');
      if (answer === 'rejected') throw new SessionEnded('failed', 'The plan was rejected; nothing was changed.');
      this.messages.push({ role: 'user', content: PLAN_APPROVED });
      return;
    }
    throw new SessionEnded('failed', `No plan after ${this.o.maxTurns} turns.`, { kind: 'raiseMaxTurns', maxTurns: this.o.maxTurns });
  }

  private async work(): Promise<TaskSessionResult> {
    let corrections = 0;
    const maxCorrections = this.o.selfCorrectionAttempts;
    for (let turn = 0; turn < this.o.maxTurns; turn++) {
      const { content, cutOff } = await this.modelTurn(this.tools.definitions);
      if (cutOff) {
        this.messages.push({ role: 'user', content: CONTINUE_AFTER_CUT_OFF });
        continue;
      }
      const toolUses = content.filter((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
      if (toolUses.length) {
        this.messages.push({ role: 'user', content: await this.runTools(toolUses) });
        continue;
      }
      if (this.o.mode === 'interactive' && this.o.userInput) {
        const next = await this.nextUserMessage(this.o.userInput);
        if (next !== null && (next.text.trim() || next.images.length)) {
          const { text, images } = next;
          this.emit({ type: 'user_message', text, ...(images.length ? { images: imageNotes(images) } : {}) });
          await this.o.hooks?.dispatchAgentEvent({ trigger: 'UserPromptSubmit', prompt: text, task: this.o.task });
          const joined = (await this.o.steering?.afterUserMessage(text, (e) => this.emit(e))) ?? [];
          // Images first, then the text, the order the model reads best (as in a chat's first message).
          const blocks = [...images.map(imageBlock), ...(text.trim() ? [{ type: 'text' as const, text }] : []), ...joined.map((j) => ({ type: 'text' as const, text: j.text }))];
          this.messages.push({ role: 'user', content: images.length || joined.length ? blocks : text });
          continue;
        }
      }
      if (this.o.verify === false) return this.result('done', this.lastAssistantText || 'Done.');
      const verdict = await this.verify();
      if (verdict.passed) return this.result('done', this.lastAssistantText || 'Task complete.');
      if (corrections >= maxCorrections) {
        return this.result('failed', `Verification did not pass after ${maxCorrections} correction attempt(s): ${verdict.reason}`);
      }
      corrections++;
      this.emit({ type: 'self_correction', attempt: corrections, maxAttempts: maxCorrections, reason: verdict.reason });
      this.messages.push({ role: 'user', content: verdict.feedback });
    }
    return this.result('failed', `Stopped after ${this.o.maxTurns} turns without finishing.`, { kind: 'raiseMaxTurns', maxTurns: this.o.maxTurns });
  }

  /** The person's next message, after carrying out what they asked of the conversation itself (`/compact`). */
  private async nextUserMessage(input: UserInput): Promise<{ text: string; images: readonly ModelImage[] } | null> {
    for (;;) {
      const next = await input.nextMessage(this.o.signal);
      if (next === null) return null;
      if (typeof next === 'string') return { text: next, images: [] };
      if (next.kind === 'message') return { text: next.text, images: next.images };
      this.throwIfStopped();
      if (next.kind === 'compact') await this.context.compactNow({ system: this.o.system, tools: this.tools.definitions, messages: this.messages }, next.focus);
    }
  }

  private async modelTurn(tools: Anthropic.Tool[]): Promise<TurnContent> {
    this.throwIfStopped();
    const spent = this.o.sharedSpent ? addUsage(this.usage, this.o.sharedSpent()) : this.usage;
    const blocked = budgetBlocksNextStep(this.o.budget, spent, this.lastStepUsage, this.o.spentElsewhere);
    if (blocked) throw new SessionEnded('budget_exceeded', blocked);
    let turn;
    try {
      turn = await this.context.send({ system: this.o.system, tools, messages: this.messages }, (request) =>
        this.o.model.createTurn(request, { signal: this.o.signal, onRetry: (info) => this.emit({ type: 'retry', ...info }) }),
      );
    } catch (error) {
      if (error instanceof ContextTooLargeError) throw new SessionEnded('failed', error.message);
      throw error;
    }
    this.countUsage(turn.usage);
    this.messages.push({ role: 'assistant', content: turn.content as Anthropic.ContentBlockParam[] });
    const texts: string[] = [];
    for (const block of turn.content) {
      if (block.type === 'text' && block.text.trim()) {
        texts.push(block.text);
        this.emit({ type: 'assistant_text', text: block.text });
      } else if (block.type === 'thinking' && block.thinking.trim()) {
        this.emit({ type: 'thinking', text: block.thinking });
      }
    }
    if (texts.length) this.lastAssistantText = texts.join('\n').trim();
    return { content: turn.content, cutOff: turn.stopReason === 'max_tokens' && !turn.content.some((b) => b.type === 'tool_use') };
  }

  /** Every model request counts: the agent's turns and the summaries compaction asks for. */
  private countUsage(usage: StepUsage): void {
    this.step++;
    this.lastStepUsage = usage;
    this.usage = addUsage(this.usage, usage);
    this.emit({ type: 'usage', step: this.step, usage, total: this.usage });
    this.o.onSpent?.(this.usage);
  }

  private async runTools(toolUses: Anthropic.ToolUseBlock[], allowed?: Set<string>): Promise<Array<Anthropic.ToolResultBlockParam | Anthropic.TextBlockParam>> {
    const results: Anthropic.ToolResultBlockParam[] = [];
    for (const use of toolUses) {
      // Every tool_use needs a tool_result, even after a stop was requested mid-batch.
      if (this.o.signal.aborted) {
        results.push({ type: 'tool_result', tool_use_id: use.id, content: 'Not run: the user stopped the agent.', is_error: true });
        continue;
      }
      const outcome = allowed && !allowed.has(use.name)
        ? { content: `${use.name} is not available while proposing a plan; use ${[...allowed].join(', ')}.`, isError: true }
        : await this.runTool(use);
      results.push({ type: 'tool_result', tool_use_id: use.id, content: outcome.content, ...(outcome.isError ? { is_error: true } : {}) });
      const repeated = this.guard.record(use.name, use.input, outcome.isError);
      if (repeated) throw new SessionEnded('failed', `${repeated.message} Stopped to save your budget. Last error: ${firstLine(outputText(outcome.content))}`);
    }
    this.throwIfStopped();
    // After every tool_result (the API wants those first), and never in an earlier message: the prefix already sent stays as it was.
    const joined = this.joinedSteering.map((text) => ({ type: 'text' as const, text }));
    this.joinedSteering = [];
    return [...results, ...joined];
  }

  private async runTool(use: Anthropic.ToolUseBlock): Promise<ToolOutput> {
    const ctx = this.toolContext();
    let summary = use.name;
    try {
      summary = this.tools.summarize(use.name, use.input);
    } catch {
      // An unknown tool or malformed input still gets a tool_call event; plan() reports the problem.
    }
    this.emit({ type: 'tool_call', toolUseId: use.id, tool: use.name, input: use.input, summary });
    const finish = (content: ToolOutput['content'], isError: boolean): ToolOutput => {
      this.emit({ type: 'tool_result', toolUseId: use.id, tool: use.name, isError, summary: firstLine(outputText(content)).slice(0, 200) });
      return { content, isError };
    };
    let actions;
    try {
      actions = await this.tools.plan(use.name, use.input, ctx);
    } catch (error) {
      return finish(errorText(error), true);
    }
    for (const action of actions) {
      const decision = this.o.policy.evaluate(action);
      const detail = describeAction(action);
      if (decision.decision === 'deny') {
        this.emit({ type: 'policy_denied', action: { kind: action.kind, detail }, reason: decision.reason });
        return finish(`Denied by policy: ${decision.reason} Do not retry this action.`, true);
      }
      if (decision.decision === 'ask') {
        const answer = await this.ask({ kind: action.kind, detail }, decision.reason, action);
        if (answer === 'rejected') return finish(`The user rejected this action (${detail}). Do not retry it; choose another way or explain.`, true);
        if (answer === 'always') this.o.policy.grantForSession(action);
      }
    }
    // Leaving the sandbox is asked every time, of a person, whatever the policy and the level say.
    let outsideSandboxApproved = false;
    for (const action of actions) {
      if (action.kind !== 'command' || !action.outsideSandbox) continue;
      const reason = `the agent asks to run this command outside the sandbox, where it can read and change anything you can and reach the network. Its reason: ${action.outsideSandbox.reason}`;
      const answer = await this.ask({ kind: 'outside sandbox', detail: action.command }, reason, action, true);
      if (answer === 'rejected') {
        return finish(`The user did not let "${action.command}" run outside the sandbox. Do not ask again for it; work within the sandbox or explain to the user what you need.`, true);
      }
      outsideSandboxApproved = true;
    }
    this.throwIfStopped();
    const hookEvent = { ...(this.tools.hookSubject?.(use.name, use.input) ?? { tool: use.name, toolInput: use.input }), task: this.o.task };
    const pre = await this.o.hooks?.dispatchAgentEvent({ trigger: 'PreToolUse', ...hookEvent });
    if (pre?.blocked) return finish(`Blocked by a PreToolUse hook: ${pre.reason ?? 'no reason given'}. Do not retry this call unchanged.`, true);
    const result = await this.tools.execute(use.name, use.input, outsideSandboxApproved ? { ...ctx, outsideSandboxApproved, toolUseId: use.id } : { ...ctx, toolUseId: use.id });
    if (result.usage) {
      // Sub-agents' spending is the task's: in its totals, and in the budget the next step is checked against.
      this.usage = addUsage(this.usage, result.usage);
      this.emit({ type: 'usage', step: this.step, usage: result.usage, total: this.usage });
      this.o.onSpent?.(this.usage);
    }
    if (!result.isError) for (const action of actions) if (action.kind === 'write') this.o.policy.recordWrite?.(action);
    if (this.o.steering) {
      const joined = await this.o.steering.afterTool({ name: use.name, actions, result }, (e) => this.emit(e));
      this.joinedSteering.push(...joined.map((j) => j.text));
    }
    // Post hooks observe; the agent does not wait for them.
    const toolResult = { content: outputText(result.content).slice(0, 16_000), isError: result.isError };
    void this.o.hooks?.dispatchAgentEvent({ trigger: 'PostToolUse', ...hookEvent, toolResult }).catch(() => undefined);
    return finish(result.content, result.isError);
  }

  private async ask(action: { kind: string; detail: string }, reason: string, proposed?: ProposedAction, requiresPerson = false) {
    await this.o.checkpoint?.();
    const approvalId = `${this.o.stream.runId}-a${++this.approvalCount}`;
    const personOnly = requiresPerson ? { requiresPerson: true } : {};
    const answer = await askApproval((event) => this.emit(event), this.o.approvals, { approvalId, action, reason, ...(proposed ? { proposed } : {}), ...personOnly }, this.o.signal);
    return answer.outcome;
  }

  private async verify(): Promise<{ passed: boolean; reason: string; feedback: string }> {
    let outcome: VerificationOutcome | null;
    if (this.o.verifyCommand) {
      this.throwIfStopped();
      outcome = await this.o.runVerification(this.o.verifyCommand, this.o.signal);
      this.throwIfStopped();
    } else {
      outcome = this.lastTestCommand;
    }
    if (!outcome) {
      return { passed: false, reason: 'no test command was run and no agent.verifyCommand is configured', feedback: NO_VERIFICATION };
    }
    const passed = outcome.exitCode === 0;
    this.emit({ type: 'verification', command: outcome.command, passed, exitCode: outcome.exitCode, output: tail(outcome.output, 4000) });
    return {
      passed,
      reason: `\`${outcome.command}\` exited with ${outcome.exitCode ?? 'a signal'}`,
      feedback: verificationFailed(outcome.command, tail(outcome.output, 6000)),
    };
  }

  private toolContext(): ToolCallContext {
    const budget = { limits: this.o.budget, spent: () => (this.o.sharedSpent ? addUsage(this.usage, this.o.sharedSpent()) : this.usage), ...(this.o.spentElsewhere ? { elsewhere: this.o.spentElsewhere } : {}) };
    return { workspace: this.o.workspace, signal: this.o.signal, emit: (event) => this.emit(event), budget };
  }

  /** Everything tools report goes through here, so the session learns what changed and what ran. */
  private emit(event: ActivityEventInput): void {
    if (event.type === 'file_written') {
      this.filesChanged.add(event.path);
      this.context.recentFiles.touched(event.path);
      const kind = event.change === 'created' ? 'create' : event.change === 'deleted' ? 'delete' : 'save';
      this.o.hooks?.notifyFileEvent({ kind, path: event.path, source: 'agent' });
    }
    if (event.type === 'test_result') this.testsPassing = event.passed;
    if (event.type === 'command_started' && this.o.isTestCommand(event.command)) {
      this.testCommands.set(event.commandId, { command: event.command, output: '' });
    }
    const test = 'commandId' in event ? this.testCommands.get(event.commandId) : undefined;
    if (test && event.type === 'command_output') test.output = tail(test.output + event.text, 8000);
    if (test && event.type === 'command_finished') {
      this.lastTestCommand = { command: test.command, exitCode: event.exitCode, output: test.output };
      this.testCommands.delete(event.commandId);
    }
    this.o.stream.emit(event);
  }

  private throwIfStopped(): void {
    if (this.o.signal.aborted) throw new SessionEnded('stopped', 'Stopped by the user.');
  }

  private result(status: TaskSessionStatus, summary: string, remedy?: Remedy): TaskSessionResult {
    return { status, summary, ...(remedy ? { remedy } : {}), filesChanged: [...this.filesChanged], testsPassing: this.testsPassing, usage: this.usage, ...(this.lastStepUsage ? { lastStep: this.lastStepUsage } : {}) };
  }
}

/** One line for the approval prompt and the log: the command, `modify src/a.ts`, `@github/create_issue {…}`. */
function describeAction(action: ProposedAction): string {
  switch (action.kind) {
    case 'command':
      return action.command;
    case 'write':
      return `${action.operation} ${action.path}`;
    case 'read':
      return `read ${action.path}`;
    case 'mcp':
      return action.detail;
    case 'subagent':
      return `sub-agent ${action.agent ?? '(itself)'}: ${action.query.split('\n')[0]!.slice(0, 160)}`;
  }
}

function firstLine(text: string): string {
  return text.split('\n').find((l) => l.trim()) ?? '';
}

function tail(text: string, max: number): string {
  return text.length <= max ? text : `… ${text.length - max} characters omitted …\n${text.slice(-max)}`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
