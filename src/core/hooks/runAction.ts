import { randomBytes } from 'node:crypto';
import type { ActivityEventInput } from '../activity';
import { askApproval, type ApprovalGate } from '../approvals';
import type { PolicyDecision } from '../policy/types';
import type { CommandResult, RunCommandOptions } from '../process';
import type { CommandWrapper } from '../sandbox';
import { agentPromptFor, hookEnvironment, hookStdin, usesSingleFile } from './hookEvent';
import type { Hook, HookEvent } from './model';

/** Judges a hook's command before it runs (the policy engine in hosts; a plain function in tests). */
/** `env`: the variables the command will run with (KIRO_HOOK_PATHS…), so `"$KIRO_HOOK_PATHS"` is judged as the files it names. */
export type CommandPolicy = (command: string, cwd: string, env?: Readonly<Record<string, string>>) => PolicyDecision | Promise<PolicyDecision>;

/**
 * Runs an agent hook's prompt. `ok: false` counts as a failure, and for Pre* hooks blocks the action.
 * The agent should tag the files it writes with `causedByHook: event.hook` (see FileEvent).
 */
export type RunAgentPrompt = (prompt: string, event: HookEvent, signal: AbortSignal) => Promise<{ ok: boolean; output: string }>;

export type RunCommandPort = (options: RunCommandOptions) => Promise<CommandResult>;

export interface HookActionContext {
  workspace: string;
  commandPolicy: CommandPolicy;
  /** Asked when the policy says "ask"; without it, "ask" means the command does not run. */
  approvals?: ApprovalGate;
  runAgentPrompt?: RunAgentPrompt;
  runCommand: RunCommandPort;
  /** Every hook command runs in it. */
  sandbox: CommandWrapper;
  emit: (event: ActivityEventInput) => void;
  signal: AbortSignal;
}

export interface ActionOutcome {
  ran: boolean;
  ok: boolean;
  output: string;
}

/** Carries out a hook's action for one event. Never throws: every failure is an outcome with a reason. */
export async function runHookAction(hook: Hook, event: HookEvent, ctx: HookActionContext): Promise<ActionOutcome> {
  try {
    return hook.action.type === 'command' ? await runCommandAction(hook, hook.action.command, event, ctx) : await runAgentAction(hook, hook.action.prompt, event, ctx);
  } catch (error) {
    return { ran: false, ok: false, output: `Hook "${hook.name}" could not run: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Whether the policy lets the command run, asking a person when it says "ask" and someone can answer. */
export async function checkCommand(
  hook: Hook,
  command: string,
  ctx: Pick<HookActionContext, 'workspace' | 'commandPolicy' | 'approvals' | 'emit' | 'signal'>,
  env?: Readonly<Record<string, string>>,
): Promise<{ allowed: boolean; reason: string }> {
  const verdict = await ctx.commandPolicy(command, ctx.workspace, env);
  if (verdict.decision === 'allow') return { allowed: true, reason: verdict.reason };
  if (verdict.decision === 'ask' && ctx.approvals) {
    const request = {
      approvalId: `hook-approval-${randomBytes(4).toString('hex')}`,
      action: { kind: 'command', detail: command },
      reason: `hook "${hook.name}": ${verdict.reason}`,
      hook: hook.name,
    };
    const answer = await askApproval(ctx.emit, ctx.approvals, request, ctx.signal);
    if (answer.outcome !== 'rejected') return { allowed: true, reason: verdict.reason };
    return { allowed: false, reason: `Not run: approval was refused (${verdict.reason})` };
  }
  ctx.emit({ type: 'policy_denied', action: { kind: 'command', detail: command }, reason: `hook "${hook.name}": ${verdict.reason}` });
  const how = verdict.decision === 'ask' ? ' (the policy asks for approval, and nobody can approve here; allow the command in .kiro/settings.json)' : '';
  return { allowed: false, reason: `Not run: ${verdict.reason}${how}` };
}

async function runCommandAction(hook: Hook, command: string, event: HookEvent, ctx: HookActionContext): Promise<ActionOutcome> {
  const check = await checkCommand(hook, command, ctx, hookEnvironment(hook, event));
  if (!check.allowed) return { ran: false, ok: false, output: check.reason };
  // A command written for one file (`black ${file}`) runs once per file of a burst, in order.
  const runs = usesSingleFile(command) && event.paths.length > 1 ? event.paths.map((p) => ({ ...event, paths: [p] })) : [event];
  const outcomes: ActionOutcome[] = [];
  for (const each of runs) {
    if (ctx.signal.aborted) break;
    outcomes.push(await runCommandOnce(hook, command, each, ctx));
  }
  if (outcomes.length === 1) return outcomes[0]!;
  const output = outcomes.map((o, i) => `${runs[i]!.paths[0]}: ${o.output || (o.ok ? 'ok' : 'failed')}`).join('\n');
  return { ran: true, ok: outcomes.length === runs.length && outcomes.every((o) => o.ok), output };
}

async function runCommandOnce(hook: Hook, command: string, event: HookEvent, ctx: HookActionContext): Promise<ActionOutcome> {
  const commandId = `hook-${randomBytes(4).toString('hex')}`;
  ctx.emit({ type: 'command_started', commandId, command, cwd: ctx.workspace });
  const result = await ctx.runCommand({
    command,
    cwd: ctx.workspace,
    env: hookEnvironment(hook, event),
    // The event as JSON on stdin, with Kiro CLI's fields beside Specwright's.
    stdin: hookStdin(event),
    sandbox: ctx.sandbox,
    ...(hook.timeoutMs !== null ? { timeoutMs: hook.timeoutMs } : {}),
    signal: ctx.signal,
    onOutput: ({ stream, text }) => ctx.emit({ type: 'command_output', commandId, stream, text }),
  });
  ctx.emit({ type: 'command_finished', commandId, exitCode: result.exitCode, signal: result.signal, durationMs: result.durationMs, timedOut: result.timedOut });
  const ok = result.exitCode === 0 && !result.timedOut && !result.aborted;
  let output = result.output.trim();
  if (result.timedOut) output = `${output}\n(stopped: timed out after ${(hook.timeoutMs ?? 0) / 1000} s)`.trim();
  else if (result.aborted) output = `${output}\n(stopped)`.trim();
  else if (!ok) output = output || `exit ${result.exitCode ?? result.signal}`;
  return { ran: true, ok, output };
}

async function runAgentAction(hook: Hook, prompt: string, event: HookEvent, ctx: HookActionContext): Promise<ActionOutcome> {
  if (!ctx.runAgentPrompt) {
    return { ran: false, ok: false, output: `Not run: hook "${hook.name}" asks the agent, and no agent is connected here (agent hooks run inside an agent session or the editor)` };
  }
  const signal = hook.timeoutMs === null ? ctx.signal : AbortSignal.any([ctx.signal, AbortSignal.timeout(hook.timeoutMs)]);
  try {
    const result = await ctx.runAgentPrompt(agentPromptFor(hook, event, prompt), event, signal);
    return { ran: true, ok: result.ok, output: result.output };
  } catch (error) {
    const reason = signal.aborted && !ctx.signal.aborted ? `timed out after ${(hook.timeoutMs ?? 0) / 1000} s` : error instanceof Error ? error.message : String(error);
    return { ran: true, ok: false, output: `The agent did not finish: ${reason}` };
  }
}
