import { parseArgs } from 'node:util';
import type { ActivityEvent } from '../../core/activity';
import { TaskSelectionError, type AgentService, type RunRequest, type TaskSelection, type TurnModel } from '../../core/agent';
import { AgentNotFound } from '../../core/agents';
import { ModelError } from '../../core/model';
import type { AgentMode, AutonomyLevel } from '../../core/policy';
import { SettingsError } from '../../core/settings';
import { loadSpec } from '../../core/spec';
import { createActivityPrinter } from '../activityPrinter';
import { cliAgentService } from '../agentHost';
import { ExitCode, UsageError, type CliContext, type CommandDefinition } from '../io';
import { cliRemedyText } from '../remedyText';
import { replayModelFromFile } from '../replayModel';
import { cliMcpPorts } from '../mcpHost';
import { workspaceSettings } from '../workspaceSettings';

const usage = `Usage: specwright run NAME (--task ID | --from ID --to ID | --all | --resume) [options]

Executes tasks of the spec .kiro/specs/NAME with the agent. Each task is marked [-] while it runs and
[x] only when verification passes (agent.verifyCommand, else the last test command the agent ran).

Options:
  --task ID              one task (a task with sub-tasks runs its open sub-tasks)
  --from ID --to ID      top-level tasks ID through ID
  --all                  every open task (optional * tasks only with --include-optional)
  --resume               pick up what the last stopped or failed run of NAME did not finish
  --autonomy LEVEL       cautious | balanced | full (default: agent.autonomyLevel)
  --mode MODE            interactive | supervised | autonomous (default: agent.mode)
  --yes                  approve what the policy asks about (denials still hold)
  --agent NAME           a custom agent does the work (.kiro/agents/NAME.json|.md, ~/.kiro/agents/):
                         its prompt and resources, its tools, its model, its rules over the policy;
                         the workspace's agents load with --trust or in a trusted workspace
  --model M              model name (default: the agent's, SPECWRIGHT_MODEL, settings, then the built-in default)
  --max-turns N          model turns per task (default: agent.maxTurns)
  --budget LIMIT         per-task limit: dollars (0.50) or tokens (150k, 200000tok)
  --compact-at SHARE     summarise older steps once a request reaches this share of the
                         model's context window: 70% or 0.7 (default: agent.compactAt, 80%)
  --include-optional     run optional (*) tasks too
  --pause                ask before each next top-level task
  --parallel [N]         run top-level tasks side by side as their _Depends: 1, 2.1_ lines allow (a
                         task without one waits for the task before it), up to N at once (default:
                         agents.maxParallel, 6); each works in a git worktree of its own under
                         .kiro/.specwright/worktrees and is merged back when it is done; a task whose
                         work conflicts runs again on the merged workspace, and if it conflicts
                         again is stopped, nothing of it merged, its worktree kept
  --trust                let this workspace's hooks (.kiro/hooks) run, start its MCP servers
                         (.kiro/settings/mcp.json) and apply what its settings ask for (a higher
                         autonomy level, allowed commands…) without asking, for this run; on a
                         terminal you are asked about its settings instead, and your answer is kept
                         outside the repository
  --json                 one ActivityEvent per line on stdout
  --verbose              show thinking and per-step usage
  --replay FILE          answer with a recorded model conversation instead of calling a model (offline demo)

Exit codes: 0 every requested task done; 1 a task failed or the run stopped; 2 usage or configuration error.`;

export const agentRunCommand: CommandDefinition = {
  name: 'run',
  summary: 'execute spec tasks with the agent',
  usage,
  run: async (args, ctx) => {
    const options = parseRunArgs(args);
    const agent = cliAgentService(ctx, { yes: options.yes, trust: options.trust, interactive: options.mode === 'interactive', mcp: await cliMcpPorts(ctx, { trust: options.trust }) });
    const selection = options.resume ? await resumeSelection(ctx, agent, options.spec) : { selection: options.selection };
    if (!selection) return ExitCode.ok;
    let turnModel: TurnModel | undefined;
    if (options.replay) {
      turnModel = await replayModelFromFile(options.replay);
      if (!options.json) ctx.stdout(`Replaying a recorded run from ${options.replay}: no model is called and nothing is billed.\n`);
    }

    let prepared;
    try {
      await loadSpec(ctx.workspace, options.spec);
      // Asks on a terminal about what the workspace's settings ask for; prepare then reads the answer.
      await workspaceSettings(ctx, { trust: options.trust, ask: !options.json, warnings: false });
      prepared = await agent.prepare({
        workspace: ctx.workspace,
        ...(options.autonomy ? { autonomy: options.autonomy } : {}),
        ...(options.mode ? { mode: options.mode } : {}),
        ...(options.model ? { model: options.model } : {}),
        ...(options.agent !== undefined ? { agent: options.agent } : {}),
        ...(turnModel ? { turnModel } : {}),
      });
    } catch (error) {
      if (error instanceof ModelError || error instanceof SettingsError) throw UsageError.from(error);
      if (error instanceof AgentNotFound) throw new UsageError(`--agent: ${error.message}${error.why?.includes('not trusted') ? ' Pass --trust to load the workspace’s agents.' : ''}`);
      throw error;
    }
    const printer = options.json ? (event: ActivityEvent) => ctx.stdout(JSON.stringify(event) + '\n') : createActivityPrinter(ctx, { verbose: options.verbose });
    const request: RunRequest = {
      spec: options.spec,
      selection: selection.selection,
      signal: ctx.signal,
      onEvent: printer,
      ...(options.maxTurns ? { maxTurns: options.maxTurns } : {}),
      ...(options.budget ? { budget: options.budget } : {}),
      ...(options.compactAt !== undefined ? { compactAt: options.compactAt } : {}),
      ...(options.includeOptional ? { includeOptional: true } : {}),
      ...(options.pause ? { pauseBetweenTasks: true } : {}),
      ...(options.parallel !== undefined ? { parallel: options.parallel === 'default' ? {} : { limit: options.parallel } } : {}),
      ...('note' in selection ? { resumeNote: selection.note } : {}),
    };
    try {
      const outcome = await agent.start(prepared, request).finished;
      if (!options.json) {
        ctx.stdout(`Run log: ${outcome.logFile}\n`);
        if (outcome.outcome !== 'completed') ctx.stdout(await nextSteps(ctx, agent, options.spec));
      }
      return outcome.outcome === 'completed' ? ExitCode.ok : ExitCode.failure;
    } catch (error) {
      if (error instanceof TaskSelectionError) throw new UsageError(error.message);
      if (error instanceof ModelError && ['no_api_key', 'auth_failed', 'model_not_found', 'endpoint_unreachable', 'invalid_config', 'permission_denied'].includes(error.code)) {
        ctx.stderr(`specwright: ${error.message}${error.remedy ? ` ${cliRemedyText(error.remedy)}` : ''}\n`);
        return ExitCode.usage;
      }
      throw error;
    }
  },
};

interface RunArgs {
  spec: string;
  selection: TaskSelection;
  resume: boolean;
  autonomy?: AutonomyLevel;
  mode?: AgentMode;
  yes: boolean;
  json: boolean;
  verbose: boolean;
  model?: string;
  agent?: string;
  maxTurns?: number;
  budget?: { maxTokens?: number; maxCostUsd?: number };
  compactAt?: number;
  includeOptional: boolean;
  pause: boolean;
  /** `--parallel` alone: the settings' limit. */
  parallel?: number | 'default';
  trust: boolean;
  replay?: string;
}

function parseRunArgs(args: string[]): RunArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: parallelValue(args),
      allowPositionals: true,
      options: {
        task: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        all: { type: 'boolean', default: false },
        resume: { type: 'boolean', default: false },
        autonomy: { type: 'string' },
        mode: { type: 'string' },
        yes: { type: 'boolean', short: 'y', default: false },
        json: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        model: { type: 'string' },
        agent: { type: 'string' },
        'max-turns': { type: 'string' },
        budget: { type: 'string' },
        'compact-at': { type: 'string' },
        'include-optional': { type: 'boolean', default: false },
        pause: { type: 'boolean', default: false },
        parallel: { type: 'string' },
        trust: { type: 'boolean', default: false },
        replay: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}; see "specwright run --help"`);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError('run needs exactly one spec name: specwright run NAME --task ID');
  const picks = [values.task !== undefined, values.from !== undefined || values.to !== undefined, values.all, values.resume].filter(Boolean).length;
  if (picks !== 1) throw new UsageError('say which tasks to run: one of --task ID, --from ID --to ID, --all or --resume');
  if ((values.from === undefined) !== (values.to === undefined)) throw new UsageError('--from and --to go together');
  if (values.parallel !== undefined && values.task !== undefined) throw new UsageError('--parallel runs several top-level tasks side by side: use it with --all, --from ID --to ID or --resume');
  if (values.parallel !== undefined && values.pause) throw new UsageError('--parallel and --pause do not go together: tasks side by side do not wait for each other');
  const selection: TaskSelection = values.task !== undefined ? { kind: 'task', id: values.task } : values.from !== undefined ? { kind: 'range', from: values.from, to: values.to! } : { kind: 'all' };
  return {
    spec: positionals[0]!,
    selection,
    resume: values.resume,
    ...(values.autonomy !== undefined ? { autonomy: oneOf('--autonomy', values.autonomy, ['cautious', 'balanced', 'full'] as const) } : {}),
    ...(values.mode !== undefined ? { mode: oneOf('--mode', values.mode, ['interactive', 'supervised', 'autonomous'] as const) } : {}),
    yes: values.yes,
    json: values.json,
    verbose: values.verbose,
    ...(values.model !== undefined ? { model: values.model } : {}),
    ...(values.agent !== undefined ? { agent: values.agent.trim() } : {}),
    ...(values['max-turns'] !== undefined ? { maxTurns: positiveInt('--max-turns', values['max-turns']) } : {}),
    ...(values.budget !== undefined ? { budget: parseBudget(values.budget) } : {}),
    ...(values['compact-at'] !== undefined ? { compactAt: parseShare('--compact-at', values['compact-at']) } : {}),
    includeOptional: values['include-optional'],
    pause: values.pause,
    ...(values.parallel !== undefined ? { parallel: values.parallel === '' ? 'default' : positiveInt('--parallel', values.parallel) } : {}),
    trust: values.trust,
    ...(values.replay !== undefined ? { replay: values.replay } : {}),
  };
}

/** `--parallel` takes an optional count: alone (or before another flag or the spec name) it gets an empty value. */
function parallelValue(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg !== '--parallel') out.push(arg);
    else if (/^\d+$/.test(args[i + 1] ?? '')) out.push(`--parallel=${args[++i]}`);
    else out.push('--parallel=');
  }
  return out;
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
}

function positiveInt(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a whole number of at least 1 (got "${value}")`);
  return n;
}

/** `70%`, `70` or `0.7`: a share between 0 and 1 (exclusive of 0). */
export function parseShare(flag: string, value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(%?)$/.exec(value.trim());
  const n = match ? Number(match[1]) : NaN;
  const share = match?.[2] || n > 1 ? n / 100 : n;
  if (!(share > 0 && share <= 1)) throw new UsageError(`${flag} must be a share of the context window such as 70% or 0.7 (got "${value}")`);
  return share;
}

/** `0.50` or `$0.50` is dollars; `150k`, `2m`, `200000tok` are tokens. */
export function parseBudget(value: string): { maxTokens?: number; maxCostUsd?: number } {
  const tokens = /^(\d+(?:\.\d+)?)\s*(k|m|tok|tokens)$/i.exec(value.trim());
  if (tokens) {
    const unit = tokens[2]!.toLowerCase();
    const n = Number(tokens[1]) * (unit === 'k' ? 1_000 : unit === 'm' ? 1_000_000 : 1);
    if (n >= 1) return { maxTokens: Math.round(n) };
  }
  const dollars = /^\$?(\d+(?:\.\d+)?)$/.exec(value.trim());
  if (dollars && Number(dollars[1]) > 0) return { maxCostUsd: Number(dollars[1]) };
  throw new UsageError(`--budget must be dollars (0.50) or tokens (150k, 200000tok) (got "${value}")`);
}

async function resumeSelection(ctx: CliContext, agent: AgentService, spec: string): Promise<{ selection: TaskSelection; note: string } | null> {
  const plan = await agent.planResume(ctx.workspace, spec);
  if (plan.kind === 'none') throw new UsageError(`no earlier run of ${spec} to resume (run logs are in .kiro/.specwright/runs)`);
  if (plan.kind === 'finished') {
    ctx.stdout(`The last run of ${spec} (${plan.runId}) finished every task it was asked to; nothing to resume.\n`);
    return null;
  }
  return { selection: plan.selection, note: plan.note };
}

/** After a stop or a failure: resume, discard and restart, or keep the changes and finish by hand. */
async function nextSteps(ctx: CliContext, agent: AgentService, spec: string): Promise<string> {
  const plan = await agent.planResume(ctx.workspace, spec);
  if (plan.kind !== 'resume') return '';
  const id = plan.remaining[0]!.id;
  const lines = [`\nTask ${id} did not finish. Choose how to go on:`, `  resume where it stopped (changes kept):   specwright run ${spec} --resume`];
  if (plan.checkpointBeforeTask) {
    lines.push(`  discard its changes and restart it:       specwright checkpoint restore ${plan.checkpointBeforeTask} && specwright run ${spec} --task ${id}`);
  }
  lines.push(`  keep the changes and finish it by hand:   specwright tasks set ${spec} ${id} done`);
  return lines.join('\n') + '\n';
}
