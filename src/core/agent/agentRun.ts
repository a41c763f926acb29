import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ActivityEvent, ActivityStream, SandboxSummary } from '../activity';
import type { ApprovalGate } from '../approvals';
import { ensureRunStateIgnored, type CheckpointStore } from '../checkpoints';
import { readHookSettings, type WorkspaceHooks } from '../hooks';
import { looksLikeTestCommand, runCommand } from '../process';
import { tightestBudget, type Budget } from './budget';
import { agentSteering, gatherContext, type ContextProvider } from './context';
import type { HostPorts } from './hostPorts';
import type { ActionPolicy, AgentHooks, ToolBox, UserInput } from './ports';
import type { SessionWiring } from './subagentLauncher';
import type { SubagentLanes } from '../subagents';
import type { PreparedAgent } from './prepare';
import { RunLog } from '../runs';
import type { Sandbox } from '../sandbox';
import { TraceRecorder } from '../trace';
import { collectUsage } from '../usage';
import { agentHookDefinitions, bothHooks, startAgentHooks } from './agentHooks';
import { startHooks, type HookWiring } from './runHooks';
import { workspaceSpecAccess } from './specAccess';
import { workspaceTaskCopies } from './taskCopies';
import type { RunControl } from './runControl';
import { runTasks, type CheckpointPort, type RunOutcome } from './taskRunner';
import type { TaskSelection } from './taskSelection';

export interface RunRequest {
  spec: string;
  selection: TaskSelection;
  /** Stops the run when aborted (as the handle's stop() does). */
  signal?: AbortSignal;
  /** Who answers this run's questions (the extension: the run's panel); default the host's. */
  approvals?: ApprovalGate;
  /** Where this run's Interactive messages come from; default the host's. */
  userInput?: UserInput;
  /** Model turns per task; default `agent.maxTurns`. */
  maxTurns?: number;
  /** Per-task limits over the settings' and the host's. */
  budget?: Budget;
  /** Share of the context window (0–1) at which older steps are summarised; default `agent.compactAt`. */
  compactAt?: number;
  includeOptional?: boolean;
  /** Ask before each next top-level task. */
  pauseBetweenTasks?: boolean;
  /** For a resumed run: what the interrupted attempt did (see planResume). */
  resumeNote?: string;
  /** Tools beyond the built-in ones (an MCP hub's), offered after them. */
  toolBoxes?: ToolBox[];
  /** Context beyond the workspace's steering. */
  context?: ContextProvider[];
  /** Every event of the run, as it is logged. */
  onEvent?: (event: ActivityEvent) => void;
  /**
   * Top-level tasks run side by side as their `_Depends:_` lines allow, each in a git worktree of
   * its own, merged back as it finishes; up to `limit` at once (default `agents.maxParallel`).
   */
  parallel?: { limit?: number };
}

export interface RunResult extends RunOutcome {
  logFile: string;
}

/** What the run needs from the service around it: its tools, its policy, and hooks wired to its own model and policy. */
export interface RunServices {
  tools(prepared: PreparedAgent, extra: readonly ToolBox[], session: SessionWiring): Promise<ToolBox>;
  /** The policy as the run's agent sees it (a custom agent's rules over the settings'). */
  policy(prepared: PreparedAgent): ActionPolicy;
  /** Where the run's sub-agents can be stopped one by one. */
  lanes: SubagentLanes;
  hookWiring(prepared: PreparedAgent, tools: ToolBox, approvals: ApprovalGate, stream: ActivityStream): Promise<HookWiring>;
}

/**
 * One run of a spec's tasks, wired the same for every host: the run log and the checkpoints listen
 * to its stream, hooks see its events (the host's dispatcher, else hooks of its own when the
 * workspace is trusted), MCP servers add their tools, and the TaskRunner does the work. Releases
 * what was prepared for it when it ends.
 */
export async function executeRun(ports: HostPorts, services: RunServices, prepared: PreparedAgent, request: RunRequest, stream: ActivityStream, signal: AbortSignal, control?: RunControl): Promise<RunResult> {
  try {
    return await runWithTools(ports, services, prepared, request, stream, signal, control);
  } finally {
    await prepared.release();
  }
}

async function runWithTools(ports: HostPorts, services: RunServices, prepared: PreparedAgent, request: RunRequest, stream: ActivityStream, signal: AbortSignal, control?: RunControl): Promise<RunResult> {
  const { workspace, settings, sandbox } = prepared;
  const policy = services.policy(prepared);
  const agent = settings.agent;
  const store = await ports.storage.checkpoints(workspace, settings);
  await ensureRunStateIgnored(workspace, store ?? undefined);
  const runsDir = ports.storage.runsDir(workspace);
  // The settings' limits and the host's standing ones, the lower of each; what the request itself asks (a flag) wins.
  const budget: Budget = { ...tightestBudget(agent.budget, ports.preferences?.().budget ?? {}), ...request.budget };
  // Read before this run's log exists, so what it spends is not counted twice.
  const spentTodayUsd = budget.maxCostUsdPerDay === undefined ? 0 : await spentToday(ports, workspace, runsDir);
  const log = new RunLog(runsDir, stream.runId);
  const recording: Promise<void>[] = [];
  // MCP tools act outside the agent's own file tools: like a command, one may have changed any file.
  let actsOnTree = (_tool: string) => false;
  // Synchronous, in the listener: the workspace is still exactly as the task left it.
  const trace = ports.storage.traceDir ? new TraceRecorder({ workspace, traceDir: await ports.storage.traceDir(workspace), onProblem: (message) => ports.notices.warn(message) }) : null;
  stream.subscribe((event) => {
    log.append(event);
    trace?.observe(event);
    if (store) recording.push(trackAgentChange(store, workspace, event, actsOnTree));
    request.onEvent?.(event);
  });
  const approvals = request.approvals ?? ports.approvals;
  const userInput = request.userInput ?? ports.userInput;
  const runMcp = await prepared.mcp;
  const tools = await services.tools(prepared, [...(runMcp ? [runMcp.tools] : []), ...(request.toolBoxes ?? [])], { runId: stream.runId, approvals, lanes: services.lanes });
  if (runMcp) {
    actsOnTree = runMcp.actsOnTree;
    // What the servers reported while starting is logged after run_started, and live from then on.
    const unsubscribe = stream.subscribe((event) => {
      if (event.type !== 'run_started') return;
      unsubscribe();
      runMcp.hub.setActivitySink((e) => stream.emit(e));
    });
  }
  const commandTimeoutMs = agent.commandTimeoutSeconds * 1000;
  const hostHooks = ports.hooks?.dispatcherFor(workspace);
  const ownHooks = hostHooks ? null : await startOwnHooks(ports, workspace, await services.hookWiring(prepared, tools, approvals, stream), stream);
  // The custom agent's own hooks (its file's `hooks`) run beside the workspace's, for this run only.
  const agentHookList = prepared.profile?.hooks ? agentHookDefinitions(prepared.profile.name, prepared.profile.hooks.file, prepared.profile.hooks.specs) : [];
  const agentHooks = agentHookList.length ? startAgentHooks(workspace, agentHookList, await services.hookWiring(prepared, tools, approvals, stream), (event) => stream.emit(event)) : null;
  const hooks: AgentHooks | undefined = bothHooks(hostHooks ?? ownHooks?.dispatcher, agentHooks ?? undefined);
  const providers = request.context ?? [];
  const steering = await agentSteering(workspace, settings, ports.home);
  if (hostHooks) ports.hooks!.attachRun(stream);
  try {
    const outcome = await runTasks(
      {
        workspace,
        sandbox: await sandboxSummary(sandbox),
        // Status marks are Specwright's own writes: a restore must not take them for the user's.
        spec: workspaceSpecAccess(workspace, request.spec, store ?? undefined),
        model: prepared.model,
        tools,
        policy,
        approvals,
        steering,
        contextDocs: (task) => gatherContext(providers, { workspace, task }),
        ...(prepared.profile ? { profile: prepared.profile } : {}),
        autonomy: prepared.policy.autonomyLevel,
        mode: prepared.policy.mode,
        maxTurns: request.maxTurns ?? agent.maxTurns,
        selfCorrectionAttempts: agent.selfCorrectionAttempts,
        context: {
          compactAt: request.compactAt ?? agent.compactAt,
          ...(settings.model.contextWindow ? { contextWindow: settings.model.contextWindow } : {}),
        },
        budget,
        spentTodayUsd,
        ...(agent.verifyCommand ? { verifyCommand: agent.verifyCommand } : {}),
        runVerification: async (command, verifySignal) => {
          const result = await runCommand({ command, cwd: workspace, timeoutMs: commandTimeoutMs, signal: verifySignal, sandbox });
          const note = result.sandboxed && result.exitCode !== 0 ? sandbox.explainFailure(result.output) : null;
          return { command, exitCode: result.exitCode, output: note ? `${result.output.trimEnd()}\n${note}` : result.output };
        },
        isTestCommand: looksLikeTestCommand,
        ...(store ? { checkpoints: checkpointPort(store) } : {}),
        ...(userInput ? { userInput } : {}),
        ...(request.pauseBetweenTasks ? { pauseBetweenTasks: true } : {}),
        ...(request.includeOptional ? { includeOptional: true } : {}),
        ...(request.resumeNote ? { resumeNote: request.resumeNote } : {}),
        stream,
        ...(control ? { control } : {}),
        ...(hooks ? { hooks } : {}),
        ...(request.parallel
          ? {
              sideBySide: workspaceTaskCopies({
                ports,
                prepared,
                spec: request.spec,
                runId: stream.runId,
                limit: request.parallel.limit ?? settings.agents.maxParallel,
                approvals,
                lanes: services.lanes,
                extraTools: [...(runMcp ? [runMcp.tools] : []), ...(request.toolBoxes ?? [])],
                tools: services.tools,
                policy: services.policy,
                store,
              }),
            }
          : {}),
      },
      request.selection,
      signal,
    );
    return { ...outcome, logFile: log.file };
  } finally {
    if (hostHooks) ports.hooks!.attachRun(null);
    // Post* hooks of the last task may still be running: let them finish (each has its timeout),
    // unless the user stopped the run.
    if (ownHooks && !signal.aborted) await ownHooks.dispatcher.whenIdle();
    await ownHooks?.close();
    if (agentHooks && !signal.aborted) await agentHooks.whenIdle();
    await agentHooks?.dispose();
    // The CLI exits right after: what the agent changed must be on record for a later restore.
    await Promise.allSettled(recording);
  }
}

/**
 * Hooks for the length of a run: agent events and the agent's own writes fire them (the file
 * watcher belongs to the long-lived hosts: the extension and `hooks watch`). Untrusted: none.
 */
async function startOwnHooks(ports: HostPorts, workspace: string, wiring: HookWiring, stream: ActivityStream): Promise<WorkspaceHooks | null> {
  const settings = await readHookSettings(workspace, ports.home !== undefined ? { home: ports.home } : {});
  if (!ports.trust.hooksAllowed(workspace) && !settings.trusted) return null;
  return startHooks({ workspace, watch: false, emit: (event) => stream.emit(event) }, wiring);
}

/**
 * Cost of every model call on record since local midnight: the run logs beside this run's and the
 * usage ledger (hooks, spec writing, commit messages outside runs) of the same host.
 */
export async function spentToday(ports: HostPorts, workspace: string, runsDir: string): Promise<number> {
  const midnight = new Date();
  midnight.setHours(0, 0, 0, 0);
  const ledger = await ports.storage.usageLedger?.(workspace);
  const stateDirs = [path.dirname(runsDir), ...(ledger ? [path.dirname(ledger.file)] : [])];
  const { records } = await collectUsage(stateDirs, { since: midnight });
  return records.reduce((sum, record) => sum + record.usage.costUsd, 0);
}

/** The run header's word on the sandbox: its status, and what it hides and keeps read-only here. */
async function sandboxSummary(sandbox: Sandbox): Promise<SandboxSummary> {
  const notes = await sandbox.describeLayout();
  return { ...sandbox.status, ...(notes.length ? { notes } : {}) };
}

function checkpointPort(store: CheckpointStore): CheckpointPort {
  return {
    async create(task, reason) {
      const checkpoint = await store.create({ task, reason });
      return { id: checkpoint.id, files: checkpoint.files };
    },
  };
}

/**
 * Tells the checkpoint store which changes are the agent's, so a later restore can tell them from
 * the user's own edits. Commands (and MCP tools) may touch any file, so after one the whole tree counts
 * as the agent's.
 */
async function trackAgentChange(store: CheckpointStore, workspace: string, event: ActivityEvent, actsOnTree: (tool: string) => boolean): Promise<void> {
  // The store queues operations in call order, so these land before any later checkpoint.
  if (event.type === 'command_finished' || (event.type === 'tool_result' && actsOnTree(event.tool))) return store.recordAgentStep().catch(() => undefined);
  if (event.type !== 'file_written') return;
  let content: Buffer | null = null;
  try {
    if (event.change !== 'deleted') content = readFileSync(path.join(workspace, event.path));
  } catch {
    return;
  }
  return store.recordAgentWrite(event.path, content).catch(() => undefined);
}
