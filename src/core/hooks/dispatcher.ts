import { promises as fs, realpathSync } from 'node:fs';
import * as path from 'node:path';
import type { ActivityEventInput } from '../activity';
import type { ApprovalGate } from '../approvals';
import { runCommand } from '../process';
import type { CommandWrapper } from '../sandbox';
import { HookLane, type HookBatch } from './hookLane';
import { WorkspaceIgnore } from './ignoreRules';
import { hookWantsAgentEvent, matcherAcceptsPath } from './matching';
import { FILE_EVENT_TRIGGER, isBlockingTrigger, type AgentEvent, type AgentEventOutcome, type FileEvent, type Hook, type HookEvent, type HookRunResult, type HookTrigger } from './model';
import { runHookAction, type CommandPolicy, type RunAgentPrompt, type RunCommandPort } from './runAction';
import { RunLedger } from './runLedger';

/** Quiet time after the last matching change before a hook runs (Kiro-like; `hooks.debounceMs` in settings). */
export const DEFAULT_DEBOUNCE_MS = 300;

export interface HookDispatcherOptions {
  workspace: string;
  hooks?: Hook[];
  /** Untrusted workspaces run nothing: each hook that would have fired says so once. */
  trusted: boolean;
  /** How to trust the workspace in this host, appended to the untrusted notice. */
  trustHint?: string;
  debounceMs?: number;
  commandPolicy: CommandPolicy;
  /** Asked when the policy says "ask" about a hook's command. */
  approvals?: ApprovalGate;
  runAgentPrompt?: RunAgentPrompt;
  emit?: (event: ActivityEventInput) => void;
  runCommand?: RunCommandPort;
  /** What disk changes never fire hooks; defaults to the workspace's .gitignore files plus .git, node_modules, run state. */
  ignore?: WorkspaceIgnore;
  /** Where hook commands run: the host's sandbox (src/core/sandbox), or `unsandboxed(…)` saying why not. */
  sandbox: CommandWrapper;
}

/**
 * Turns file and agent events into hook runs. Per hook: debounced and coalesced (a burst of saves is
 * one run with every path), one run at a time with later triggers queued once, and never fired by
 * its own changes (see RunLedger). Everything is reported as ActivityEvents.
 */
export class HookDispatcher {
  private hooks: Hook[];
  private readonly lanes = new Map<string, HookLane>();
  private readonly ledger = new RunLedger();
  /** Paths the editor or agent reported, with when: the watcher's sighting of the same change is a duplicate. */
  private readonly reported = new Map<string, number>();
  private readonly untrustedNoticeGiven = new Set<string>();
  private readonly stop = new AbortController();
  /** One controller per action in progress, so a person can stop what runs without ending the dispatcher. */
  private readonly running = new Set<AbortController>();
  private readonly emit: (event: ActivityEventInput) => void;
  private readonly debounceMs: number;
  private readonly workspaceReal: string;
  private readonly ignore: WorkspaceIgnore;
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly options: HookDispatcherOptions) {
    this.hooks = options.hooks ?? [];
    this.emit = options.emit ?? (() => {});
    this.debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
    this.workspaceReal = realpathOr(options.workspace);
    this.ignore = options.ignore ?? WorkspaceIgnore.forWorkspace(options.workspace);
  }

  get trusted(): boolean {
    return this.options.trusted;
  }

  /** Replaces the hook definitions (after a hook file changed); runs in progress finish as they were. */
  setHooks(hooks: Hook[]): void {
    this.hooks = hooks;
    const ids = new Set(hooks.map((h) => h.id));
    for (const hook of hooks) {
      const lane = this.lanes.get(hook.id);
      if (lane) lane.hook = hook;
    }
    for (const [id, lane] of this.lanes) if (!ids.has(id)) lane.clearPending((name) => notRun(name, 'the hook was removed'));
    this.checkIdle();
  }

  /**
   * A change reported by the editor (a save) or the agent (its own write). An editor save is a
   * person's and fires hooks even during a hook's run; an agent write tagged `causedByHook` never
   * fires that hook (or the hooks that led to it); an untagged agent write is judged by time.
   */
  notifyFileEvent(event: FileEvent): void {
    const relative = this.relative(event.path);
    if (relative === null) return;
    this.rememberReported(relative);
    for (const lane of this.lanes.values()) lane.dropWatcherSighting(relative);
    if (event.causedByHook) return this.offerFileChange(event.kind, relative, event.source, this.ledger.chainOfActiveRun(event.causedByHook), 'host');
    if (event.source === 'user') return this.offerFileChange(event.kind, relative, 'user', new Set(), 'host');
    this.track(this.causesOf(event.kind, this.absolute(relative)).then((chain) => this.offerFileChange(event.kind, relative, 'agent', chain, 'host')));
  }

  /** A change the file watcher saw. Its author is unknown: a hook's run, if one was active when it happened, else the user. */
  reportDiskChange(kind: FileEvent['kind'], absolutePath: string): void {
    const relative = this.relative(absolutePath);
    if (relative === null) return;
    // A host's watcher (VS Code's) sees everything: what is ignored fires nothing, as with ours.
    this.ignore.noteChange(relative);
    if (this.ignore.ignores(relative, false) || this.wasReported(relative)) return;
    this.track(
      this.causesOf(kind, absolutePath).then((chain) => {
        if (!this.wasReported(relative)) this.offerFileChange(kind, relative, 'user', chain, 'watcher');
      }),
    );
  }

  /** Runs the hooks for an agent event; Pre* hooks that fail block the action (`blocked: true`). */
  async dispatchAgentEvent(event: AgentEvent): Promise<AgentEventOutcome> {
    const wanted = this.hooks.filter((h) => hookWantsAgentEvent(h, event));
    if (!wanted.length) return { blocked: false, results: [] };
    if (!this.options.trusted) return { blocked: false, results: wanted.map((h) => this.refuseUntrusted(h)) };
    const blocking = isBlockingTrigger(event.trigger);
    const results = await Promise.all(
      wanted.map((hook) => this.submit(hook, { trigger: event.trigger, paths: new Map(), agentEvent: event, manual: false, chain: new Set(), mergeable: !blocking, waiters: [] })),
    );
    const blocker = blocking ? results.find((r) => !r.ok) : undefined;
    return blocker ? { blocked: true, reason: `Hook "${blocker.hook}" blocked this: ${blocker.output || 'it failed'}`, results } : { blocked: false, results };
  }

  /** Runs one hook now (by hand: `hooks run`, a button), with the given paths or agent event. */
  runHook(hook: Hook, options: { paths?: string[]; agentEvent?: AgentEvent } = {}): Promise<HookRunResult> {
    if (!this.options.trusted) return Promise.resolve(this.refuseUntrusted(hook));
    const paths = new Map((options.paths ?? []).map((p) => [this.relative(p) ?? p, 'host' as const]));
    const trigger: HookTrigger = options.agentEvent?.trigger ?? hook.trigger;
    return this.submit(hook, { trigger, paths, ...(options.agentEvent ? { agentEvent: options.agentEvent } : {}), manual: true, chain: new Set(), mergeable: false, waiters: [] });
  }

  /** Resolves when nothing is gathering, queued or running (for tests, and to exit cleanly). */
  whenIdle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.checkIdle();
    });
  }

  /**
   * Stops the hook runs in progress (their commands are killed, their agents aborted) and drops the
   * ones waiting to start; later events fire hooks as usual. Resolves with how many runs were
   * stopped or dropped, once the stopped ones have ended.
   */
  async stopRuns(reason = 'stopped by the user'): Promise<number> {
    let dropped = 0;
    for (const lane of this.lanes.values()) dropped += lane.clearPending((name) => notRun(name, reason));
    const stopping = [...this.running];
    for (const controller of stopping) controller.abort(new Error(reason));
    this.checkIdle();
    if (stopping.length) await this.whenIdle();
    return stopping.length + dropped;
  }

  /** Stops running actions, drops pending runs, and waits for the running ones to end. */
  async dispose(): Promise<void> {
    for (const lane of this.lanes.values()) lane.clearPending((name) => notRun(name, 'hooks were stopped'));
    this.stop.abort(new Error('hooks stopped'));
    await this.whenIdle();
  }

  private offerFileChange(kind: FileEvent['kind'], relative: string, source: 'user' | 'agent', chain: Set<string>, via: 'watcher' | 'host'): void {
    if (this.stop.signal.aborted) return;
    const trigger = FILE_EVENT_TRIGGER[kind];
    for (const hook of this.hooks) {
      if (!hook.enabled || hook.trigger !== trigger || chain.has(hook.name)) continue;
      if (hook.source !== 'both' && hook.source !== source) continue;
      if (!matcherAcceptsPath(hook.matcher, relative)) continue;
      if (!this.options.trusted) {
        this.refuseUntrusted(hook);
        continue;
      }
      this.gather(this.laneFor(hook), { trigger, paths: new Map([[relative, via]]), manual: false, chain: new Set(chain), mergeable: true, waiters: [] });
    }
  }

  /** Debounce: each change restarts the quiet period, but a steady stream still runs after ten periods (at least 1 s). */
  private gather(lane: HookLane, batch: HookBatch): void {
    const now = Date.now();
    const gathering = lane.gathering;
    if (gathering) {
      clearTimeout(gathering.timer);
      for (const [p, via] of batch.paths) if (gathering.batch.paths.get(p) !== 'host') gathering.batch.paths.set(p, via);
      for (const name of batch.chain) gathering.batch.chain.add(name);
    }
    const firstAt = gathering?.firstAt ?? now;
    const target = gathering?.batch ?? batch;
    const maxWait = Math.max(this.debounceMs * 10, 1000);
    const delay = Math.max(0, Math.min(this.debounceMs, firstAt + maxWait - now));
    const timer = setTimeout(() => {
      lane.gathering = null;
      if (target.paths.size) this.start(lane, target);
      else this.checkIdle();
    }, delay);
    lane.gathering = { batch: target, timer, firstAt };
  }

  private submit(hook: Hook, batch: HookBatch): Promise<HookRunResult> {
    return new Promise((resolve) => {
      batch.waiters.push(resolve);
      this.start(this.laneFor(hook), batch);
    });
  }

  private start(lane: HookLane, batch: HookBatch): void {
    if (lane.running) return lane.enqueue(batch);
    lane.running = true;
    void this.execute(lane.hook, batch).then(() => {
      lane.running = false;
      const next = lane.queue.shift();
      if (next) this.start(lane, next);
      else this.checkIdle();
    });
  }

  private async execute(hook: Hook, batch: HookBatch): Promise<void> {
    const event: HookEvent = {
      hook: hook.name,
      trigger: batch.trigger,
      paths: [...batch.paths.keys()].sort(),
      manual: batch.manual,
      workspace: this.options.workspace,
      ...agentFields(batch.agentEvent),
    };
    this.emit({ type: 'hook_started', hook: hook.name, trigger: batch.manual ? `${batch.trigger} (manual)` : batch.trigger, paths: event.paths });
    const finished = this.ledger.begin(hook.name, batch.chain);
    const run = new AbortController();
    this.running.add(run);
    let outcome;
    try {
      outcome = await runHookAction(hook, event, {
        workspace: this.options.workspace,
        commandPolicy: this.options.commandPolicy,
        ...(this.options.approvals ? { approvals: this.options.approvals } : {}),
        ...(this.options.runAgentPrompt ? { runAgentPrompt: this.options.runAgentPrompt } : {}),
        runCommand: this.options.runCommand ?? runCommand,
        sandbox: this.options.sandbox,
        // The run's own steps fold under it (as an agent hook's steps do, under the same id).
        emit: (input) => this.emit(input.parentId === undefined ? { ...input, parentId: hookStepParent(hook.name) } : input),
        signal: AbortSignal.any([this.stop.signal, run.signal]),
      });
    } finally {
      this.running.delete(run);
      finished();
    }
    this.emit({ type: 'hook_finished', hook: hook.name, ok: outcome.ok, output: clip(outcome.output, 4000) });
    const result: HookRunResult = { hook: hook.name, ...outcome };
    for (const waiter of batch.waiters) waiter(result);
  }

  private refuseUntrusted(hook: Hook): HookRunResult {
    const reason = `Hook "${hook.name}" did not run: this workspace is not trusted, so its hooks run nothing${this.options.trustHint ? ` (${this.options.trustHint})` : ''}.`;
    if (!this.untrustedNoticeGiven.has(hook.name)) {
      this.untrustedNoticeGiven.add(hook.name);
      this.emit({ type: 'error', code: 'hook_untrusted', message: reason });
    }
    return notRun(hook.name, reason);
  }

  /** The hooks whose runs made this change, judged by the file's ctime (see RunLedger). */
  private async causesOf(kind: FileEvent['kind'], absolutePath: string): Promise<Set<string>> {
    const arrived = Date.now();
    if (kind === 'delete') return this.ledger.causesOf(null, arrived);
    try {
      return this.ledger.causesOf((await fs.stat(absolutePath)).ctimeMs, arrived);
    } catch {
      return this.ledger.causesOf(null, arrived);
    }
  }

  private laneFor(hook: Hook): HookLane {
    let lane = this.lanes.get(hook.id);
    if (!lane) this.lanes.set(hook.id, (lane = new HookLane(hook)));
    return lane;
  }

  private track(work: Promise<void>): void {
    this.inFlight++;
    void work.finally(() => {
      this.inFlight--;
      this.checkIdle();
    });
  }

  private checkIdle(): void {
    if (this.inFlight > 0 || [...this.lanes.values()].some((l) => l.busy)) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private rememberReported(relative: string): void {
    const now = Date.now();
    this.reported.set(relative, now);
    if (this.reported.size > 1000) for (const [p, at] of this.reported) if (now - at > DUPLICATE_WINDOW_MS) this.reported.delete(p);
  }

  private wasReported(relative: string): boolean {
    const at = this.reported.get(relative);
    return at !== undefined && Date.now() - at < DUPLICATE_WINDOW_MS;
  }

  /** Workspace-relative with forward slashes, or null for paths outside the workspace. */
  private relative(filePath: string): string | null {
    const absolute = path.resolve(this.options.workspace, filePath);
    for (const root of [this.options.workspace, this.workspaceReal]) {
      const rel = path.relative(root, absolute);
      if (rel && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel)) return rel.split(path.sep).join('/');
    }
    return null;
  }

  private absolute(relative: string): string {
    return path.join(this.options.workspace, relative);
  }
}

/** The parentId of a hook run's steps: its command's events, its approvals, its agent's steps. */
function hookStepParent(hook: string): string {
  return `hook:${hook}`;
}

/** The editor's or agent's report of a change and the watcher's sighting of it arrive within this window. */
const DUPLICATE_WINDOW_MS = 1500;

function agentFields(event: AgentEvent | undefined): Partial<HookEvent> {
  if (!event) return {};
  return {
    ...(event.tool !== undefined ? { tool: event.tool } : {}),
    ...(event.toolInput !== undefined ? { toolInput: event.toolInput } : {}),
    ...(event.toolResult ? { toolResult: event.toolResult } : {}),
    ...(event.task ? { task: event.task } : {}),
    ...(event.prompt !== undefined ? { prompt: event.prompt } : {}),
  };
}

function notRun(hook: string, reason: string): HookRunResult {
  return { hook, ran: false, ok: false, output: reason };
}

function realpathOr(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
