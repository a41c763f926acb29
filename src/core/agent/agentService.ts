import { randomBytes } from 'node:crypto';
import { ActivityStream, formatCost, formatTokenCount, type ActivityEmitter, type ActivityEvent, type ActivityEventInput } from '../activity';
import { RunLog } from '../runs';
import { totalTokens } from './budget';
import type { ApprovalGate } from '../approvals';
import { readHookSettings, type WorkspaceHooks } from '../hooks';
import { imageNotes, type ModelImage } from '../images';
import { hasKnowledgeBases } from '../knowledge';
import type { ModelProvider } from '../model';
import type { Sandbox } from '../sandbox';
import { meteredModel, type UsageAttribution } from '../usage';
import { executeRun, spentToday, type RunRequest, type RunResult, type RunServices } from './agentRun';
import { tightestBudget } from './budget';
import type { KnownFile } from '../steering';
import { agentSteering, gatherContext, type ContextProvider } from './context';
import { agentHookDefinitions, startAgentHooks } from './agentHooks';
import type { HostPorts } from './hostPorts';
import type { AgentHooks, EventSink, ToolBox, TurnModel, UserInput } from './ports';
import { modelFor, policyFor, prepareAgent, sandboxFor, settingsFor, type PrepareRequest, type PreparedAgent } from './prepare';
import { toolsFor, type AgentProfile } from './profile';
import { runPrompt, type PromptResult } from './promptRun';
import { planResume, type ResumePlan } from './resume';
import { RunControl } from './runControl';
import { startHooks, type HookWiring, type HooksRequest } from './runHooks';
import { composeToolBoxes, createToolset } from './tools';
import { customAgentsFor } from './customAgents';
import { delegationFor, type SessionWiring } from './subagentLauncher';
import { RunningLanes, type SubagentLanes } from '../subagents';
import type { ActionPolicy } from './ports';
import { executeVerify, type VerifyRequest, type VerifyResult } from './verifyRun';
import { executeSteeringStarters, type SteeringStartersRequest, type SteeringStartersResult } from './steeringStarters';

/**
 * The one way into the agent, for every face (the CLI, the extension, the hook runner, and next
 * custom agents, sub-agents and chat). Built once per host from its HostPorts.
 */
export interface AgentService {
  /** Settings, policy and model for a workspace: everything that can fail on configuration, before any work. */
  prepare(request: PrepareRequest): Promise<PreparedAgent>;
  /**
   * Starts running tasks of a spec; the handle stops it (or one of its sub-agents) and tells when it
   * is over. The run releases `prepared` when it ends.
   */
  start(prepared: PreparedAgent, request: RunRequest): RunHandle;
  /**
   * Checks the code as it is now against a spec's criteria (`spec verify`): a run of its own, whose
   * log holds one `criterion_verdict` per criterion. Releases `prepared` when it ends.
   */
  verify(prepared: PreparedAgent, request: VerifyRequest): VerifyHandle;
  /**
   * Generate Steering Docs: the model surveys the workspace read-only and writes product.md, tech.md
   * and structure.md (those asked for) in `.kiro/steering/`. A run of its own; releases `prepared`.
   */
  generateSteering(prepared: PreparedAgent, request: SteeringStartersRequest): SteeringStartersHandle;
  /** What resuming the newest unfinished run (of `spec`) means. */
  planResume(workspace: string, spec?: string): Promise<ResumePlan>;
  /** A free prompt outside any task: an agent hook's action now, a chat next. `prepared` stays the caller's to release. */
  runPrompt(prepared: PreparedAgent, request: PromptRequest): Promise<PromptResult>;
  /**
   * The model for one-shot calls (spec phases, commit messages, hook drafts), reached as runs reach
   * it. With `use`, each call is recorded in the workspace's usage ledger under what it was for.
   */
  textModel(workspace: string | null, options?: { model?: string; use?: UsageAttribution }): Promise<ModelProvider>;
  /** A workspace's hooks, running with the agent's policy, in a sandbox kept until they close, and the agent for their prompts. */
  startHooks(request: HooksRequest): Promise<WorkspaceHooks>;
  /** Stops everything this service is running (a host shutting down). */
  stopAll(reason?: string): void;
}

export interface RunHandle {
  /** Known at once: the run's log is `<runsDir>/<runId>.jsonl`. */
  readonly runId: string;
  /** Asks the run to stop: the current step ends, the task is marked not done, and the run finishes. */
  stop(reason?: string): void;
  /** Stops one running sub-agent (its lane id, the `subagentId` of its events) and nothing else; false when it is not running. */
  stopSubagent(subagentId: string, reason?: string): boolean;
  /**
   * Asks the task under way to summarise its conversation before its next model request (the
   * panel's Compact Conversation), keeping `focus` in particular; shown as one `context_compacted`
   * step. False when no task is under way.
   */
  compact(focus?: string): boolean;
  /**
   * Resolves when the run is over; its log then ends with `run_finished`. Rejects on an error the run
   * could not handle (after logging it), or on one before it started (an unknown task, say).
   */
  readonly finished: Promise<RunResult>;
}

export interface SteeringStartersHandle {
  readonly runId: string;
  stop(reason?: string): void;
  readonly finished: Promise<SteeringStartersResult>;
}

export interface VerifyHandle {
  /** Known at once: the check's log is `<runsDir>/<runId>.jsonl`. */
  readonly runId: string;
  stop(reason?: string): void;
  /** Rejects before any model call on a spec or task with nothing to verify (VerifyScopeError) or an unknown task. */
  readonly finished: Promise<VerifyResult>;
}

export interface PromptRequest {
  prompt: string;
  /** Images the prompt carries, before its text: already checked (imagesNamedInPrompt for named files, imageFromBytes for pasted ones). */
  images?: readonly ModelImage[];
  signal: AbortSignal;
  /**
   * Where its steps go: folded under `parentId` into a parent's events (a hook's run, a sub-agent's
   * caller). Without one they go to `onEvent` only, under an id of their own; nothing is logged.
   */
  parent?: { sink: EventSink; parentId: string };
  onEvent?: (event: ActivityEvent) => void;
  approvals?: ApprovalGate;
  /** With `mode: 'interactive'`, where the next message comes from after each answer. */
  userInput?: UserInput;
  mode?: 'autonomous' | 'interactive';
  toolBoxes?: ToolBox[];
  /**
   * The workspace's steering follows the prompt as it does a task (always documents, `#name`
   * mentions, fileMatch documents for the files it names and touches, the steering tool); false: none.
   */
  steering?: boolean;
  /** Files the prompt is about beyond those it names: the file open in the active editor. */
  files?: KnownFile[];
  /** Context beyond steering; none by default. */
  context?: ContextProvider[];
  /** Where its sub-agents can be stopped one by one (see RunningLanes). */
  lanes?: SubagentLanes;
  /** Log it as a run of its own in the runs folder (a chat); its result then names the log. Not with `parent`. */
  record?: boolean;
}

export function createAgentService(ports: HostPorts): AgentService {
  const running = new Set<AbortController>();
  const home = ports.home !== undefined ? { home: ports.home } : {};

  /** The host's hook dispatcher reports into this run while it lasts (null: none); its hooks' usage is then in that run's log. */
  let attachedRun: ActivityEmitter | null = null;
  const runPorts: HostPorts = ports.hooks
    ? {
        ...ports,
        hooks: {
          dispatcherFor: (workspace) => ports.hooks!.dispatcherFor(workspace),
          attachRun: (stream) => {
            attachedRun = stream;
            ports.hooks!.attachRun(stream);
          },
        },
      }
    : ports;

  /** The knowledge tool is offered only where a knowledge base exists: others do not pay for its definition. */
  const builtinTools = async (prepared: PreparedAgent): Promise<ToolBox> => {
    const knowledge = await hasKnowledgeBases(prepared.workspace);
    return createToolset({ commandTimeoutMs: prepared.settings.agent.commandTimeoutSeconds * 1000, sandbox: prepared.sandbox, knowledge });
  };

  /**
   * A session's tools as its profile sees them: the built-ins, `use_subagent` (before the other
   * boxes, whose tool lists may grow), then `extra` (MCP). Sub-agents get fresh built-ins and the
   * same `extra`, without `use_subagent`: they do not hand work on.
   */
  const tools = async (prepared: PreparedAgent, extra: readonly ToolBox[], session: SessionWiring): Promise<ToolBox> => {
    const delegation = delegationFor({
      prepared,
      agents: await customAgentsFor(ports, prepared.workspace),
      runId: session.runId,
      approvals: session.approvals,
      ...(session.lanes ? { lanes: session.lanes } : {}),
      baseTools: async () => composeToolBoxes(await builtinTools(prepared), ...extra),
      modelNamed: (model) => modelFor(ports, prepared.settings, model),
      steering: () => agentSteering(prepared.workspace, prepared.settings, ports.home),
      // A custom agent working as a sub-agent brings its own hooks, in its lane.
      runPrompt: (sub) =>
        withProfileHooks(sub.profile, { prepared, tools: sub.tools }, sub.approvals, sub.sink.emit, sub.prompt, sub.signal, (hooks) =>
          runPrompt({
            ...(hooks ? { hooks } : {}),
            workspace: prepared.workspace,
            prompt: sub.prompt,
            model: sub.model,
            tools: sub.tools,
            policy: sub.policy,
            approvals: sub.approvals,
            stream: sub.sink,
            signal: sub.signal,
            maxTurns: prepared.settings.agent.maxTurns,
            steering: sub.steering,
            ...(sub.profile ? { profile: sub.profile } : {}),
            ...(sub.spend
              ? { budget: sub.spend.limits, sharedSpent: sub.spend.others, onSpent: sub.spend.report, ...(sub.spend.elsewhere ? { spentElsewhere: sub.spend.elsewhere } : {}) }
              : {}),
          }),
        ),
    });
    return toolsFor(prepared.profile, composeToolBoxes(await builtinTools(prepared), delegation, ...extra));
  };

  /** A model whose calls are recorded in the workspace's usage ledger, when the host keeps one. */
  const metered = async <M extends TurnModel>(model: M, workspace: string, use: UsageAttribution): Promise<M> => {
    const ledger = await ports.storage.usageLedger?.(workspace);
    return ledger ? meteredModel(model, ledger, use) : model;
  };

  /** `runTools`: a run's own tool box, which its hooks' prompts share. */
  const prompt = async (prepared: PreparedAgent, request: PromptRequest, runTools?: ToolBox, model: TurnModel = prepared.model, sink: EventSink = promptSink(request), hooks?: AgentHooks): Promise<PromptResult> => {
    const approvals = request.approvals ?? ports.approvals;
    return runPrompt({
      ...(hooks ? { hooks } : {}),
      workspace: prepared.workspace,
      prompt: request.prompt,
      ...(request.images?.length ? { images: request.images } : {}),
      model,
      tools: runTools ?? (await tools(prepared, request.toolBoxes ?? [], { runId: sink.runId, approvals, ...(request.lanes ? { lanes: request.lanes } : {}) })),
      policy: policyOf(prepared),
      approvals,
      stream: sink,
      signal: request.signal,
      maxTurns: prepared.settings.agent.maxTurns,
      ...(request.steering !== false ? { steering: await agentSteering(prepared.workspace, prepared.settings, ports.home) } : {}),
      ...(request.files ? { files: request.files } : {}),
      context: await gatherContext(request.context ?? [], { workspace: prepared.workspace, task: null }),
      ...(prepared.profile ? { profile: prepared.profile } : {}),
      ...(request.mode ? { mode: request.mode } : {}),
      ...((request.userInput ?? ports.userInput) ? { userInput: (request.userInput ?? ports.userInput)! } : {}),
    });
  };

  /**
   * Hooks' commands run in `sandbox` under the agent's policy (a run's own, else the settings' as
   * they are now); their prompts fold under `hook:<name>` wherever the hooks report, by the run's
   * agent, else by one prepared afresh for the prompt, whose calls go in the usage ledger unless a
   * run the hooks report into logs them.
   */
  const hookWiring = async (workspace: string, approvals: ApprovalGate, emit: (event: ActivityEventInput) => void, sandbox: Sandbox, agent?: { prepared: PreparedAgent; tools: ToolBox }): Promise<HookWiring> => {
    const debounceMs = (await readHookSettings(workspace, home)).debounceMs;
    const policy = agent ? async () => agent.prepared.policy : async () => policyFor((await settingsFor(ports, workspace)).settings, workspace, sandbox);
    return {
      ...home,
      debounceMs,
      commandPolicy: async (command, cwd, env) => (await policy()).evaluate({ kind: 'command', command, cwd, ...(env ? { env } : {}) }),
      sandbox,
      approvals,
      runAgentPrompt: async (text, event, signal) => {
        const parent = { sink: { runId: `hook-${randomBytes(3).toString('hex')}`, emit }, parentId: `hook:${event.hook}` };
        // The files that set the hook off are what its prompt works on: their fileMatch steering starts with it.
        const files = event.paths.map((file) => ({ path: file, seenIn: 'hook' }));
        if (agent) return prompt(agent.prepared, { prompt: text, signal, parent, approvals, files }, agent.tools);
        const prepared = await prepareAgent(ports, { workspace, mcp: false });
        try {
          const model = attachedRun ? prepared.model : await metered(prepared.model, workspace, { source: 'hook', hook: event.hook });
          return await prompt(prepared, { prompt: text, signal, parent, approvals, files }, undefined, model);
        } finally {
          await prepared.release();
        }
      },
    };
  };

  /**
   * A prompt logged as a run of its own (a chat): `run_started` with `chat`, its steps, `run_finished`,
   * in the runs folder beside the task runs, so `runs list` and `runs show` find it.
   */
  const recordedPrompt = async (prepared: PreparedAgent, request: PromptRequest): Promise<PromptResult> => {
    const stream = new ActivityStream(newRunId());
    const log = new RunLog(ports.storage.runsDir(prepared.workspace), stream.runId);
    stream.subscribe((event) => log.append(event));
    if (request.onEvent) stream.subscribe(request.onEvent);
    stream.emit({
      type: 'run_started',
      workspace: prepared.workspace,
      model: prepared.model.model,
      ...(prepared.profile ? { agent: prepared.profile.name } : {}),
      autonomy: prepared.policy.autonomyLevel,
      mode: request.mode ?? 'autonomous',
      tasks: [],
      sandbox: prepared.sandbox.status,
      chat: { prompt: request.prompt, ...(request.images?.length ? { images: imageNotes(request.images) } : {}) },
    });
    let result: PromptResult | null = null;
    // The custom agent's own hooks (its file's `hooks`) run for its chat as for its task runs.
    const profile = prepared.profile;
    const approvals = request.approvals ?? ports.approvals;
    const runTools = profile?.hooks ? await tools(prepared, request.toolBoxes ?? [], { runId: stream.runId, approvals, ...(request.lanes ? { lanes: request.lanes } : {}) }) : undefined;
    try {
      const chat = (hooks?: AgentHooks) => prompt(prepared, request, runTools, prepared.model, stream, hooks);
      result = runTools ? await withProfileHooks(profile, { prepared, tools: runTools }, approvals, (event) => stream.emit(event), request.prompt, request.signal, chat) : await chat();
      return { ...result, logFile: log.file };
    } finally {
      const outcome = result === null ? (request.signal.aborted ? 'stopped' : 'failed') : result.status === 'done' ? 'completed' : result.status;
      const summary = result ? `${firstLine(result.output).slice(0, 200)} ${formatTokenCount(totalTokens(result.usage))} tokens, ${formatCost(result.usage.costUsd)}.` : 'The chat ended on an error.';
      stream.emit({ type: 'run_finished', outcome, summary, completedTasks: [] });
    }
  };

  /**
   * `body` with a custom agent's own hooks (its file's `hooks`) around it, for a chat or a sub-agent:
   * agentSpawn and userPromptSubmit before, preToolUse and postToolUse through `body`'s hooks, stop
   * after. Without a profile that has hooks, `body` alone.
   */
  async function withProfileHooks<T>(
    profile: AgentProfile | undefined,
    agent: { prepared: PreparedAgent; tools: ToolBox },
    approvals: ApprovalGate,
    emit: (event: ActivityEventInput) => void,
    promptText: string,
    signal: AbortSignal,
    body: (hooks: AgentHooks | undefined) => Promise<T>,
  ): Promise<T> {
    if (!profile?.hooks) return body(undefined);
    const { prepared } = agent;
    const definitions = agentHookDefinitions(profile.name, profile.hooks.file, profile.hooks.specs);
    const agentHooks = startAgentHooks(prepared.workspace, definitions, await hookWiring(prepared.workspace, approvals, emit, prepared.sandbox, agent), emit);
    try {
      await agentHooks.dispatchAgentEvent({ trigger: 'SessionStart' });
      await agentHooks.dispatchAgentEvent({ trigger: 'UserPromptSubmit', prompt: promptText });
      return await body(agentHooks);
    } finally {
      await agentHooks.dispatchAgentEvent({ trigger: 'Stop' }).catch(() => undefined);
      if (!signal.aborted) await agentHooks.whenIdle();
      await agentHooks.dispose();
    }
  }

  const services: Omit<RunServices, 'lanes'> = {
    tools,
    policy: policyOf,
    hookWiring: (prepared, runTools, approvals, stream) => hookWiring(prepared.workspace, approvals, (event) => stream.emit(event), prepared.sandbox, { prepared, tools: runTools }),
  };

  return {
    prepare: (request) => prepareAgent(ports, request),

    start(prepared, request) {
      const abort = new AbortController();
      running.add(abort);
      const signal = request.signal ? AbortSignal.any([request.signal, abort.signal]) : abort.signal;
      const stream = new ActivityStream(newRunId());
      const lanes = new RunningLanes();
      const control = new RunControl();
      const finished = executeRun(runPorts, { ...services, lanes }, prepared, request, stream, signal, control).finally(() => running.delete(abort));
      // The caller awaits `finished`; this keeps an early failure from counting as unhandled until then.
      finished.catch(() => undefined);
      return {
        runId: stream.runId,
        stop: (reason) => abort.abort(new Error(reason ?? 'Stopped by the user.')),
        stopSubagent: (subagentId, reason) => lanes.stop(subagentId, reason),
        compact: (focus) => !signal.aborted && control.compact(focus),
        finished,
      };
    },

    verify(prepared, request) {
      const abort = new AbortController();
      running.add(abort);
      const signal = request.signal ? AbortSignal.any([request.signal, abort.signal]) : abort.signal;
      const stream = new ActivityStream(newRunId());
      const services = {
        runsDir: ports.storage.runsDir(prepared.workspace),
        builtinTools,
        policy: policyOf(prepared),
        approvals: ports.approvals,
        steering: () => agentSteering(prepared.workspace, prepared.settings, ports.home),
        budget: tightestBudget(prepared.settings.agent.budget, ports.preferences?.().budget ?? {}),
        spentTodayUsd: () => spentToday(ports, prepared.workspace, ports.storage.runsDir(prepared.workspace)),
      };
      const finished = executeVerify(services, prepared, request, stream, signal).finally(() => running.delete(abort));
      finished.catch(() => undefined);
      return { runId: stream.runId, stop: (reason) => abort.abort(new Error(reason ?? 'Stopped by the user.')), finished };
    },

    generateSteering(prepared, request) {
      const abort = new AbortController();
      running.add(abort);
      const signal = request.signal ? AbortSignal.any([request.signal, abort.signal]) : abort.signal;
      const stream = new ActivityStream(newRunId());
      const services = {
        runsDir: ports.storage.runsDir(prepared.workspace),
        builtinTools,
        policy: policyOf(prepared),
        approvals: ports.approvals,
        steering: () => agentSteering(prepared.workspace, prepared.settings, ports.home),
      };
      const finished = executeSteeringStarters(services, prepared, request, stream, signal).finally(() => running.delete(abort));
      finished.catch(() => undefined);
      return { runId: stream.runId, stop: (reason) => abort.abort(new Error(reason ?? 'Stopped by the user.')), finished };
    },

    planResume: (workspace, spec) => planResume(ports.storage.runsDir(workspace), spec),

    async runPrompt(prepared, request) {
      const abort = new AbortController();
      running.add(abort);
      try {
        const signalled = { ...request, signal: AbortSignal.any([request.signal, abort.signal]) };
        return request.record && !request.parent ? await recordedPrompt(prepared, signalled) : await prompt(prepared, signalled);
      } finally {
        running.delete(abort);
      }
    },

    async textModel(workspace, options = {}) {
      const loaded = workspace === null ? null : await settingsFor(ports, workspace);
      const provider = await modelFor(ports, loaded?.settings ?? null, options.model);
      return workspace !== null && options.use ? metered(provider, workspace, options.use) : provider;
    },

    async startHooks(request) {
      const approvals = request.approvals ?? ports.approvals;
      const sandbox = ports.sandbox ?? (await sandboxFor(ports, request.workspace));
      const release = ports.sandbox ? async () => undefined : () => sandbox.dispose();
      let hooks: WorkspaceHooks;
      try {
        hooks = await startHooks(request, await hookWiring(request.workspace, approvals, request.emit, sandbox));
      } catch (error) {
        await release();
        throw error;
      }
      return {
        ...hooks,
        close: async () => {
          await hooks.close();
          await release();
        },
      };
    },

    stopAll(reason = 'Stopped.') {
      for (const abort of running) abort.abort(new Error(reason));
    },
  };
}

/** The run's policy as the prepared agent's profile sees it (a custom agent's rules over it). */
function policyOf(prepared: PreparedAgent): ActionPolicy {
  const profile = prepared.profile;
  return profile?.policy ? profile.policy(prepared.policy, prepared.policy.mode) : prepared.policy;
}

/** A prompt's events: into its parent's, folded under the parent step, or into a stream of its own. */
function promptSink(request: PromptRequest): EventSink {
  const { parent } = request;
  if (parent) {
    return { runId: `${parent.sink.runId}-${randomBytes(3).toString('hex')}`, emit: (input) => parent.sink.emit({ ...input, parentId: parent.parentId }) };
  }
  const stream = new ActivityStream(newRunId());
  if (request.onEvent) stream.subscribe(request.onEvent);
  return stream;
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

function newRunId(): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${Math.random().toString(36).slice(2, 8)}`;
}
