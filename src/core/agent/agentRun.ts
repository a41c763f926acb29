import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ActivityStream, type ActivityEmitter, type ActivityEvent } from '../activity';
import { readHookSettings, startWorkspaceHooks, type WorkspaceHooks } from '../hooks';
import { CheckpointStore, ensureRunStateIgnored, openWorkspaceCheckpointStore } from '../checkpoints';
import { createMcpToolBox, McpHub, RESOURCES_TOOL, SEARCH_TOOL, type McpHubOptions, type McpToolBox } from '../mcp';
import { createModelProvider } from '../model';
import type { PolicyEngine } from '../policy';
import type { AgentMode, AutonomyLevel } from '../policy/types';
import { looksLikeTestCommand, runCommand } from '../process';
import { hasKnowledgeBases } from '../knowledge';
import { prepareSandbox, type Sandbox } from '../sandbox';
import { loadSettings, type LoadSettingsOptions, type Settings, type WorkspaceSettingsRequest } from '../settings';
import { loadSteering, steeringForContext } from '../steering';
import type { ApprovalGate } from './approvals';
import type { Budget } from './budget';
import type { AgentHooks, TurnModel, UserInput } from './ports';
import { RunLog, runsDirOf } from './runLog';
import { workspaceSpecAccess } from './specAccess';
import { runPrompt } from './promptRun';
import { sandboxedPolicy } from './sandboxedPolicy';
import { runTasks, type CheckpointPort, type RunOutcome } from './taskRunner';
import type { TaskSelection } from './taskSelection';
import { composeToolBoxes, createToolset } from './tools';

export interface AgentRunRequest {
  workspace: string;
  spec: string;
  selection: TaskSelection;
  approvals: ApprovalGate;
  signal: AbortSignal;
  autonomy?: AutonomyLevel;
  mode?: AgentMode;
  /** --model; otherwise SPECWRIGHT_MODEL, then settings, then the default. */
  model?: string;
  maxTurns?: number;
  budget?: Budget;
  /** --compact-at: share of the context window (0–1) at which older steps are summarised. */
  compactAt?: number;
  includeOptional?: boolean;
  pauseBetweenTasks?: boolean;
  /** The key from the host's secret storage; otherwise ANTHROPIC_API_KEY. */
  apiKey?: string;
  /** The host's own stream idle timeout (a VS Code setting); otherwise `model.streamIdleTimeoutSeconds`. */
  streamIdleTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  /** A ready model (a recorded replay, a test double); skips building the Anthropic provider. */
  turnModel?: TurnModel;
  /** Checkpoint store; by default the CLI-mode store in `.kiro/.specwright/checkpoints`. False: none. */
  checkpoints?: CheckpointStore | false;
  /** Where run logs go; by default `.kiro/.specwright/runs`. */
  runsDir?: string;
  userInput?: UserInput;
  resumeNote?: string;
  onEvent?: (event: ActivityEvent) => void;
  /** Home folder for user-level steering and hook trust (tests point it elsewhere). */
  home?: string;
  /**
   * Whether workspace hooks may run: the extension passes VS Code's Workspace Trust, the CLI its
   * --trust flag. Either way the user's own trusted-workspace settings also count.
   */
  trustHooks?: boolean;
  /**
   * The host's own long-lived hook dispatcher (the extension's, fed by the editor): the run reports
   * its agent events and writes there instead of starting a dispatcher of its own.
   */
  hooks?: AgentHooks;
  /**
   * Called once the run's event stream exists. A host whose own dispatcher is passed as `hooks`
   * reports that dispatcher's events (hook runs, their commands) into it, so they land in the run's
   * log in order with the run.
   */
  onRunStream?: (stream: ActivityEmitter) => void;
  /**
   * The workspace's MCP servers as tools for the run, with the host's way of approving workspace
   * servers (and of signing in to remote ones). Without it the run offers no MCP tools.
   */
  mcp?: Pick<McpHubOptions, 'approvals' | 'oauth' | 'approvalStore' | 'logDir' | 'restart'>;
  /**
   * A long-lived host's sandbox (kept and disposed by the host). Without it the run prepares its
   * own from `workspace`, `home` and `env` (SPECWRIGHT_SANDBOX) and disposes it at the end.
   */
  sandbox?: Sandbox;
  /**
   * How settings are read: the host's own layers (VS Code settings), and whether what the workspace
   * asks for applies without a stored confirmation (the CLI's --trust). The home is `home`.
   */
  settingsOptions?: Omit<LoadSettingsOptions, 'home'>;
}

/** What building the model and policy reads from a request (agent hooks build them without a task). */
export type ModelAndPolicyRequest = Pick<AgentRunRequest, 'workspace' | 'turnModel' | 'model' | 'apiKey' | 'streamIdleTimeoutMs' | 'env' | 'autonomy' | 'mode' | 'home' | 'sandbox' | 'settingsOptions'>;

export interface PreparedRun {
  settings: Settings;
  settingsWarnings: string[];
  /** What the workspace's settings ask for beyond the user's (applied only if confirmed or trusted). */
  workspaceRequest: WorkspaceSettingsRequest | null;
  model: TurnModel;
  policy: PolicyEngine;
  /** Where every command of the run executes; its status is told in the run header. */
  sandbox: Sandbox;
  /** Call when the run is over (a sandbox the request brought is left to its owner). */
  release(): Promise<void>;
}

/** Everything a run needs that can fail on configuration, resolved before any work starts. */
export async function prepareRun(request: ModelAndPolicyRequest): Promise<PreparedRun> {
  // A workspace's "sandbox" settings are dropped (with a warning) by loadSettings: only the user's own apply.
  const { settings, warnings, workspaceRequest } = await loadSettings(request.workspace, { ...request.settingsOptions, ...(request.home ? { home: request.home } : {}) });
  const sandbox = request.sandbox ?? (await prepareSandbox({ workspace: request.workspace, ...(request.home ? { home: request.home } : {}), env: request.env ?? process.env }));
  const model =
    request.turnModel ??
    createModelProvider({
      ...(request.model ? { model: request.model } : {}),
      ...(request.apiKey ? { apiKey: request.apiKey } : {}),
      ...(request.streamIdleTimeoutMs !== undefined ? { streamIdleTimeoutMs: request.streamIdleTimeoutMs } : {}),
      settings: settings.model,
      env: request.env ?? process.env,
    });
  const policy = await sandboxedPolicy(
    {
      settings,
      workspaceRoot: request.workspace,
      ...(request.autonomy ? { autonomyLevel: request.autonomy } : {}),
      ...(request.mode ? { mode: request.mode } : {}),
    },
    sandbox.status.state,
  );
  const release = request.sandbox ? async () => {} : () => sandbox.dispose();
  return { settings, settingsWarnings: warnings, workspaceRequest, model, policy, sandbox, release };
}




/**
 * Runs tasks of a spec the way both hosts do: settings, policy, model, tools, steering, checkpoints
 * and the run log wired together around the TaskRunner.
 */
export async function startAgentRun(request: AgentRunRequest, prepared?: PreparedRun): Promise<RunOutcome & { logFile: string }> {
  // MCP servers start while the rest is prepared: their tools must be known by the first request.
  const mcp = request.mcp ? startRunMcp(request, request.mcp) : null;
  // Awaited later; a failure before then is still reported there, not as an unhandled rejection.
  mcp?.catch(() => undefined);
  let ready: PreparedRun | undefined;
  try {
    ready = prepared ?? (await prepareRun(request));
    return await runWithTools(request, ready, mcp);
  } finally {
    await mcp?.then(({ hub }) => hub.close(), () => undefined);
    await ready?.release();
  }
}

async function runWithTools(request: AgentRunRequest, { settings, model, policy, sandbox }: PreparedRun, mcp: Promise<RunMcp> | null): Promise<RunOutcome & { logFile: string }> {
  const agent = settings.agent;
  const steering = await loadSteering(request.workspace, request.home ? { home: request.home } : {});
  const store = request.checkpoints === false ? null : request.checkpoints ?? (await openWorkspaceCheckpointStore(request.workspace, checkpointLimits(settings)));
  await ensureRunStateIgnored(request.workspace, store ?? undefined);
  const stream = new ActivityStream(newRunId());
  const log = new RunLog(request.runsDir ?? runsDirOf(request.workspace), stream.runId);
  const recording: Promise<void>[] = [];
  // MCP tools act outside the agent's own file tools: like a command, one may have changed any file.
  let actsOnTree = (_tool: string) => false;
  stream.subscribe((event) => {
    log.append(event);
    if (store) recording.push(trackAgentChange(store, request.workspace, event, actsOnTree));
    request.onEvent?.(event);
  });
  request.onRunStream?.(stream);
  const commandTimeoutMs = agent.commandTimeoutSeconds * 1000;
  const builtin = createToolset({ commandTimeoutMs, sandbox, knowledge: await hasKnowledgeBases(request.workspace) });
  const runMcp = await mcp;
  const tools = runMcp ? composeToolBoxes(builtin, runMcp.tools) : builtin;
  if (runMcp) {
    actsOnTree = (tool) => tool !== SEARCH_TOOL && tool !== RESOURCES_TOOL && runMcp.tools.handles!(tool);
    // What the servers reported while starting is logged after run_started, and live from then on.
    const unsubscribe = stream.subscribe((event) => {
      if (event.type !== 'run_started') return;
      unsubscribe();
      runMcp.hub.setActivitySink((e) => stream.emit(e));
    });
  }
  const hooks = request.hooks ? null : await startRunHooks(request, policy, sandbox, stream, (prompt, parentId, signal) =>
    runPrompt({ workspace: request.workspace, prompt, model, tools, policy, approvals: request.approvals, stream: stream.child(parentId), signal, maxTurns: agent.maxTurns }),
  );

  const outcome = await runTasks(
    {
      workspace: request.workspace,
      sandbox: sandbox.status,
      // Status marks are Specwright's own writes: a restore must not take them for the user's.
      spec: workspaceSpecAccess(request.workspace, request.spec, store ?? undefined),
      model,
      tools,
      policy,
      approvals: request.approvals,
      steering: steeringForContext(steering.docs),
      autonomy: policy.autonomyLevel,
      mode: policy.mode,
      maxTurns: request.maxTurns ?? agent.maxTurns,
      selfCorrectionAttempts: agent.selfCorrectionAttempts,
      context: {
        compactAt: request.compactAt ?? agent.compactAt,
        ...(settings.model.contextWindow ? { contextWindow: settings.model.contextWindow } : {}),
      },
      budget: { ...agent.budget, ...request.budget },
      ...(agent.verifyCommand ? { verifyCommand: agent.verifyCommand } : {}),
      runVerification: async (command, signal) => {
        const result = await runCommand({ command, cwd: request.workspace, timeoutMs: commandTimeoutMs, signal, sandbox });
        const note = result.sandboxed && result.exitCode !== 0 ? sandbox.explainFailure(result.output) : null;
        return { command, exitCode: result.exitCode, output: note ? `${result.output.trimEnd()}\n${note}` : result.output };
      },
      isTestCommand: looksLikeTestCommand,
      ...(store ? { checkpoints: checkpointPort(store) } : {}),
      ...(request.userInput ? { userInput: request.userInput } : {}),
      ...(request.pauseBetweenTasks ? { pauseBetweenTasks: true } : {}),
      ...(request.includeOptional ? { includeOptional: true } : {}),
      ...(request.resumeNote ? { resumeNote: request.resumeNote } : {}),
      stream,
      ...(request.hooks ? { hooks: request.hooks } : hooks ? { hooks: hooks.dispatcher } : {}),
    },
    request.selection,
    request.signal,
  ).finally(async () => {
    // Post* hooks of the last task may still be running: let them finish (each has its timeout),
    // unless the user stopped the run.
    if (hooks && !request.signal.aborted) await hooks.dispatcher.whenIdle();
    await hooks?.close();
    // The CLI exits right after: what the agent changed must be on record for a later restore.
    await Promise.allSettled(recording);
  });
  return { ...outcome, logFile: log.file };
}

/**
 * Hooks for the length of a run: agent events and the agent's own writes fire them (the file
 * watcher belongs to the long-lived hosts: the extension and `hooks watch`). Untrusted: none.
 */
async function startRunHooks(
  request: AgentRunRequest,
  policy: PolicyEngine,
  sandbox: Sandbox,
  stream: ActivityStream,
  runAgentPrompt: (prompt: string, parentId: string, signal: AbortSignal) => Promise<{ ok: boolean; output: string }>,
): Promise<WorkspaceHooks | null> {
  const settings = await readHookSettings(request.workspace, request.home ? { home: request.home } : {});
  if (!request.trustHooks && !settings.trusted) return null;
  let approvals = 0;
  return startWorkspaceHooks({
    workspace: request.workspace,
    trusted: true,
    watch: false,
    debounceMs: settings.debounceMs,
    sandbox,
    ...(request.home ? { home: request.home } : {}),
    commandPolicy: (command, cwd, env) => policy.evaluate({ kind: 'command', command, cwd, ...(env ? { env } : {}) }),
    approve: async ({ hook, command, reason }, signal) => {
      const approvalId = `${stream.runId}-hook${++approvals}`;
      const action = { kind: 'hook command', detail: `${hook}: ${command}` };
      stream.emit({ type: 'approval_requested', approvalId, action, reason });
      const answer = await request.approvals.request({ approvalId, action, reason }, signal);
      stream.emit({ type: 'approval_resolved', approvalId, outcome: answer.outcome });
      return answer.outcome !== 'rejected';
    },
    runAgentPrompt: (prompt, event, signal) => runAgentPrompt(prompt, `hook:${event.hook}`, signal),
    emit: (event) => stream.emit(event),
  });
}

interface RunMcp {
  hub: McpHub;
  tools: McpToolBox;
}

async function startRunMcp(request: AgentRunRequest, options: NonNullable<AgentRunRequest['mcp']>): Promise<RunMcp> {
  const hub = await McpHub.open({ ...options, workspace: request.workspace, ...(request.home ? { home: request.home } : {}), env: request.env ?? process.env });
  try {
    return { hub, tools: await createMcpToolBox(hub, { signal: request.signal }) };
  } catch (error) {
    await hub.close();
    throw error;
  }
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

function checkpointLimits(settings: Settings) {
  const limits = settings.checkpoints;
  return {
    ...(limits.maxFileSizeBytes ? { maxFileBytes: limits.maxFileSizeBytes } : {}),
    ...(limits.maxStorageBytes ? { maxStorageBytes: limits.maxStorageBytes } : {}),
  };
}

function newRunId(): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${Math.random().toString(36).slice(2, 8)}`;
}
