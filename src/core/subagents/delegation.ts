import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { ActivityEventInput } from '../activity';
import { addUsage, zeroUsage } from '../agent/budget';
import type { CallerBudget, ToolBox, ToolCallContext, ToolOutput } from '../agent/ports';
import type { StepUsage } from '../activity';
import { toInputSchema } from '../agent/tools/schema';
import type { ProposedAction } from '../policy/types';
import { mapLimited } from './parallel';
import { USE_SUBAGENT, type SharedSpend, type SubagentChoice, type SubagentLauncher, type SubagentOutcome, type SubagentRequest } from './types';

/** More than this in one call is refused: the model should split the work, not flood the queue. */
export const MAX_SUBAGENTS_PER_CALL = 16;
/** What all answers of one call may take in the parent's context together. */
const ANSWERS_LIMIT_CHARS = 30_000;

const entrySchema = z.object({
  query: z.string().trim().min(1).describe('the task for this sub-agent, complete on its own: it does not see this conversation'),
  agent_name: z.string().trim().min(1).optional().describe('a custom agent to run as (see the list); omit to run as yourself'),
  relevant_context: z.string().optional().describe('facts, paths and findings it needs'),
});
const inputSchema = z.object({
  subagents: z.array(entrySchema).min(1).max(MAX_SUBAGENTS_PER_CALL),
});
type DelegationInput = z.infer<typeof inputSchema>;
type Entry = DelegationInput['subagents'][number];

export interface DelegationOptions {
  /** The custom agents a sub-agent may run as (the caller's availableAgents already applied). */
  agents: readonly SubagentChoice[];
  /** How many run at once; the rest wait for a free place. */
  maxParallel: number;
  launcher: SubagentLauncher;
  /** Where each running sub-agent can be stopped on its own (the panel's Stop on a lane). */
  lanes?: SubagentLanes;
}

/** The running sub-agents by lane id; `open` returns the call that closes the lane when it ends. */
export interface SubagentLanes {
  open(subagentId: string, stop: (reason: string) => void): () => void;
}

/**
 * The `use_subagent` tool: hands parts of the work to sub-agents, several at once, each with a fresh
 * context and its own model, and gives back every answer (or error) in the order asked. Starting one
 * is an action the policy judges (`subagent`); everything a sub-agent then does is judged as the
 * caller's own steps are. Its steps nest under a lane of the call (`subagent_started` … `_finished`).
 */
export function createDelegationTool(options: DelegationOptions): ToolBox {
  const known = new Map(options.agents.map((agent) => [agent.name, agent]));
  const definition = {
    name: USE_SUBAGENT,
    description: describeTool(options),
    input_schema: toInputSchema(inputSchema),
  };

  const parse = (input: unknown): DelegationInput => {
    const parsed = inputSchema.safeParse(input);
    if (!parsed.success) throw new Error(`Invalid input for ${USE_SUBAGENT}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`);
    for (const [index, entry] of parsed.data.subagents.entries()) {
      if (entry.agent_name !== undefined && !known.has(entry.agent_name)) {
        const names = [...known.keys()];
        throw new Error(`subagents.${index}.agent_name: there is no agent "${entry.agent_name}" you may use; ${names.length ? `use one of: ${names.join(', ')}` : 'omit agent_name (no custom agents are available)'}.`);
      }
    }
    return parsed.data;
  };

  return {
    get definitions() {
      return [definition];
    },
    summarize(_name, input) {
      const parsed = inputSchema.safeParse(input);
      if (!parsed.success) return USE_SUBAGENT;
      const names = parsed.data.subagents.map((s) => s.agent_name ?? 'itself');
      return `Delegating to ${names.length} sub-agent${names.length === 1 ? '' : 's'}: ${names.join(', ')}`;
    },
    async plan(_name, input): Promise<ProposedAction[]> {
      return parse(input).subagents.map((entry) => ({ kind: 'subagent', agent: entry.agent_name ?? null, query: entry.query }));
    },
    async execute(_name, input, ctx): Promise<ToolOutput> {
      const { subagents } = parse(input);
      const callId = ctx.toolUseId ?? `call-${randomBytes(3).toString('hex')}`;
      const ledger = ctx.budget ? sharedLedger(ctx.budget) : null;
      const outcomes = await mapLimited(
        subagents,
        options.maxParallel,
        ctx.signal,
        (entry, index) => runOne(options, entry, `${callId}#${index + 1}`, ctx, ledger?.(`${callId}#${index + 1}`)),
        (): SubagentOutcome => ({ status: 'stopped', answer: 'Not started: the user stopped the agent.', usage: zeroUsage() }),
      );
      const usage = outcomes.reduce((sum, o) => addUsage(sum, o.usage), zeroUsage());
      return { content: answersText(subagents, outcomes), isError: outcomes.every((o) => o.status !== 'done'), usage };
    },
    handles: (name) => name === USE_SUBAGENT,
  };
}

/** One sub-agent in its lane: started and finished events around its own, never a throw. */
/**
 * One ledger for a call: each lane's spend counts against the caller's budget together with the
 * caller's own and every other lane's, so N lanes cannot spend N times the limit.
 */
function sharedLedger(budget: CallerBudget): (lane: string) => SharedSpend {
  const lanes = new Map<string, StepUsage>();
  return (lane) => ({
    limits: budget.limits,
    ...(budget.elsewhere ? { elsewhere: budget.elsewhere } : {}),
    others: () => [...lanes].reduce((sum, [id, usage]) => (id === lane ? sum : addUsage(sum, usage)), budget.spent()),
    report: (total) => void lanes.set(lane, total),
  });
}

async function runOne({ launcher, lanes }: DelegationOptions, entry: Entry, subagentId: string, ctx: ToolCallContext, spend?: SharedSpend): Promise<SubagentOutcome> {
  const agent = entry.agent_name ?? null;
  // Stopped alone, a sub-agent ends as stopped and the others and its caller go on.
  const own = new AbortController();
  const signal = AbortSignal.any([ctx.signal, own.signal]);
  const close = lanes?.open(subagentId, (reason) => own.abort(new Error(reason))) ?? (() => undefined);
  const label = agent ?? 'itself';
  const lane = (event: ActivityEventInput) => ctx.emit({ ...event, parentId: subagentId });
  let model = '';
  let outcome: SubagentOutcome;
  try {
    model = launcher.modelOf(agent);
    ctx.emit({ type: 'subagent_started', subagentId, agent: label, query: entry.query, model, ...(ctx.toolUseId ? { parentId: ctx.toolUseId } : {}) });
    const request: SubagentRequest = { subagentId, agent, query: entry.query, relevantContext: entry.relevant_context ?? null, signal, emit: lane, ...(spend ? { spend } : {}) };
    outcome = await launcher.run(request);
  } catch (error) {
    outcome = { status: signal.aborted ? 'stopped' : 'failed', answer: signal.aborted ? stopText(signal) : error instanceof Error ? error.message : String(error), usage: zeroUsage() };
    if (!model) ctx.emit({ type: 'subagent_started', subagentId, agent: label, query: entry.query, model: 'unknown', ...(ctx.toolUseId ? { parentId: ctx.toolUseId } : {}) });
  } finally {
    close();
  }
  if (own.signal.aborted && !ctx.signal.aborted && outcome.status === 'stopped') outcome = { ...outcome, answer: stopText(own.signal) };
  ctx.emit({
    type: 'subagent_finished',
    subagentId,
    agent: label,
    status: outcome.status,
    summary: firstLine(outcome.answer).slice(0, 200),
    usage: outcome.usage,
    ...(ctx.toolUseId ? { parentId: ctx.toolUseId } : {}),
  });
  return outcome;
}

/** Every answer in the order asked, each headed by who gave it and how it ended. */
function answersText(entries: readonly Entry[], outcomes: readonly SubagentOutcome[]): string {
  const share = Math.floor(ANSWERS_LIMIT_CHARS / Math.max(1, outcomes.length));
  return outcomes
    .map((outcome, index) => {
      const who = entries[index]!.agent_name ?? 'itself';
      const head = `## Sub-agent ${index + 1} of ${outcomes.length} (${who}): ${outcome.status === 'done' ? 'done' : `${outcome.status.replace('_', ' ')} — error`}`;
      const body = outcome.answer.trim() || '(no answer)';
      return `${head}\n${body.length > share ? `${body.slice(0, share)}\n… ${body.length - share} characters cut` : body}`;
    })
    .join('\n\n');
}

function describeTool(options: DelegationOptions): string {
  const agents = options.agents.length
    ? ` Custom agents (agent_name): ${options.agents.map((a) => (a.description ? `${a.name} (${oneLine(a.description, 120)})` : a.name)).join('; ')}.`
    : '';
  return (
    `Hand independent parts of the work to sub-agents that run at the same time (up to ${options.maxParallel} at once), each with a fresh context: it sees only its query and relevant_context, not this conversation. ` +
    `Each returns its final answer; you get all answers in order and combine them. Use it for research or changes that split cleanly; do the rest yourself.${agents}`
  );
}

function stopText(signal: AbortSignal): string {
  const reason = signal.reason instanceof Error ? signal.reason.message : typeof signal.reason === 'string' ? signal.reason : '';
  return `Stopped before it finished${reason ? `: ${reason}` : ''}. Do not start it again unless the user asks.`;
}

function oneLine(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max)}…`;
}

function firstLine(text: string): string {
  return text.split('\n').find((l) => l.trim())?.trim() ?? '';
}
