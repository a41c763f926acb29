import * as readline from 'node:readline';
import { parseArgs } from 'node:util';
import type { ActivityEvent } from '../../core/activity';
import { startAgentRun, prepareRun, type AgentRunRequest } from '../../core/agent/agentRun';
import type { UserInput } from '../../core/agent/ports';
import { listRunLogs, readRunLog, runsDirOf } from '../../core/agent/runLog';
import { reportFromEvents } from '../../core/agent/runReport';
import { TaskSelectionError, type TaskSelection } from '../../core/agent/taskSelection';
import { ModelError } from '../../core/model';
import type { AgentMode, AutonomyLevel } from '../../core/policy/types';
import { SettingsError } from '../../core/settings';
import { loadSpec } from '../../core/spec';
import { runStateDir } from '../../core/checkpoints';
import { TraceRecorder, traceDirOf } from '../../core/trace';
import { createActivityPrinter } from '../activityPrinter';
import { ExitCode, UsageError, type CliContext, type CommandDefinition } from '../io';
import { terminalApprovalGate } from '../terminalApprovals';
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
  --model M              model name (default: SPECWRIGHT_MODEL, settings, then the built-in default)
  --max-turns N          model turns per task (default: agent.maxTurns)
  --budget LIMIT         per-task limit: dollars (0.50) or tokens (150k, 200000tok)
  --compact-at SHARE     summarise older steps once a request reaches this share of the
                         model's context window: 70% or 0.7 (default: agent.compactAt, 80%)
  --include-optional     run optional (*) tasks too
  --pause                ask before each next top-level task
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
    const selection = options.resume ? await resumeSelection(ctx, options.spec) : { selection: options.selection };
    if (!selection) return ExitCode.ok;
    const request: AgentRunRequest = {
      workspace: ctx.workspace,
      spec: options.spec,
      selection: selection.selection,
      approvals: terminalApprovalGate(ctx, { yes: options.yes }),
      signal: ctx.signal,
      env: ctx.env,
      ...(options.autonomy ? { autonomy: options.autonomy } : {}),
      ...(options.mode ? { mode: options.mode } : {}),
      ...(options.model ? { model: options.model } : {}),
      ...(options.maxTurns ? { maxTurns: options.maxTurns } : {}),
      ...(options.budget ? { budget: options.budget } : {}),
      ...(options.compactAt !== undefined ? { compactAt: options.compactAt } : {}),
      ...(options.includeOptional ? { includeOptional: true } : {}),
      ...(options.pause ? { pauseBetweenTasks: true } : {}),
      ...(options.trust ? { trustHooks: true, settingsOptions: { trustWorkspace: true } } : {}),
      ...(ctx.env.HOME ? { home: ctx.env.HOME } : {}),
      ...('note' in selection ? { resumeNote: selection.note } : {}),
      ...(options.mode === 'interactive' ? { userInput: terminalUserInput(ctx) } : {}),
      mcp: await cliMcpPorts(ctx, { trust: options.trust }),
    };
    if (options.replay) {
      request.turnModel = await replayModelFromFile(options.replay);
      if (!options.json) ctx.stdout(`Replaying a recorded run from ${options.replay}: no model is called and nothing is billed.\n`);
    }

    let prepared;
    try {
      await loadSpec(ctx.workspace, options.spec);
      // Asks on a terminal about what the workspace's settings ask for; prepareRun then reads the answer.
      await workspaceSettings(ctx, { trust: options.trust, ask: !options.json, ...(request.home ? { home: request.home } : {}) });
      prepared = await prepareRun(request);
    } catch (error) {
      if (error instanceof ModelError || error instanceof SettingsError) throw new UsageError(error.message);
      throw error;
    }
    const printer = options.json ? (event: ActivityEvent) => ctx.stdout(JSON.stringify(event) + '\n') : createActivityPrinter(ctx, { verbose: options.verbose });
    const seen: ActivityEvent[] = [];
    // What each done task wrote, kept for `spec trace` and `spec drift`.
    const trace = new TraceRecorder({ workspace: ctx.workspace, traceDir: traceDirOf(runStateDir(ctx.workspace)), onProblem: (message) => ctx.stderr(`specwright: note: ${message}\n`) });
    const print = (event: ActivityEvent) => {
      trace.observe(event);
      if (event.type === 'checkpoint_created' || event.type === 'task_finished') seen.push(event);
      printer(event);
    };
    try {
      const outcome = await startAgentRun({ ...request, onEvent: print }, prepared);
      if (!options.json) {
        ctx.stdout(`Run log: ${outcome.logFile}\n`);
        if (outcome.outcome !== 'completed') ctx.stdout(nextSteps(options.spec, seen));
      }
      return outcome.outcome === 'completed' ? ExitCode.ok : ExitCode.failure;
    } catch (error) {
      if (error instanceof TaskSelectionError) throw new UsageError(error.message);
      if (error instanceof ModelError && ['no_api_key', 'auth_failed', 'model_not_found', 'endpoint_unreachable', 'invalid_config', 'permission_denied'].includes(error.code)) {
        ctx.stderr(`specwright: ${error.message}\n`);
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
  maxTurns?: number;
  budget?: { maxTokens?: number; maxCostUsd?: number };
  compactAt?: number;
  includeOptional: boolean;
  pause: boolean;
  trust: boolean;
  replay?: string;
}

function parseRunArgs(args: string[]): RunArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args,
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
        'max-turns': { type: 'string' },
        budget: { type: 'string' },
        'compact-at': { type: 'string' },
        'include-optional': { type: 'boolean', default: false },
        pause: { type: 'boolean', default: false },
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
    ...(values['max-turns'] !== undefined ? { maxTurns: positiveInt('--max-turns', values['max-turns']) } : {}),
    ...(values.budget !== undefined ? { budget: parseBudget(values.budget) } : {}),
    ...(values['compact-at'] !== undefined ? { compactAt: parseShare('--compact-at', values['compact-at']) } : {}),
    includeOptional: values['include-optional'],
    pause: values.pause,
    trust: values.trust,
    ...(values.replay !== undefined ? { replay: values.replay } : {}),
  };
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

async function resumeSelection(ctx: CliContext, spec: string): Promise<{ selection: TaskSelection; note: string } | null> {
  for (const entry of await listRunLogs(runsDirOf(ctx.workspace))) {
    const report = reportFromEvents((await readRunLog(entry.file)).events);
    if (report.spec !== spec) continue;
    if (report.outcome === 'completed' || report.remaining.length === 0) {
      ctx.stdout(`The last run of ${spec} (${report.runId}) finished every task it was asked to; nothing to resume.\n`);
      return null;
    }
    const first = report.remaining[0]!.id;
    const last = report.remaining[report.remaining.length - 1]!.id;
    return {
      selection: first === last ? { kind: 'task', id: first } : { kind: 'range', from: first, to: last },
      note: `This resumes run ${report.runId}, which ended ${report.outcome.replace('_', ' ')}. ${report.summary} Changes it made are still in the workspace: check them before continuing.`,
    };
  }
  throw new UsageError(`no earlier run of ${spec} to resume (run logs are in .kiro/.specwright/runs)`);
}

/** After a stop or a failure: resume, discard and restart, or keep the changes and finish by hand. */
function nextSteps(spec: string, events: ActivityEvent[]): string {
  const unfinished = [...events].reverse().find((e) => e.type === 'task_finished' && e.status !== 'done');
  if (unfinished?.type !== 'task_finished') return '';
  const id = unfinished.task.id;
  const checkpoint = events.find((e) => e.type === 'checkpoint_created' && e.task === id);
  const lines = [`\nTask ${id} did not finish. Choose how to go on:`, `  resume where it stopped (changes kept):   specwright run ${spec} --resume`];
  if (checkpoint?.type === 'checkpoint_created') {
    lines.push(`  discard its changes and restart it:       specwright checkpoint restore ${checkpoint.checkpointId} && specwright run ${spec} --task ${id}`);
  }
  lines.push(`  keep the changes and finish it by hand:   specwright tasks set ${spec} ${id} done`);
  return lines.join('\n') + '\n';
}

function terminalUserInput(ctx: CliContext): UserInput {
  return {
    nextMessage: (signal) =>
      new Promise((resolve) => {
        if (!ctx.stdin?.isTTY) return resolve(null);
        const rl = readline.createInterface({ input: ctx.stdin, output: process.stderr, terminal: true });
        signal.addEventListener('abort', () => rl.close(), { once: true });
        rl.question('you (empty line to finish)> ', (answer) => {
          rl.close();
          resolve(answer.trim() ? answer : null);
        });
      }),
  };
}
